/**
 * The seeds' config files read as they are: seed 001's `rotation_bot_config.json` (edgeX + Lighter, Python) and
 * seed 003's `config.json` (Extended + Pacifica, Rust). Every key of theirs is either mapped onto ours (same meaning,
 * maybe another name), converted (a different meaning: the note says how it is read here), ignored with the reason
 * (a display or transport knob this bot does not have), or refused (a value this bot cannot honour). Keys neither
 * seed nor this bot knows are listed as warnings and dropped. A file with none of the seeds' keys is ours and stays
 * strict: there an unknown key is a typo and an error.
 */

export type SeedFormat = 'seed 001' | 'seed 003';

export interface ConfigNote {
  /** The key as written in the file (dotted for nested keys). */
  key: string;
  /** `mapped`: renamed onto ours; `converted`: read with another meaning; `ignored`/`unknown`: dropped. */
  kind: 'mapped' | 'converted' | 'ignored' | 'unknown';
  message: string;
}

export interface ConfigRefusal {
  key: string;
  message: string;
}

export interface SeedTranslation {
  format?: SeedFormat;
  config: Record<string, unknown>;
  notes: ConfigNote[];
  refusals: ConfigRefusal[];
}

/** Top-level keys only seed 001 writes (its README table, its example file and its later `bot_config.json`). */
const SEED_001_MARKERS = [
  'quote',
  'max_position_count',
  'enable_pnl_tracking',
  'enable_health_monitoring',
  'min_volume_usd',
  'max_spread_pct',
];
/** Seed 003's sections (ours has `filters` too, with the same keys). */
const SEED_003_MARKERS = ['trading', 'display', 'performance', 'notes'];

/** Seed 001 documents its file with `comment_`, `comment2_`, … keys; `_comment` is the common JSON idiom. */
const isComment = (k: string) => /^comment\d*_?$/i.test(k) || k.startsWith('_');

/** Our top-level keys (the schema's), passed through untouched in a seed file. */
export type NativeKeys = ReadonlySet<string>;

export function seedFormatOf(raw: Record<string, unknown>): SeedFormat | 'both' | undefined {
  const k = Object.keys(raw);
  const s1 = k.some((x) => SEED_001_MARKERS.includes(x) || isComment(x));
  const s3 = k.some((x) => SEED_003_MARKERS.includes(x));
  return s1 && s3 ? 'both' : s1 ? 'seed 001' : s3 ? 'seed 003' : undefined;
}

/**
 * `raw` (the merged file + environment object) translated onto our keys. Native files come back unchanged with no
 * notes. The input is not modified.
 */
export function translateSeedConfig(raw: unknown, native: NativeKeys): SeedTranslation {
  if (!isObject(raw)) return { config: raw as Record<string, unknown>, notes: [], refusals: [] };
  const format = seedFormatOf(raw);
  if (!format) return { config: raw, notes: [], refusals: [] };
  const t = new Translator(raw, native);
  if (format === 'both') {
    t.refuse(
      '(file)',
      `mixes seed 001 keys (${SEED_001_MARKERS.filter((k) => k in raw).join(', ') || 'comment_'}) and seed 003 sections (${SEED_003_MARKERS.filter((k) => k in raw).join(', ')}): start from one seed's file`,
    );
    return t.result();
  }
  if (format === 'seed 001') t.seed001();
  else t.seed003();
  return { ...t.result(), format };
}

class Translator {
  readonly out: Record<string, unknown> = {};
  readonly notes: ConfigNote[] = [];
  readonly refusals: ConfigRefusal[] = [];
  private readonly handled = new Set<string>();

  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly native: NativeKeys,
  ) {}

  result(): Omit<SeedTranslation, 'format'> {
    return { config: this.out, notes: this.notes, refusals: this.refusals };
  }

  refuse(key: string, message: string): void {
    this.refusals.push({ key, message });
  }

  private note(key: string, kind: ConfigNote['kind'], message: string): void {
    this.notes.push({ key, kind, message });
  }

  /** Sets one of our keys (dotted: `filters.x`) unless the file sets it under our own name, which wins. */
  private set(ours: string, value: unknown, from: string): boolean {
    const [head, tail] = ours.split('.') as [string, string | undefined];
    if (tail === undefined) {
      if (head in this.raw && head !== from) {
        this.note(from, 'ignored', `${from} ignored: the file also sets ${ours}, which wins`);
        return false;
      }
      this.out[head] = value;
      return true;
    }
    const section = (this.out[head] ??= {}) as Record<string, unknown>;
    const own = this.raw[head];
    if (isObject(own) && tail in own && `${head}.${tail}` !== from) {
      this.note(from, 'ignored', `${from} ignored: the file also sets ${ours}, which wins`);
      return false;
    }
    section[tail] = value;
    return true;
  }

  private map(from: string, ours: string, value: unknown, why = ''): void {
    if (this.set(ours, value, from)) this.note(from, 'mapped', `${from} → ${ours}${why ? ` (${why})` : ''}`);
  }

  /** Our own keys in the file pass through as written (their values are validated by the schema). */
  private passNative(): void {
    for (const [k, v] of Object.entries(this.raw)) {
      if (this.handled.has(k) || !this.native.has(k)) continue;
      if (k === 'filters' && isObject(v)) {
        const section = (this.out.filters ??= {}) as Record<string, unknown>;
        Object.assign(section, v);
      } else {
        this.out[k] = v;
      }
      this.handled.add(k);
    }
  }

  private rest(seedName: string): void {
    for (const k of Object.keys(this.raw)) {
      if (this.handled.has(k)) continue;
      if (isComment(k)) continue;
      this.note(k, 'unknown', `${k}: not a ${seedName} key this bot knows; ignored`);
    }
  }

  private defaultVenues(venues: string[], seedName: string): void {
    if ('venues' in this.raw) return;
    this.out.venues = venues;
    this.note(
      'venues',
      'converted',
      `venues not in the file: ${seedName} trades ${venues.join(' + ')}, so venues = ${JSON.stringify(venues)}`,
    );
  }

  seed001(): void {
    const r = this.raw;
    const take = (k: string) => {
      this.handled.add(k);
      return r[k];
    };
    if ('min_net_apr_threshold' in r) {
      this.map(
        'min_net_apr_threshold',
        'filters.min_net_apr_pct',
        take('min_net_apr_threshold'),
        'percent; here after fees, slippage, basis and the funding haircut',
      );
    }
    if ('min_volume_usd' in r) {
      this.map(
        'min_volume_usd',
        'filters.min_combined_volume_usd',
        take('min_volume_usd'),
        'both venues’ 24 h volume summed',
      );
    }
    if ('max_spread_pct' in r) {
      this.map(
        'max_spread_pct',
        'filters.max_cross_exchange_spread_pct',
        take('max_spread_pct'),
        'the two venues’ mids, percent',
      );
    }
    if ('stop_loss_percent' in r) {
      const v = take('stop_loss_percent');
      if (this.set('stop_loss_pct_of_notional', v, 'stop_loss_percent')) {
        this.note(
          'stop_loss_percent',
          'converted',
          `stop_loss_percent ${String(v)} → stop_loss_pct_of_notional ${String(v)}: seed 001 fired when either LEG lost ` +
            'this percent of its notional; here the PAIR’s summed loss is judged (one leg’s loss is the other’s gain) and ' +
            'a leg near its liquidation price is closed by min_liquidation_distance_pct',
        );
      }
    }
    if ('quote' in r) {
      const q = take('quote');
      if (typeof q === 'string' && /^USDC?$/i.test(q.trim())) {
        this.note('quote', 'ignored', `quote "${q}": every venue here settles in USD(C); nothing to set`);
      } else {
        this.refuse(
          'quote',
          `quote ${JSON.stringify(q)} is not supported: every market traded here is quoted in USD (use "USD")`,
        );
      }
    }
    if ('max_position_count' in r) {
      const n = take('max_position_count');
      if (n === 1 || n === '1') {
        this.note(
          'max_position_count',
          'ignored',
          'max_position_count 1: this bot holds one pair at a time; nothing to set',
        );
      } else {
        this.refuse(
          'max_position_count',
          `max_position_count ${JSON.stringify(n)} is not supported: this bot holds one pair at a time (use 1)`,
        );
      }
    }
    for (const k of ['enable_pnl_tracking', 'enable_health_monitoring'] as const) {
      if (!(k in r)) continue;
      const v = take(k);
      const what =
        k === 'enable_pnl_tracking'
          ? 'every cycle’s funding, fees and price PnL are always recorded'
          : 'the held pair is always checked every check_interval_seconds (stop-loss, liquidation guard, hedge)';
      this.note(k, 'ignored', v === false ? `${k} false is ignored: ${what}` : `${k}: ${what}; nothing to set`);
    }
    this.passNative();
    this.defaultVenues(['edgex', 'lighter'], 'seed 001');
    this.rest('seed 001');
  }

  seed003(): void {
    const r = this.raw;
    const trading = r.trading;
    this.handled.add('trading');
    if (trading !== undefined && !isObject(trading)) {
      this.refuse('trading', 'trading must be an object ({ "max_position_size_usd": …, "hold_time_hours": … })');
    } else if (isObject(trading)) {
      for (const [k, v] of Object.entries(trading)) {
        const key = `trading.${k}`;
        if (k === 'max_position_size_usd') {
          // Seed 003 sizes at its cap (95 % of the smaller available capital, capped here): ours targets
          // notional_per_position under max_position_size_usd, so both take the seed's value.
          this.map(key, 'max_position_size_usd', v, 'USD per leg');
          if (!('notional_per_position' in r)) {
            this.out.notional_per_position = v;
            this.note(
              key,
              'converted',
              `${key} ${String(v)} is also the target notional_per_position: seed 003 opens at its cap when the margin allows`,
            );
          }
        } else if (k === 'hold_time_hours') {
          this.map(key, 'hold_duration_hours', v);
        } else {
          this.note(key, 'unknown', `${key}: not a seed 003 key this bot knows; ignored`);
        }
      }
    }
    const ignored: Record<string, string> = {
      'display.max_opportunities_shown': 'the scan table shows every pair with the reason it was filtered',
      'display.show_filtered_out_count': 'the scan table shows every pair with the reason it was filtered',
      'performance.fetch_timeout_seconds': 'each connector has its own request timeouts',
      'performance.rate_limit_delay_ms': 'each connector paces requests by the venue’s published rate limits',
    };
    for (const section of ['display', 'performance'] as const) {
      this.handled.add(section);
      const v = r[section];
      if (v === undefined) continue;
      if (!isObject(v)) {
        this.note(section, 'unknown', `${section}: not an object; ignored`);
        continue;
      }
      for (const k of Object.keys(v)) {
        const key = `${section}.${k}`;
        const why = ignored[key];
        this.note(
          key,
          why ? 'ignored' : 'unknown',
          why ? `${key} ignored: ${why}` : `${key}: not a seed 003 key this bot knows; ignored`,
        );
      }
    }
    // Free text documenting the keys: read by people, not by the bot.
    this.handled.add('notes');
    const filters = r.filters;
    if (isObject(filters)) {
      const known = new Set([
        'min_combined_volume_usd',
        'max_intra_exchange_spread_pct',
        'max_cross_exchange_spread_pct',
        'min_net_apr_pct',
      ]);
      const kept: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(filters)) {
        if (known.has(k)) kept[k] = v;
        else this.note(`filters.${k}`, 'unknown', `filters.${k}: not a seed 003 key this bot knows; ignored`);
      }
      this.out.filters = { ...((this.out.filters as Record<string, unknown>) ?? {}), ...kept };
      this.handled.add('filters');
    }
    this.passNative();
    this.defaultVenues(['extended', 'pacifica'], 'seed 003');
    this.rest('seed 003');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

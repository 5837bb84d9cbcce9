import type { VenueName } from '@dn/connect';
import { Decimal, type Market, type Position } from '@dn/core';
import { table } from '../format.js';
import { legs, type PairContext } from '../pair.js';
import { type CommandResult, ok } from '../result.js';

export interface LeverageRow {
  symbol: string;
  /** Per venue: the market's maximum, and the leverage of an open position (the venues report it with one only). */
  venues: Partial<Record<VenueName, { max: Decimal; current?: Decimal } | { missing: string }>>;
  /** The configured leverage capped by both maxima: what `open` would use. */
  effective?: Decimal;
  note?: string;
}

/**
 * `check_leverage`: maximum and current leverage per market on both venues, and what the configured leverage becomes
 * on each (capped by the lower maximum). Symbols: `--symbols`, else the config's `symbols`, else the configured one.
 */
export async function checkLeverageCommand(ctx: PairContext, symbols?: readonly string[]): Promise<CommandResult> {
  const pair = legs(ctx);
  const data = await Promise.all(
    pair.map(async (leg) => {
      const [markets, positions] = await Promise.all([leg.venue.getMarkets(), leg.venue.getPositions()]);
      return { leg, markets: new Map(markets.map((m) => [m.symbol, m])), positions };
    }),
  );
  const list = [...new Set((symbols ?? ctx.config.symbols ?? [ctx.config.symbol]).map((s) => s.toUpperCase()))];
  const wanted = ctx.config.leverage;
  const rows: LeverageRow[] = list.map((symbol) => {
    const row: LeverageRow = { symbol, venues: {} };
    const maxima: Decimal[] = [];
    const notes: string[] = [];
    for (const { leg, markets, positions } of data) {
      const m: Market | undefined = markets.get(symbol);
      if (!m) {
        row.venues[leg.name] = { missing: 'not listed' };
        notes.push(`not listed on ${leg.name}`);
        continue;
      }
      const current = positions.find((p: Position) => p.symbol === symbol && !p.size.isZero())?.leverage;
      row.venues[leg.name] = { max: m.maxLeverage, ...(current ? { current } : {}) };
      maxima.push(m.maxLeverage);
      if (!m.active) notes.push(`inactive on ${leg.name}`);
      if (wanted.gt(m.maxLeverage)) notes.push(`${wanted}x is above ${leg.name}'s maximum`);
    }
    if (maxima.length === pair.length) row.effective = Decimal.min(wanted, ...maxima);
    if (notes.length > 0) row.note = notes.join('; ');
    return row;
  });
  const cell = (r: LeverageRow, v: VenueName, k: 'max' | 'current') => {
    const x = r.venues[v];
    if (!x || 'missing' in x) return '–';
    const d = x[k];
    return d ? `${d.toFixed()}x` : '–';
  };
  const [a, b] = pair;
  const text = table(
    ['symbol', `${a.name} max`, `${a.name} now`, `${b.name} max`, `${b.name} now`, 'open uses', 'note'],
    rows.map((r) => [
      r.symbol,
      cell(r, a.name, 'max'),
      cell(r, a.name, 'current'),
      cell(r, b.name, 'max'),
      cell(r, b.name, 'current'),
      r.effective ? `${r.effective.toFixed()}x` : '–',
      r.note ?? '',
    ]),
  );
  return ok(
    { command: 'check_leverage', configured: wanted, rows },
    `[${ctx.modeLabel}] leverage (configured ${wanted}x; "now" is the leverage of an open position, the venues report it with one only)\n\n${text}`,
  );
}

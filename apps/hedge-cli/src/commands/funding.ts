import type { VenueName } from '@dn/connect';
import { Decimal, errorSummary } from '@dn/core';
import { fundingApr, pairFundingApr } from '@dn/math';
import { writeDirection } from '../config.js';
import { iso, pct, ratePct, table, usd } from '../format.js';
import { type Leg, legs, marketOf, type PairContext } from '../pair.js';
import { type CommandResult, ok } from '../result.js';

const DAY_MS = 86_400_000;

export interface VenueFunding {
  venue: VenueName;
  /** Per interval, fraction of notional (positive = longs pay shorts). */
  rate: Decimal;
  intervalHours: number;
  /** rate × 8760 / intervalHours. */
  apr: Decimal;
  nextFundingTime?: number;
  markPrice?: Decimal;
  /** Funding settled to this account on the symbol in the last 24 h (positive = received). */
  recent: { count: number; total: Decimal } | { error: string };
}

export interface Direction {
  long: VenueName;
  short: VenueName;
  /** Gross APR of the pair held that way, fraction. */
  apr: Decimal;
}

/** Funding of `symbol` on both venues, and the APR of the pair held each way. */
export async function readFunding(ctx: PairContext): Promise<{
  venues: VenueFunding[];
  configured: Direction;
  best: Direction;
}> {
  const { symbol } = ctx.config;
  const since = ctx.clock.now() - DAY_MS;
  // Listed and trading on both, else one clear error rather than a venue's own.
  await Promise.all(legs(ctx).map((leg) => marketOf(leg, symbol)));
  const venues = await Promise.all(
    legs(ctx).map(async (leg): Promise<VenueFunding> => {
      const f = await leg.venue.getFunding(symbol);
      return {
        venue: leg.name,
        rate: f.rate,
        intervalHours: f.intervalHours,
        apr: fundingApr(f.rate, f.intervalHours),
        ...(f.nextFundingTime !== undefined ? { nextFundingTime: f.nextFundingTime } : {}),
        ...(f.markPrice ? { markPrice: f.markPrice } : {}),
        recent: await recentPayments(leg, symbol, since),
      };
    }),
  );
  const [l, s] = venues as [VenueFunding, VenueFunding];
  const configured = direction(l, s);
  const reversed = direction(s, l);
  return { venues, configured, best: reversed.apr.gt(configured.apr) ? reversed : configured };
}

function direction(long: VenueFunding, short: VenueFunding): Direction {
  const { apr } = pairFundingApr({
    long: { rate: long.rate, intervalHours: long.intervalHours },
    short: { rate: short.rate, intervalHours: short.intervalHours },
  });
  return { long: long.venue, short: short.venue, apr };
}

async function recentPayments(leg: Leg, symbol: string, since: number): Promise<VenueFunding['recent']> {
  try {
    const payments = await leg.venue.getFundingPayments({ symbol, since });
    const mine = payments.filter((p) => p.symbol === symbol && p.timestamp >= since);
    return { count: mine.length, total: mine.reduce((t, p) => t.plus(p.amount), new Decimal(0)) };
  } catch (e) {
    // Account history is a private read: it can fail without making the public rates wrong.
    return { error: errorSummary(e) };
  }
}

export interface FundingOptions {
  /** Show only: never rewrite the config's direction. */
  noUpdate?: boolean;
}

/**
 * `funding`: current rate, interval and APR per venue, funding settled to the account in the last 24 h, and the pair's
 * APR each way. When the configured direction earns less than the other one, the config's long/short are swapped
 * (unless `--no-update`, or when the defaults are used and there is no file to write).
 */
export async function fundingCommand(ctx: PairContext, options: FundingOptions = {}): Promise<CommandResult> {
  const { venues, configured, best } = await readFunding(ctx);
  const suboptimal = best.long !== configured.long;
  let update: 'updated' | 'not-needed' | 'skipped (--no-update)' | 'no config file' = 'not-needed';
  if (suboptimal) {
    if (options.noUpdate) update = 'skipped (--no-update)';
    else if (!ctx.config.file) update = 'no config file';
    else {
      writeDirection(ctx.config.file, best.long, best.short);
      update = 'updated';
      ctx.log.info({ file: ctx.config.file, long: best.long, short: best.short }, 'config direction updated');
    }
  }
  const rows = venues.map((v) => [
    v.venue,
    ratePct(v.rate),
    `${v.intervalHours}h`,
    pct(v.apr),
    iso(v.nextFundingTime),
    'error' in v.recent ? `n/a (${v.recent.error})` : `${usd(v.recent.total)} (${v.recent.count})`,
  ]);
  const lines = [
    `[${ctx.modeLabel}] funding of ${ctx.config.symbol}/${ctx.config.quote} (positive rate = longs pay shorts)`,
    '',
    table(['venue', 'rate/interval', 'interval', 'APR', 'next funding', 'paid to you, 24h (count)'], rows),
    '',
    `configured: long ${configured.long} / short ${configured.short}: pair APR ${pct(configured.apr)}`,
    `better:     long ${best.long} / short ${best.short}: pair APR ${pct(best.apr)}${suboptimal ? '' : ' (the configured direction)'}`,
  ];
  if (update === 'updated')
    lines.push(`updated ${ctx.config.file}: long_exchange=${best.long}, short_exchange=${best.short}`);
  if (update === 'skipped (--no-update)')
    lines.push('the configured direction is the worse one; config left as is (--no-update)');
  if (update === 'no config file') {
    lines.push('the configured direction is the worse one; no config file to update (pass --config hedge_config.json)');
  }
  return ok(
    { command: 'funding', symbol: ctx.config.symbol, venues, configured, best, suboptimal, update },
    lines.join('\n'),
  );
}

import { type Decimal, errorSummary } from '@dn/core';
import { table } from '../format.js';
import { effectiveLeverage, legs, marketOf, type PairContext } from '../pair.js';
import { type CommandResult, failed, ok } from '../result.js';

export interface LeverageSetResult {
  venue: string;
  max: Decimal;
  set: Decimal;
  /** What the venue reports afterwards (on an open position only); undefined = not readable. */
  readBack?: Decimal;
  error?: string;
}

/**
 * Sets the effective leverage (configured, capped by both markets) on both venues for the symbol, then reads it back
 * where the venue reports it. Sends no order.
 */
export async function setPairLeverage(ctx: PairContext): Promise<{ leverage: Decimal; venues: LeverageSetResult[] }> {
  const { symbol } = ctx.config;
  const [ml, ms] = await Promise.all(legs(ctx).map((leg) => marketOf(leg, symbol)));
  if (!ml || !ms) throw new Error('unreachable: two markets');
  const leverage = effectiveLeverage(ctx.config, ml, ms);
  const venues = await Promise.all(
    legs(ctx).map(async (leg, i): Promise<LeverageSetResult> => {
      const max = (i === 0 ? ml : ms).maxLeverage;
      try {
        await leg.venue.setLeverage(symbol, leverage);
      } catch (e) {
        return { venue: leg.name, max, set: leverage, error: errorSummary(e) };
      }
      const position = (await leg.venue.getPositions()).find((p) => p.symbol === symbol && !p.size.isZero());
      return { venue: leg.name, max, set: leverage, ...(position?.leverage ? { readBack: position.leverage } : {}) };
    }),
  );
  return { leverage, venues };
}

/** `test_leverage`: leverage set on both venues (no trading), read back where the venue reports it. */
export async function testLeverageCommand(ctx: PairContext): Promise<CommandResult> {
  const { leverage, venues } = await setPairLeverage(ctx);
  const bad = venues.filter((v) => v.error || (v.readBack && !v.readBack.eq(v.set)));
  const text = [
    `[${ctx.modeLabel}] leverage of ${ctx.config.symbol}: configured ${ctx.config.leverage}x, set ${leverage.toFixed()}x (no order sent)`,
    '',
    table(
      ['venue', 'max', 'set', 'read back', 'result'],
      venues.map((v) => [
        v.venue,
        `${v.max.toFixed()}x`,
        `${v.set.toFixed()}x`,
        v.readBack ? `${v.readBack.toFixed()}x` : 'n/a (no position)',
        v.error ? `FAILED: ${v.error}` : v.readBack && !v.readBack.eq(v.set) ? 'MISMATCH' : 'ok',
      ]),
    ),
  ].join('\n');
  const data = { command: 'test_leverage', leverage, venues };
  return bad.length > 0 ? failed(data, text) : ok(data, text);
}

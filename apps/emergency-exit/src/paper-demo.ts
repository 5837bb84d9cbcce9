import type { PaperEngine } from '@dn/connect';
import { ceilToStep, Decimal, floorToStep, type Market, mulberry32, type UnifiedSymbol } from '@dn/core';
import type { FlattenTarget } from '@dn/execution';

export interface DemoOptions {
  seed: number;
  /** Also queue engine faults (a rejected order, partial fills) so the retries show. */
  faults: boolean;
}

export interface DemoOpened {
  venue: string;
  symbol: UnifiedSymbol;
  size: Decimal;
}

/**
 * Paper mode only: opens one to three random positions per venue (a few hundred to a few thousand USD each, long or
 * short) and leaves one resting limit order far from the market, so there is something to flatten and cancel.
 */
export async function seedDemoPositions(
  targets: FlattenTarget[],
  engines: Map<string, PaperEngine> | undefined,
  options: DemoOptions,
): Promise<DemoOpened[]> {
  const rand = mulberry32(options.seed);
  const opened: DemoOpened[] = [];
  for (const t of targets) {
    const markets = (await t.venue.getMarkets()).filter((m) => m.active);
    const stats = new Map((await t.venue.getAllStats()).map((s) => [s.symbol, s.markPrice]));
    const pool = shuffle(markets, rand);
    const count = 1 + Math.floor(rand() * 3);
    for (const m of pool.slice(0, count)) {
      const mark = stats.get(m.symbol);
      if (!mark) continue;
      const notional = new Decimal(300 + Math.floor(rand() * 2_700));
      const size = sizeFor(m, notional, mark);
      const side = rand() < 0.5 ? 'buy' : 'sell';
      await t.venue.placeOrder({ symbol: m.symbol, side, type: 'market', size, slippage: '0.02' });
      opened.push({ venue: t.name, symbol: m.symbol, size: side === 'buy' ? size : size.neg() });
    }
    const resting = pool[count];
    const restingMark = resting ? stats.get(resting.symbol) : undefined;
    if (resting && restingMark) {
      // 20 % below the market: it will not fill during the demo, it only has to be cancelled.
      const price = floorToStep(restingMark.mul('0.8'), resting.tickSize);
      const size = sizeFor(resting, new Decimal(200), price);
      await t.venue.placeOrder({ symbol: resting.symbol, side: 'buy', type: 'limit', size, price, timeInForce: 'GTT' });
    }
    const engine = engines?.get(t.name);
    if (options.faults && engine) {
      engine.faults.rejectNext(1);
      engine.faults.partialFillOnly('0.5', 2);
    }
  }
  return opened;
}

function sizeFor(m: Market, notional: Decimal, price: Decimal): Decimal {
  let size = ceilToStep(notional.div(price), m.lotSize);
  if (size.lt(m.minSize)) size = ceilToStep(m.minSize, m.lotSize);
  if (m.minNotional && size.mul(price).lt(m.minNotional)) size = ceilToStep(m.minNotional.div(price), m.lotSize);
  return size;
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Engine throughput: orders matched per second on one engine with a stepped virtual clock (mix of market, IOC limit
 * and resting GTT limit orders, with cancels), plus the cost of jumping 30 virtual days with open positions.
 * Run: pnpm exec tsx --conditions=@dn/source bench/engine.bench.ts
 */
import { Decimal } from '@dn/core';
import { type Setup, setup } from '../test/engine/helpers.js';

/** The engine tests' set-up with seed 1 everywhere and deep pockets, so no order fails for margin. */
function build(): Setup {
  const rich = { collateral: '100000000' };
  return setup(
    'extended',
    {
      seed: 1,
      accounts: [
        { id: 'a', ...rich },
        { id: 'b', ...rich },
      ],
    },
    1,
  );
}

async function throughput(n: number): Promise<void> {
  const { engine, clock } = build();
  const symbols = ['BTC', 'ETH', 'SOL'];
  const sizes: Record<string, string> = { BTC: '0.01', ETH: '0.2', SOL: '3' };
  const ticks: Record<string, number> = { BTC: 0, ETH: 1, SOL: 2 };
  let fills = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) await clock.advance(1_000);
    const symbol = symbols[i % 3] as string;
    const acct = i % 2 ? 'a' : 'b';
    const side = i % 4 < 2 ? 'buy' : 'sell';
    const kind = i % 10;
    const size = sizes[symbol] as string;
    if (kind < 4) {
      fills += engine.placeOrder(acct, { symbol, side, type: 'market', size }).fills.length;
    } else if (kind < 7) {
      const mid = engine.midPrice(symbol).mul(side === 'buy' ? '1.001' : '0.999');
      const price = mid.toDecimalPlaces(ticks[symbol] as number, Decimal.ROUND_DOWN);
      fills += engine.placeOrder(acct, { symbol, side, type: 'limit', price, size, timeInForce: 'IOC' }).fills.length;
    } else {
      const mid = engine.midPrice(symbol);
      const off = side === 'buy' ? '0.998' : '1.002';
      const price = mid.mul(off).toDecimalPlaces(ticks[symbol] as number, Decimal.ROUND_DOWN);
      fills += engine.placeOrder(acct, { symbol, side, type: 'limit', price, size }).fills.length;
    }
    if (i % 200 === 199) {
      engine.cancelAll('a');
      engine.cancelAll('b');
    }
  }
  const ms = performance.now() - t0;
  console.log(
    `orders: ${n} in ${ms.toFixed(0)} ms → ${Math.round((n / ms) * 1000)} orders/s (${fills} fills, ${(n / 10).toFixed(0)} virtual s)`,
  );
}

async function longRun(): Promise<void> {
  const { engine, clock } = build();
  engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '1' });
  engine.placeOrder('b', { symbol: 'ETH', side: 'sell', type: 'market', size: '10' });
  const t0 = performance.now();
  await clock.advance(30 * 86_400_000);
  engine.advance();
  const ms = performance.now() - t0;
  console.log(
    `30 virtual days with 2 positions: ${ms.toFixed(0)} ms (${engine.fundingPayments('a').length} funding payments, 43 200 margin checks)`,
  );
  const price = engine.midPrice('SOL').mul('0.5').toDecimalPlaces(2, Decimal.ROUND_DOWN);
  engine.placeOrder('a', { symbol: 'SOL', side: 'buy', type: 'limit', price, size: '1' });
  const t1 = performance.now();
  await clock.advance(7 * 86_400_000);
  engine.advance();
  console.log(`7 virtual days with a resting order (1 s crossing scan): ${(performance.now() - t1).toFixed(0)} ms`);
}

await throughput(1_000);
await throughput(20_000);
await longRun();

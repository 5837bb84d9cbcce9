import { VirtualClock } from '@dn/core';
import { defaultMarkets, EngineVenue, listedSymbols, SimEngine, SimWorld } from '@dn/sim/engine';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import { TapeIntensity } from '../src/estimators.js';
import { newMaker } from './sim-session.js';

const T0 = Date.UTC(2025, 0, 1);

describe('κ/A from the public trades stream', () => {
  it('one sweep (prints sharing timestamp and taker side) is one arrival at its farthest print', () => {
    const tape = new TapeIntensity(0, { kappa: 1, arrivalRate: 1 }, { minArrivals: 1, buckets: 3 });
    const mid = 100;
    // A buy sweeping 1 bp, 2 bp then 3.5 bp; a sell reaching 1 bp; a buy at the touch (0.5 bp).
    tape.observe({ price: 100.01, side: 'buy', timestamp: 1 }, mid, 1);
    tape.observe({ price: 100.02, side: 'buy', timestamp: 1 }, mid, 1);
    tape.observe({ price: 99.99, side: 'sell', timestamp: 1 }, mid, 1);
    tape.observe({ price: 100.005, side: 'buy', timestamp: 2 }, mid, 2);
    // An estimate in the middle of a sweep, which then goes on: counted once, at its final reach.
    const a = tape.estimate(2);
    tape.observe({ price: 100.035, side: 'buy', timestamp: 2 }, mid, 2);
    tape.estimate(2);
    expect(tape.observed).toBeCloseTo(3, 6);
    expect(a.fitted).toBe(false);
    // counts: ≥1 bp: 3 (buy@1, sell, buy@2's 3.5 bp), ≥2 bp: 1… the first buy sweep reached 2 bp too.
    const est = tape.estimate(2);
    expect(est.fitted).toBe(true);
    // counts [3, 2, 1] at 1, 2, 3 bp over 2·0.002 s (decayed exposure ≈ elapsed): κ = ln(3)/2 per bp.
    expect(est.kappa / 10_000).toBeCloseTo(Math.log(3) / 2, 3);
  });

  // 1 200 simulated seconds of ladders and taker flow: far longer than the default 60 s on a loaded CI machine.
  it('on the simulator with the taker flow, the fit converges near the configured A and κ', async () => {
    const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
    const world = new SimWorld({ seed: 5, clock });
    // A tight spread puts the generated background prints at the touch (0.1 bp), below the first distance fitted.
    const markets = defaultMarkets('extended', listedSymbols('extended', world.symbols())).map((m) =>
      m.symbol === 'ETH' ? { ...m, spreadBps: 0.2 } : m,
    );
    const engine = new SimEngine({
      venue: 'extended',
      world,
      clock,
      seed: 9,
      markets,
      accounts: [
        { id: 'mm', collateral: '100000' },
        { id: 'book', collateral: '10000000' },
      ],
    });
    // Both sides together: 0.4 market orders a second, so A per side = 0.2; κ = 0.3/bp = 3000 per unit of the mid.
    // Sizes far above the depth they meet: each arrival sweeps everything resting up to its reach.
    const A = 0.4;
    const kappaPerBp = 0.3;
    engine.setTakerFlow({ seed: 4, default: { arrivalRate: A, kappaPerBp, meanSizeUsd: 10_000_000 } });
    engine.start(1_000);
    const config = marketMakerConfigSchema.parse({
      quote_loop_ms: 1000,
      dead_mans_switch_sec: 0,
      risk: { max_net_position_usd: 1_000_000, max_open_orders: 10, min_balance_usd: 100 },
      markets: {
        'ETH-USD': { base_spread: 0.0003, K: 0, quote_notional_cap_usd: 50, kappa: 9000, arrival_rate: 5 },
      },
    });
    const maker = newMaker({
      venue: new EngineVenue(engine, 'mm'),
      clock,
      config,
    });
    await maker.start();
    const run = maker.runs.get('ETH')!;
    expect(run.tape).toBeDefined();
    expect(maker.intensityEstimate(run).source).toBe('config');

    // The rest of a real book: one lot of other makers at every bucket distance, 1…10 bp, both sides, renewed each
    // second. The simulator's taker flow prints only where it meets resting orders; this makes every arrival print
    // out to its reach (within a tick, 0.33 bp), as on a venue's tape.
    const tick = engine.market('ETH').tickSize;
    const minSize = engine.market('ETH').minSize;
    const ladder = () => {
      engine.cancelAll('book', 'ETH');
      const mid = engine.midPrice('ETH');
      for (let d = 1; d <= 10; d++) {
        const off = mid.mul(d).div(10_000);
        const px = (side: 'buy' | 'sell') =>
          side === 'buy' ? mid.minus(off).div(tick).floor().mul(tick) : mid.plus(off).div(tick).ceil().mul(tick);
        for (const side of ['buy', 'sell'] as const) {
          engine.placeOrder('book', {
            symbol: 'ETH',
            side,
            type: 'limit',
            size: minSize.mul(2).toString(),
            price: px(side).toString(),
            timeInForce: 'POST_ONLY',
          });
        }
      }
    };
    const seconds = 1200;
    for (let s = 0; s < seconds; s++) {
      ladder();
      await clock.advance(1000);
    }
    const est = maker.intensityEstimate(run);
    await maker.stop({ cancelAll: true });
    engine.stop();
    // The configured fallback (κ 0.9/bp, A 5/s) is far away: the fit is what moved the estimate.
    expect(est.source).toBe('trades');
    const kappa = est.kappa / 10_000;
    const aSide = est.arrivalRate;
    // Tolerance, and why. Sampling: ~480 arrivals in 1 200 s, ~25 beyond 10 bp, gives the log-linear fit a standard
    // error of ~7 % on κ and ~10 % on A. Biases of the simulator's tape: the mid moving through the ladder fills
    // its inner levels, which prints near the mid and steepens κ (~+10 % here); two same-side arrivals in the same
    // second share a timestamp and read as one sweep (flattens κ ~3 %, lowers A ~7 %); a print is up to a tick
    // (0.33 bp) short of its arrival's reach (A −5 %). Hence κ within ±20 % and A per side (A/2 configured) within
    // −30 %…+20 %.
    expect(Math.abs(kappa - kappaPerBp) / kappaPerBp).toBeLessThan(0.2);
    expect(aSide).toBeGreaterThan((A / 2) * 0.7);
    expect(aSide).toBeLessThan((A / 2) * 1.2);
    expect(run.tape!.observed).toBeGreaterThan(400);
  }, 180_000);

  it('a venue without a trades stream: said in the log, κ/A from our own fills (else the configured values)', async () => {
    const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
    const engine = new SimEngine({
      venue: 'extended',
      world: new SimWorld({ seed: 5, clock }),
      clock,
      seed: 9,
      accounts: [{ id: 'mm', collateral: '100000' }],
    });
    engine.start(1_000);
    const inner = new EngineVenue(engine, 'mm');
    const venue = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'subscribeTrades') return undefined;
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const config = marketMakerConfigSchema.parse({
      dead_mans_switch_sec: 0,
      markets: { 'ETH-USD': { kappa: 9000, arrival_rate: 5 } },
    });
    const logs: string[] = [];
    const maker = newMaker({
      venue,
      clock,
      config,
      log: (msg) => logs.push(msg),
    });
    await maker.start();
    const run = maker.runs.get('ETH')!;
    expect(run.tape).toBeUndefined();
    expect(logs).toContain('venue has no public trades stream: κ/A are fitted from our own fills');
    expect(maker.intensityEstimate(run)).toMatchObject({ kappa: 9000, arrivalRate: 5, source: 'config' });
    await maker.stop({ cancelAll: true });
    engine.stop();
  });
});

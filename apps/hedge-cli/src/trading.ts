import { randomBytes } from 'node:crypto';
import type { AppContext, VenueName } from '@dn/connect';
import { AtomicJsonStore, Decimal, errorSummary, floorToStep } from '@dn/core';
import {
  closePair,
  type ExecutionEvent,
  type LegRiskDeps,
  type LegVenue,
  openPair,
  type PairLegs,
  type PairState,
} from '@dn/execution';
import { commonStep, pairPositionSize } from '@dn/math';
import { sizingInputs } from './commands/capacity.js';
import { readFunding } from './commands/funding.js';
import { readStatus } from './commands/status.js';
import { setPairLeverage } from './commands/test-leverage.js';
import type { HedgeConfig } from './config.js';
import { usd } from './format.js';
import { type Leg, legs, marketOf, type PairContext, sizeOf, topOfBook } from './pair.js';
import { type CommandResult, failed, ok } from './result.js';

export const TRADING_COMMANDS = ['open', 'close', 'test', 'test_auto'] as const;
export type TradingCommand = (typeof TRADING_COMMANDS)[number];

export interface TradingOptions {
  sizeQuote?: string;
  sizeBase?: string;
  crossTicks?: number;
  notional?: string;
  wait?: number;
}

/**
 * The rotation bot's pilot preference (apps/rotation-bot/src/open-plan.ts): venues whose orders can rest silently go
 * first, so the leg most likely to fill cleanly carries the risk of standing alone.
 */
const PILOT_ORDER = ['lighter', 'edgex', 'extended', 'pacifica'];

/** What the state file holds: the last pair this app opened or closed, as @dn/execution left it. */
export interface PairRecord extends PairState {
  command: TradingCommand;
}

interface Run {
  ctx: PairContext;
  app: AppContext<HedgeConfig>;
  say: (t: string) => void;
  /** Set by the first Ctrl-C: a wait is cut short, a running open or close finishes. */
  stop: AbortSignal;
  nakedMs: number[];
}

/** open / close / test / test_auto, through @dn/execution (the rotation bot's leg-risk policy). */
export async function tradingCommand(
  name: TradingCommand,
  opts: TradingOptions,
  ctx: PairContext,
  app: AppContext<HedgeConfig>,
  say: (t: string) => void,
): Promise<CommandResult> {
  // Stopping half-way through an open or a close can leave one leg alone: the first Ctrl-C lets it finish (and cuts
  // a test's wait short); a second one exits now.
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) {
      say('second Ctrl-C: exiting now; check both legs with hedge-cli status');
      process.exit(130);
    }
    stop.abort();
    say('Ctrl-C: finishing the step in progress so no leg is left alone (Ctrl-C again to exit now)');
  };
  process.on('SIGINT', onSigint);
  const run: Run = { ctx, app, say, stop: stop.signal, nakedMs: [] };
  try {
    await warnIfInterrupted(run);
    switch (name) {
      case 'open':
        return await openCommand(run, opts, opts.sizeBase ? { base: opts.sizeBase } : { quote: opts.sizeQuote });
      case 'close':
        return await closeCommand(run, opts);
      case 'test':
        return await testCommand(run, opts, 'test');
      case 'test_auto': {
        const { best } = await readFunding(ctx);
        const byName = (n: string): Leg => (n === ctx.long.name ? ctx.long : ctx.short);
        say(`test_auto: funding favours long ${best.long} / short ${best.short} (the config is not changed)`);
        return await testCommand(
          { ...run, ctx: { ...ctx, long: byName(best.long), short: byName(best.short) } },
          opts,
          'test_auto',
        );
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function store(app: AppContext<HedgeConfig>): AtomicJsonStore<{ pair: PairRecord }> {
  return new AtomicJsonStore({ path: app.statePath as string, schemaVersion: 1 });
}

/** A previous open or close that never finished (killed, crashed): the venues are the truth, but say so. */
async function warnIfInterrupted(run: Run): Promise<void> {
  const last = (await store(run.app).load())?.pair;
  if (!last) return;
  const unfinished =
    (last.phase === 'opening' && !last.abortReason) || (last.phase === 'closing' && last.step !== 'closed');
  if (unfinished) {
    run.say(
      `warning: the last ${last.command} of ${last.symbol} (${last.id}) stopped at step ${last.step}; ` +
        'positions are read from the venues — check them with hedge-cli status',
    );
  }
}

function pairId(ctx: PairContext, what: string): string {
  return `hedge-cli-${what}-${ctx.config.symbol}-${ctx.clock.now()}-${randomBytes(4).toString('hex')}`;
}

/** The band of the first order (fraction): the config's, or `--cross-ticks` on the coarser of the two books. */
async function bandPolicy(run: Run, opts: TradingOptions, markets: [LegVenue<VenueName>, LegVenue<VenueName>]) {
  const { config } = run.ctx;
  const cap = config.max_price_band_pct.div(100);
  let band = config.price_band_pct.div(100);
  if (opts.crossTicks !== undefined) {
    const ticks = opts.crossTicks;
    const fractions = await Promise.all(
      markets.map(async (l) => {
        const { mid } = await topOfBook(l, run.ctx.config.symbol);
        return l.market.tickSize.mul(ticks).div(mid);
      }),
    );
    band = Decimal.max(...fractions);
    if (band.gt(cap)) {
      run.say(
        `--cross-ticks ${ticks} is ${band.mul(100).toSignificantDigits(3)}% of the price: capped at max_price_band_pct ${config.max_price_band_pct}%`,
      );
      band = cap;
    }
  }
  return { band, bandCap: cap, reduceBandCap: cap };
}

function deps(run: Run, band: { band: Decimal; bandCap: Decimal; reduceBandCap: Decimal }): LegRiskDeps<PairRecord> {
  const s = store(run.app);
  return {
    clock: run.ctx.clock,
    log: run.ctx.log,
    halt: run.app.halt,
    haltBy: 'hedge-cli',
    ...band,
    persist: (p) => s.save({ pair: p }),
    singleLegTimeoutMs: run.ctx.config.single_leg_timeout_seconds.mul(1000).toNumber(),
    onNakedWindow: (ms) => run.nakedMs.push(ms),
    onEvent: (e) => {
      const line = describeEvent(e);
      if (line) run.say(line);
    },
  };
}

function describeEvent(e: ExecutionEvent): string | undefined {
  switch (e.type) {
    case 'order':
      return `  ${e.venue}: ${e.side} ${e.size.toFixed()} ${e.symbol}${e.reduceOnly ? ' reduce-only' : ''} → ${e.outcome}, filled ${e.filled.toFixed()} (${Math.round(e.latencyMs)} ms)`;
    case 'naked-window':
      return `  one leg stood alone for ${Math.round(e.ms)} ms`;
    case 'leg-failure':
      return `  LEG AT RISK on ${e.venue}: ${e.message}`;
    case 'halt':
      return `  HALT ${e.written ? 'written' : 'COULD NOT BE WRITTEN'}: ${e.sentinel} (${e.reason})`;
    default:
      return undefined;
  }
}

type SizeRequest = { base: string } | { quote: string | undefined };

/** One size for both legs: on both lots, above both minimums, within both margins. Refuses rather than shrinks. */
async function planSize(run: Run, request: SizeRequest): Promise<{ size: Decimal } | { refused: string }> {
  const { config } = run.ctx;
  const { limits, rows } = await sizingInputs(run.ctx);
  const [venueA, venueB] = limits;
  const maxPrice = Decimal.max(...rows.map((r) => r.price));
  let maxNotional: Decimal;
  let asked: string;
  if ('base' in request) {
    const size = new Decimal(request.base);
    const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
    // Floored to the common lot here, so the notional cap below gives back exactly this size.
    maxNotional = floorToStep(size, commonStep(a.lotSize, b.lotSize)).mul(maxPrice);
    asked = `${size.toFixed()} ${config.symbol}`;
  } else {
    maxNotional = new Decimal(request.quote ?? config.notional);
    asked = usd(maxNotional);
  }
  const r = pairPositionSize({ venueA, venueB, maxNotional });
  if (!r.ok) {
    return {
      refused: `${asked} is below what both venues accept: at least ${r.minimumSize.toFixed()} ${config.symbol} (≈ ${usd(r.minimumSize.mul(maxPrice))}) per leg${r.limitedBy === 'max-notional' ? '' : `, and the margin carries only ${r.maxSize.toSignificantDigits(6)}`}`,
    };
  }
  if (r.limitedBy !== 'max-notional') {
    return {
      refused: `${asked} needs more margin than ${r.limitedBy === 'venueA-margin' ? run.ctx.long.name : run.ctx.short.name} has: at most ${r.size.toFixed()} ${config.symbol} (≈ ${usd(r.notionalA)}) per leg (hedge-cli capacity)`,
    };
  }
  return { size: r.size };
}

async function legVenues(ctx: PairContext): Promise<[LegVenue<VenueName>, LegVenue<VenueName>]> {
  const [ml, ms] = await Promise.all(legs(ctx).map((l) => marketOf(l, ctx.config.symbol)));
  return [
    { name: ctx.long.name, venue: ctx.long.venue, market: ml as LegVenue['market'] },
    { name: ctx.short.name, venue: ctx.short.venue, market: ms as LegVenue['market'] },
  ];
}

async function openCommand(run: Run, opts: TradingOptions, request: SizeRequest): Promise<CommandResult> {
  const { ctx, app, say } = run;
  const { symbol } = ctx.config;
  const halted = app.halt.haltedPath();
  if (halted) {
    return {
      ...failed({ command: 'open', opened: false, halted }, `halted: ${halted} exists; nothing opened`),
      code: 3,
    };
  }
  const [long, short] = await legVenues(ctx);
  const held = await Promise.all([long, short].map(async (l) => sizeOf(await l.venue.getPositions(), symbol)));
  if (held.some((s) => !s.isZero())) {
    return failed(
      { command: 'open', opened: false, reason: 'existing-position', sizes: held },
      `${symbol} is already held (${long.name} ${held[0]}, ${short.name} ${held[1]}): nothing sent. hedge-cli status / close first`,
    );
  }
  const leverage = await setPairLeverage(ctx);
  const setFailed = leverage.venues.filter((v) => v.error);
  if (setFailed.length > 0) {
    return failed(
      { command: 'open', opened: false, reason: 'leverage', leverage },
      `leverage could not be set (${setFailed.map((v) => `${v.venue}: ${v.error}`).join('; ')}): nothing sent`,
    );
  }
  const plan = await planSize(run, request);
  if ('refused' in plan)
    return failed({ command: 'open', opened: false, reason: plan.refused }, `${plan.refused}: nothing sent`);
  const band = await bandPolicy(run, opts, [long, short]);
  const pilotIsLong = PILOT_ORDER.indexOf(long.name) <= PILOT_ORDER.indexOf(short.name);
  const [first, second] = pilotIsLong ? [long, short] : [short, long];
  const pair: PairRecord = {
    command: 'open',
    id: pairId(ctx, 'open'),
    symbol,
    phase: 'opening',
    step: 'planned',
    targetSize: plan.size.toFixed(),
    startedAt: ctx.clock.now(),
    first: { venue: first.name, side: pilotIsLong ? 'buy' : 'sell', clientOrderIds: [], size: '0' },
    second: { venue: second.name, side: pilotIsLong ? 'sell' : 'buy', clientOrderIds: [], size: '0' },
  };
  say(
    `[${ctx.modeLabel}] opening ${plan.size.toFixed()} ${symbol} per leg: long ${long.name}, short ${short.name}, ` +
      `${leverage.leverage}x, band ${band.band.mul(100).toSignificantDigits(3)}% (cap ${band.bandCap.mul(100)}%), pilot ${first.name}`,
  );
  const d = deps(run, band);
  await d.persist(pair);
  const legsOf: PairLegs = { first, second };
  const outcome = await openPair(pair, legsOf, d);
  const status = await readStatus(ctx);
  const data = { command: 'open', opened: outcome === 'open', pair, status, nakedMs: run.nakedMs };
  if (outcome === 'aborted') {
    return failed(
      data,
      `NOT OPENED: ${pair.abortReason ?? 'aborted'}; both legs ${status.verdict === 'flat' ? 'flat' : status.verdict}`,
    );
  }
  const entry = (v: string) => status.legs.find((l) => l.venue === v)?.entryPrice?.toFixed() ?? '?';
  return ok(
    data,
    `OPENED ${pair.openedSize ?? plan.size.toFixed()} ${symbol}: long ${long.name} @ ${entry(long.name)}, short ${short.name} @ ${entry(short.name)}` +
      (run.nakedMs.length > 0 ? `; one leg alone for ${Math.round(Math.max(...run.nakedMs))} ms` : ''),
  );
}

async function closeCommand(run: Run, opts: TradingOptions): Promise<CommandResult> {
  const { ctx, say } = run;
  const { symbol } = ctx.config;
  const [long, short] = await legVenues(ctx);
  const sizes = await Promise.all([long, short].map(async (l) => sizeOf(await l.venue.getPositions(), symbol)));
  const [sl, ss] = sizes as [Decimal, Decimal];
  if (sl.isZero() && ss.isZero()) {
    return ok(
      { command: 'close', closed: true, nothingToClose: true },
      `nothing to close: ${symbol} is flat on ${long.name} and ${short.name}`,
    );
  }
  const band = await bandPolicy(run, opts, [long, short]);
  // The venues are the truth: the pair is what they hold now, whatever opened it.
  const pair: PairRecord = {
    command: 'close',
    id: pairId(ctx, 'close'),
    symbol,
    phase: 'open',
    step: 'open',
    targetSize: Decimal.max(sl.abs(), ss.abs()).toFixed(),
    startedAt: ctx.clock.now(),
    first: { venue: long.name, side: 'buy', clientOrderIds: [], size: sl.toFixed() },
    second: { venue: short.name, side: 'sell', clientOrderIds: [], size: ss.toFixed() },
  };
  say(
    `[${ctx.modeLabel}] closing ${symbol}: ${long.name} ${sl.toFixed()}, ${short.name} ${ss.toFixed()} (reduce-only until flat)`,
  );
  await closePair(pair, { first: long, second: short }, deps(run, band));
  return ok(
    { command: 'close', closed: true, pair, before: { [long.name]: sl, [short.name]: ss }, nakedMs: run.nakedMs },
    `CLOSED ${symbol}: flat on ${long.name} and ${short.name}`,
  );
}

async function testCommand(run: Run, opts: TradingOptions, name: 'test' | 'test_auto'): Promise<CommandResult> {
  const { ctx, say } = run;
  const opened = await openCommand(run, opts, { quote: opts.notional ?? '20' });
  say(opened.text);
  if (!opened.data.opened) return { ...opened, data: { ...opened.data, command: name } };
  const waitMs = (opts.wait ?? 5) * 1000;
  if (waitMs > 0 && !run.stop.aborted) {
    say(`waiting ${waitMs / 1000} s before closing (Ctrl-C closes now)…`);
    await Promise.race([
      ctx.clock.sleep(waitMs),
      new Promise((r) => run.stop.addEventListener('abort', r, { once: true })),
    ]);
  }
  try {
    const closed = await closeCommand(run, opts);
    return {
      ...closed,
      data: { command: name, open: opened.data, close: closed.data },
      text: `${closed.text}\n${name}: round trip done`,
    };
  } catch (e) {
    say(`close after the test failed: ${errorSummary(e)}`);
    throw e;
  }
}

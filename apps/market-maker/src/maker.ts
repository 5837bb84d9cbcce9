import {
  type AccountEvent,
  baseAssetOf,
  type Clock,
  Decimal,
  type Market,
  type OrderBookSnapshot,
  type PerpVenue,
  type PublicTrade,
  type Side,
  type Subscription,
  type TimerHandle,
} from '@dn/core';
import type { MarketConfig, MarketMakerConfig } from './config.js';
import { DeadMansSwitch, type VenueSwitch } from './dms.js';
import { ArrivalIntensity, MidVolatility, TapeIntensity } from './estimators.js';
import { PnlTracker } from './pnl.js';
import { canPresign, createPresigner, ladderAround, type Presigner } from './presign.js';
import { computeQuote, type MarketGrid, type QuoteInputs, type QuoteTarget } from './quote.js';
import { ActionBudget, needsReplace, ReplaceCoalescer } from './replace.js';
import { type RiskGate, riskGate } from './risk.js';
import { type SigningThread, startSigningThread } from './signing-thread.js';

const ZERO = new Decimal(0);
const RECONCILE_MS = 30_000;
const FILL_OVERLAP_MS = 60_000;
const MAX_TAPE_QUEUE = 10_000;
const MID_HISTORY = 64;
const TAPE_WAIT_MS = 2_000;

/** One of our resting quotes. `pending` until the venue acknowledged it. */
interface OwnOrder {
  clientOrderId: string;
  price: Decimal;
  size: Decimal;
  pending: boolean;
  /** A cancel was sent and not answered yet. */
  cancelling?: boolean;
}

interface MarketRun {
  cfg: MarketConfig;
  grid: MarketGrid;
  book?: OrderBookSnapshot;
  mid?: Decimal;
  vol: MidVolatility;
  /** κ/A from our own fills: the fallback when the venue has no trades stream or the tape is too thin yet. */
  intensity: ArrivalIntensity;
  /** κ/A from the public trades stream, when the venue has one. */
  tape?: TapeIntensity;
  /** Prints waiting for the book of their time (a print's reach is measured from the mid in force at its timestamp). */
  tapeQueue: { trade: PublicTrade; at: number }[];
  /** Recent (book timestamp, mid), oldest first. */
  mids: [number, number][];
  pnl: PnlTracker;
  funding: number;
  /** Fee rates in force: fees_override where set, else the venue's market fees. */
  fees: { maker: Decimal; taker: Decimal; overridden: { maker: boolean; taker: boolean } };
  orders: { buy?: OwnOrder; sell?: OwnOrder };
  busy: boolean;
  /** The quote pass in flight: awaited before a mass cancel so that no order it sends lands after the cancel. */
  inflight?: Promise<void>;
  dirty: boolean;
  last?: QuoteTarget;
  /** Newest fill timestamp seen (stream or REST): the REST reconcile asks for fills from about there. */
  fillCursor: number;
  /** performance.now() of the last book update not yet answered by an order (tick-to-order). */
  bookAt?: number;
  /** What the last quote pass computed from (presigning after a fill starts from it). */
  lastInputs?: QuoteInputs;
}

export interface MakerCounts {
  placed: number;
  cancelled: number;
  rejected: number;
  replaceSkippedCoalesce: number;
  replaceSkippedBudget: number;
}

export interface MakerOptions {
  venue: PerpVenue;
  clock: Clock;
  config: MarketMakerConfig;
  /** Enabled markets to quote. */
  markets: MarketConfig[];
  isHalted: () => boolean;
  venueSwitch?: VenueSwitch;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  alert?: (kind: 'halt' | 'venue_down', msg: string) => void;
  /** Called with the book's arrival time just before an order is handed to the venue (tick-to-order bench). */
  onOrderSent?: (bookReceivedAt: number, afterCancel: boolean, clientOrderId: string) => void;
}

/**
 * The execution loop: local books from the book stream, quotes on every book update and every `quote_loop_ms`,
 * cancel/replace past the threshold (coalesced, within the action budget), post-only, inventory and order state from
 * the account stream with a REST reconcile on every stream reconnect and every 30 s, risk gates, the halt sentinel and the dead man's switch.
 */
export class MarketMaker {
  readonly runs = new Map<string, MarketRun>();
  readonly counts: MakerCounts = {
    placed: 0,
    cancelled: 0,
    rejected: 0,
    replaceSkippedCoalesce: 0,
    replaceSkippedBudget: 0,
  };
  equity: Decimal | undefined;
  gate: RiskGate = { allowBuy: true, allowSell: true, breaches: [] };
  halted = false;
  readonly dms: DeadMansSwitch;
  private readonly subs: Subscription[] = [];
  private readonly coalescer: ReplaceCoalescer;
  private readonly budget: ActionBudget;
  private loop: TimerHandle | undefined;
  private lastReconcile = 0;
  private startedAt = 0;
  private reconciling: Promise<void> | undefined;
  private reconcileAgain = false;
  /** Requests sent by quote passes that did not wait for them (back-to-back). */
  private readonly actions = new Set<Promise<void>>();
  private turnTaken = false;
  private stopped = false;
  private seq = 0;
  /** Config `presign_ticks` (opt-in): orders signed ahead in idle time. */
  private presigner: Presigner | undefined;
  private readonly now = (): number => this.o.clock.now();
  /** Config `presign_thread`: where presigned orders are signed. */
  private signingThread: SigningThread | undefined;

  constructor(private readonly o: MakerOptions) {
    this.coalescer = new ReplaceCoalescer(o.config.replace_coalesce_ms);
    this.budget = new ActionBudget(o.config.max_actions_per_sec, o.clock.now());
    this.dms = new DeadMansSwitch({
      countdownSec: o.config.dead_mans_switch_sec,
      clock: o.clock,
      ...(o.venueSwitch ? { venueSwitch: o.venueSwitch } : {}),
      cancelAll: (why) => this.cancelEverything(why),
      onError: (e) => {
        o.log?.('dead man’s switch', { error: (e as Error).message });
        o.alert?.('venue_down', `dead man’s switch refresh failed, orders cancelled: ${(e as Error).message}`);
      },
    });
  }

  async start(): Promise<void> {
    const { venue, clock } = this.o;
    this.startedAt = clock.now();
    const markets = await venue.getMarkets();
    const positions = await venue.getPositions();
    for (const given of this.o.markets) {
      const m = findMarket(markets, given.symbol);
      if (!m) throw new Error(`${venue.id} does not list ${given.symbol}`);
      // From here on the unified symbol: seed configs name Extended's markets (ETH-USD).
      const cfg = { ...given, symbol: m.symbol };
      const pos = positions.find((p) => p.symbol === cfg.symbol)?.size ?? ZERO;
      const override = this.o.config.fees_override;
      this.runs.set(cfg.symbol, {
        cfg,
        grid: {
          tickSize: m.tickSize,
          lotSize: m.lotSize,
          minSize: m.minSize,
          ...(m.minNotional ? { minNotional: m.minNotional } : {}),
        },
        vol: new MidVolatility(),
        intensity: new ArrivalIntensity(clock.now(), { kappa: cfg.kappa, arrivalRate: cfg.arrival_rate }),
        pnl: new PnlTracker(pos, { maker: override.makerFeeRate, taker: override.takerFeeRate }),
        funding: 0,
        fees: {
          maker: override.makerFeeRate ?? m.makerFee,
          taker: override.takerFeeRate ?? m.takerFee,
          overridden: { maker: override.makerFeeRate !== null, taker: override.takerFeeRate !== null },
        },
        orders: {},
        busy: false,
        dirty: false,
        fillCursor: this.startedAt,
        tapeQueue: [],
        mids: [],
      });
      // The venue is the truth: orders left by an earlier session are not ours to guess about.
      await venue.cancelAllOrders(cfg.symbol);
      const f = await venue.getFunding(cfg.symbol).catch(() => undefined);
      if (f) this.runs.get(cfg.symbol)!.funding = f.rate.toNumber();
    }
    this.equity = (await venue.getBalance()).equity;
    if (this.o.config.presign_ticks > 0) {
      if (this.o.config.presign_thread && canPresign(venue)) {
        this.signingThread = startSigningThread({
          precomputedNonces: this.o.config.precomputed_nonces,
          // Presigning goes on, on this thread, rather than every order being signed on the tick's path.
          onStopped: (e) => {
            this.o.log?.('signing thread stopped: presigning on the main thread from now on', { error: e.message });
            if (this.stopped || this.halted) return;
            this.presigner?.interrupt();
            this.presigner = createPresigner(venue, this.o.config.presign_max_age_ms, this.now);
          },
        });
      }
      this.presigner = createPresigner(venue, this.o.config.presign_max_age_ms, this.now, this.signingThread?.build);
      if (!this.presigner)
        this.o.log?.('presign_ticks: this venue cannot presign orders; ignored', { venue: venue.id });
    }
    this.subs.push(await venue.subscribeAccount((e) => this.onAccount(e)));
    for (const sym of this.runs.keys()) {
      // The quotes read the best bid and ask only: one level a side (each level more is four decimals per update).
      this.subs.push(await venue.subscribeOrderBook(sym, (b) => this.onBook(b), { depth: 1 }));
    }
    for (const run of this.runs.values()) if (run.cfg.fit_intensity) await this.watchTape(run);
    this.lastReconcile = clock.now();
    await this.dms.arm();
    this.schedule();
  }

  /** κ/A from the public tape where the venue streams it; otherwise (said in the log) from our own fills. */
  private async watchTape(run: MarketRun): Promise<void> {
    const { venue, clock } = this.o;
    const sym = run.cfg.symbol;
    if (!venue.subscribeTrades) {
      this.o.log?.('venue has no public trades stream: κ/A are fitted from our own fills', {
        venue: venue.id,
        symbol: sym,
      });
      return;
    }
    const tape = new TapeIntensity(
      clock.now(),
      { kappa: run.cfg.kappa, arrivalRate: run.cfg.arrival_rate },
      { halfLifeSec: run.cfg.intensity_half_life_sec },
    );
    try {
      this.subs.push(
        await venue.subscribeTrades(sym, (trade) => {
          run.tapeQueue.push({ trade, at: clock.now() });
          if (run.tapeQueue.length > MAX_TAPE_QUEUE) this.drainTape(run, Number.POSITIVE_INFINITY);
        }),
      );
      run.tape = tape;
    } catch (e) {
      this.o.log?.('trades stream unavailable: κ/A are fitted from our own fills', {
        venue: venue.id,
        symbol: sym,
        error: (e as Error).message,
      });
    }
  }

  /**
   * Feeds the estimator the prints stamped before `bookTime`, each measured from the mid of the latest book stamped
   * at or before it (a book stamped with the print's own time included: a venue that stamps its book and its prints
   * on a coarse grid sends the book of that instant after the prints). Prints waiting longer than TAPE_WAIT_MS (a
   * skewed or stalled book) are measured from the latest mid.
   */
  private drainTape(run: MarketRun, bookTime: number): void {
    const tape = run.tape;
    if (!tape) return;
    const now = this.o.clock.now();
    while (run.tapeQueue.length > 0) {
      const head = run.tapeQueue[0]!;
      const t = head.trade;
      if (t.timestamp >= bookTime && now - head.at < TAPE_WAIT_MS) break;
      run.tapeQueue.shift();
      let mid: number | undefined;
      for (let i = run.mids.length - 1; i >= 0; i--) {
        const [at, m] = run.mids[i]!;
        if (at <= t.timestamp) {
          mid = m;
          break;
        }
      }
      mid ??= run.mids.at(-1)?.[1];
      if (mid !== undefined)
        tape.observe({ price: t.price.toNumber(), side: t.side, timestamp: t.timestamp }, mid, now);
    }
  }

  /** κ and A to quote with: the tape's fit, else our fills' fit, else the configured values. */
  intensityEstimate(run: MarketRun): { kappa: number; arrivalRate: number; fitted: boolean; source: string } {
    const now = this.o.clock.now();
    if (!run.cfg.fit_intensity)
      return { kappa: run.cfg.kappa, arrivalRate: run.cfg.arrival_rate, fitted: false, source: 'config' };
    const tape = run.tape?.estimate(now);
    if (tape?.fitted) return { ...tape, source: 'trades' };
    const own = run.intensity.estimate(now);
    return { ...own, source: own.fitted ? 'fills' : 'config' };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.loop = this.o.clock.setTimeout(() => {
      void this.step().finally(() => this.schedule());
    }, this.o.config.quote_loop_ms);
  }

  /** One pass of the quote loop. */
  async step(): Promise<void> {
    if (this.stopped) return;
    if (this.o.isHalted()) {
      if (!this.halted) {
        this.halted = true;
        this.o.alert?.('halt', 'halt sentinel present: cancelling every order and stopping quoting');
        this.presigner?.stop();
        await this.settle();
        await this.cancelEverything('halt sentinel');
      }
      return;
    }
    this.dms.beat();
    const now = this.o.clock.now();
    if (now - this.lastReconcile >= RECONCILE_MS) {
      this.lastReconcile = now;
      await this.reconcile().catch((e) => this.o.log?.('reconcile failed', { error: (e as Error).message }));
    }
    for (const [sym, run] of this.runs) {
      // A timer pass is not a book update: an order it sends is not reported against the last book's arrival.
      run.bookAt = undefined;
      await this.requote(sym);
    }
  }

  onBook(book: OrderBookSnapshot): void {
    const run = this.runs.get(book.symbol);
    const bid = book.bids[0]?.price;
    const ask = book.asks[0]?.price;
    if (!run || !bid || !ask) return;
    // The quote pass this update starts schedules the next presigning job.
    this.presigner?.interrupt();
    run.book = book;
    run.bookAt = performance.now();
    run.mid = bid.plus(ask).div(2);
    if (run.tape) {
      run.mids.push([book.timestamp, run.mid.toNumber()]);
      if (run.mids.length > MID_HISTORY) run.mids.shift();
      if (run.tapeQueue.length > 0) this.drainTape(run, book.timestamp);
    }
    run.vol.observe(run.mid.toNumber(), this.o.clock.now());
    run.pnl.mark(run.mid);
    void this.requote(book.symbol);
  }

  onAccount(e: AccountEvent): void {
    if (e.type === 'reconnected') {
      this.onReconnected(e.at);
      return;
    }
    if (e.type === 'balance') {
      this.equity = e.balance.equity;
      return;
    }
    if (e.type === 'funding') {
      this.runs.get(e.payment.symbol)?.pnl.fundingPayment(e.payment);
      return;
    }
    if (e.type === 'fill') {
      const run = this.runs.get(e.fill.symbol);
      if (!run) return;
      run.fillCursor = Math.max(run.fillCursor, e.fill.timestamp);
      if (run.mid) run.intensity.observe(e.fill.price.toNumber(), run.mid.toNumber());
      if (run.pnl.fill(e.fill, run.mid)) {
        run.dirty = true;
        // The inventory moved, so the next quotes' sizes did: presign those now, before the next book asks for them.
        if (this.presigner && run.lastInputs && !run.busy) {
          const inputs = { ...run.lastInputs, inventory: run.pnl.positionSize };
          this.presignAround(run, computeQuote(run.cfg, run.grid, inputs), inputs);
        }
      }
      return;
    }
    if (e.type === 'order') {
      const run = this.runs.get(e.order.symbol);
      if (!run) return;
      for (const side of ['buy', 'sell'] as const) {
        const own = run.orders[side];
        if (!own || own.clientOrderId !== e.order.clientOrderId) continue;
        if (['filled', 'cancelled', 'rejected', 'expired'].includes(e.order.status)) {
          run.orders[side] = undefined;
        } else {
          own.pending = false;
          own.size = e.order.size.minus(e.order.filledSize);
        }
        run.dirty = true;
      }
    }
  }

  /**
   * Config `presign_ticks`: orders signed ahead (`signed`), where (`thread`: the signing thread or the main thread),
   * and how many the venue sent (`sent`). Undefined when presigning is off.
   */
  presignStats(): { thread: boolean; signed: number; sent: number } | undefined {
    if (!this.presigner) return undefined;
    return { thread: this.presigner.usesThread, signed: this.presigner.signed, sent: this.presigner.sent };
  }

  /** Net position of the quoted markets, USD at mid. */
  netPositionUsd(): Decimal {
    let net = ZERO;
    for (const run of this.runs.values()) if (run.mid) net = net.plus(run.pnl.positionSize.mul(run.mid));
    return net;
  }

  openOrderCount(): number {
    let n = 0;
    for (const run of this.runs.values()) n += (run.orders.buy ? 1 : 0) + (run.orders.sell ? 1 : 0);
    return n;
  }

  private async requote(sym: string): Promise<void> {
    const run = this.runs.get(sym);
    if (!run?.mid || !run.book || this.stopped || this.halted) return;
    if (run.busy) {
      run.dirty = true;
      return;
    }
    run.busy = true;
    const work = this.quoteLoop(run);
    run.inflight = work;
    await work;
  }

  private async quoteLoop(run: MarketRun): Promise<void> {
    const sym = run.cfg.symbol;
    let inputs: QuoteInputs | undefined;
    try {
      do {
        run.dirty = false;
        if (this.o.isHalted() || this.halted || !run.mid || !run.book) return;
        this.gate = riskGate(this.o.config.risk, {
          netPositionUsd: this.netPositionUsd(),
          // Other markets' orders: replacing this market's own quotes does not add to the count.
          openOrders: this.openOrderCount() - (run.orders.buy ? 1 : 0) - (run.orders.sell ? 1 : 0),
          equity: this.equity,
        });
        // The seed's quoter takes no κ/A: no fit on the tick's path for it.
        const est =
          run.cfg.model === 'seed'
            ? { kappa: run.cfg.kappa, arrivalRate: run.cfg.arrival_rate }
            : this.intensityEstimate(run);
        inputs = {
          mid: run.mid,
          ...(run.book.bids[0] ? { bestBid: run.book.bids[0].price } : {}),
          ...(run.book.asks[0] ? { bestAsk: run.book.asks[0].price } : {}),
          inventory: run.pnl.positionSize,
          sigma: run.vol.sigma(),
          funding: run.funding,
          kappa: est.kappa,
          arrivalRate: est.arrivalRate,
          makerFeeRate: run.fees.maker,
          allowBuy: this.gate.allowBuy,
          allowSell: this.gate.allowSell,
        };
        const target = computeQuote(run.cfg, run.grid, inputs);
        run.last = target;
        await this.apply(run, 'buy', target.bid);
        await this.apply(run, 'sell', target.ask);
      } while (run.dirty && !this.stopped && !this.halted);
      if (inputs) {
        run.lastInputs = inputs;
        if (run.last) this.presignAround(run, run.last, inputs);
      }
    } catch (e) {
      this.o.log?.('quote failed', { symbol: sym, error: (e as Error).message });
    } finally {
      run.busy = false;
    }
  }

  /**
   * Config `presign_ticks`: the job that signs, in the background, the orders around `target` (see presign.ts), then
   * around the quotes that would follow a complete fill of either side (a fill changes the sizes, and the venue often
   * sends it with the book update that follows: without them that update's orders would be signed on its path).
   * The ladder is made when the job starts, off the quote pass.
   */
  private presignAround(run: MarketRun, target: QuoteTarget, inputs: QuoteInputs): void {
    if (!this.presigner || this.stopped || this.halted) return;
    const tif = run.cfg.post_only ? 'POST_ONLY' : 'GTT';
    const ticks = this.o.config.presign_ticks;
    this.presigner.schedule(run.cfg.symbol, tif, () => {
      const afterFill = (filled: Decimal) => computeQuote(run.cfg, run.grid, { ...inputs, inventory: filled });
      const also: QuoteTarget[] = [];
      if (target.bid.size.gt(0)) also.push(afterFill(inputs.inventory.plus(target.bid.size)));
      if (target.ask.size.gt(0)) also.push(afterFill(inputs.inventory.minus(target.ask.size)));
      return ladderAround(target, run.grid, ticks, also);
    });
  }

  private async apply(run: MarketRun, side: Side, target: { price: Decimal; size: Decimal }): Promise<void> {
    const cur = run.orders[side];
    if (cur?.pending || cur?.cancelling) return;
    if (!needsReplace(cur, target, run.cfg.replace_threshold_bps)) return;
    const removal = target.size.isZero();
    const now = this.o.clock.now();
    if (!this.coalescer.admit(`${run.cfg.symbol}:${side}`, now, removal)) {
      this.counts.replaceSkippedCoalesce++;
      return;
    }
    if (!this.budget.take(now, (cur ? 1 : 0) + (removal ? 0 : 1))) {
      this.counts.replaceSkippedBudget++;
      return;
    }
    // back-to-back: requests leave now and the pass goes on without waiting for their answers (no round trip on the
    // tick-to-order path); the side stays `pending` / `cancelling` until answered, so no pass acts on it twice.
    const detach = this.o.config.replace_mode === 'back-to-back';
    if (removal) {
      if (cur) detach ? this.launch(this.cancel(run, side)) : await this.cancel(run, side);
      return;
    }
    // Self-trade protection: our other side must not be where this order would trade. Always cancelled first.
    const otherSide = side === 'buy' ? 'sell' : 'buy';
    const other = run.orders[otherSide];
    let afterCancel = false;
    if (
      this.o.config.stp !== 'DISABLED' &&
      other &&
      (side === 'buy' ? target.price.gte(other.price) : target.price.lte(other.price))
    ) {
      if (other.pending || other.cancelling || !(await this.cancel(run, otherSide))) return;
      afterCancel = true;
    }
    if (!cur) {
      detach
        ? this.launch(this.place(run, side, target, afterCancel, this.takeTurn()))
        : await this.place(run, side, target, afterCancel);
      return;
    }
    if (!detach) {
      if (!(await this.cancel(run, side))) return;
      await this.place(run, side, target, true);
      return;
    }
    // The new order is signed and sent first (it is what the tick waits for); the cancel of the old one follows on
    // the next turn of the event loop, so that its request is not built in the middle of the order's. Both may rest
    // for that round trip; a failed cancel leaves the old order to the reconcile, which cancels what we no longer
    // track.
    cur.cancelling = true;
    this.launch(this.place(run, side, target, afterCancel, this.takeTurn()));
    this.launch(new Promise((r) => setImmediate(r)).then(() => this.cancel(run, side, cur)));
  }

  /**
   * One new order is signed and sent per turn of the event loop: the first returns false (send now), later ones true
   * (next turn), so that the first order's request is not held up by the signing of the others.
   */
  private takeTurn(): boolean {
    if (this.turnTaken) return true;
    this.turnTaken = true;
    setImmediate(() => {
      this.turnTaken = false;
    });
    return false;
  }

  /** A request the quote pass does not wait for; `settle` does. */
  private launch(p: Promise<unknown>): void {
    const tracked: Promise<void> = p
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.actions.delete(tracked));
    this.actions.add(tracked);
  }

  /** Cancels `order` (default: the side's current one); the side is forgotten if it still holds that order. */
  private async cancel(run: MarketRun, side: Side, order: OwnOrder | undefined = run.orders[side]): Promise<boolean> {
    const cur = order;
    if (!cur) return true;
    cur.cancelling = true;
    try {
      await this.o.venue.cancelOrder({ symbol: run.cfg.symbol, clientOrderId: cur.clientOrderId });
      this.counts.cancelled++;
      if (run.orders[side] === cur) run.orders[side] = undefined;
      return true;
    } catch (e) {
      // Already gone (filled or cancelled) or unknown: the stream or the next reconcile settles it; no new order now.
      cur.cancelling = false;
      this.o.log?.('cancel failed', { symbol: run.cfg.symbol, side, error: (e as Error).message });
      this.lastReconcile = 0;
      return false;
    }
  }

  private async place(
    run: MarketRun,
    side: Side,
    target: { price: Decimal; size: Decimal },
    afterCancel = false,
    nextTurn = false,
  ): Promise<void> {
    // The sentinel is checked right before sending (a stat): an order never leaves after a halt was written.
    if (this.stopped || this.o.isHalted()) return;
    const clientOrderId = `mm-${this.o.clock.now().toString(36)}-${(this.seq++).toString(36)}`;
    const own: OwnOrder = { clientOrderId, price: target.price, size: target.size, pending: true };
    // The side is taken now (pending), so no pass acts on it again, even when the request leaves on the next turn.
    run.orders[side] = own;
    if (nextTurn) {
      await new Promise((r) => setImmediate(r));
      if (this.stopped || this.o.isHalted() || run.orders[side] !== own) {
        if (run.orders[side] === own) run.orders[side] = undefined;
        return;
      }
    }
    if (run.bookAt !== undefined) {
      this.o.onOrderSent?.(run.bookAt, afterCancel, clientOrderId);
      run.bookAt = undefined;
    }
    try {
      await this.o.venue.placeOrder({
        symbol: run.cfg.symbol,
        side,
        type: 'limit',
        size: target.size,
        price: target.price,
        timeInForce: run.cfg.post_only ? 'POST_ONLY' : 'GTT',
        clientOrderId,
      });
      this.counts.placed++;
      own.pending = false;
    } catch (e) {
      this.counts.rejected++;
      if (run.orders[side] === own) run.orders[side] = undefined;
      const name = (e as Error).name;
      // Sent with an unknown outcome: the order may rest; the reconcile finds and cancels what we do not track.
      if (name === 'UnknownOutcomeError') this.lastReconcile = 0;
      this.o.log?.('place failed', { symbol: run.cfg.symbol, side, error: (e as Error).message });
    }
  }

  /**
   * REST truth, one pass at a time (a request while one runs queues exactly one more): fills the stream missed are
   * booked (deduplicated by id), open orders we do not track are cancelled, sides the venue no longer lists are
   * forgotten, and the position is corrected to the venue's.
   */
  reconcile(): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return this.reconciling;
    }
    const pass = (async () => {
      try {
        do {
          this.reconcileAgain = false;
          await this.reconcileOnce();
        } while (this.reconcileAgain && !this.stopped);
      } finally {
        this.reconciling = undefined;
      }
    })();
    this.reconciling = pass;
    return pass;
  }

  private async reconcileOnce(): Promise<void> {
    const { venue } = this.o;
    for (const [sym, run] of this.runs) {
      // Fills first: the position they imply is then compared with the venue's. Never before our start (the
      // starting position already holds those), with a minute of overlap for late-stamped fills.
      const since = Math.max(this.startedAt, run.fillCursor - FILL_OVERLAP_MS);
      const fills = (await venue.getFills({ symbol: sym, since })).sort((a, b) => a.timestamp - b.timestamp);
      let missed = 0;
      for (const f of fills) {
        if (f.symbol !== sym) continue;
        run.fillCursor = Math.max(run.fillCursor, f.timestamp);
        if (run.pnl.fill(f, run.mid)) missed++;
      }
      if (missed > 0) {
        this.o.log?.('fills the account stream missed, booked from REST', { symbol: sym, fills: missed });
        run.dirty = true;
      }
    }
    const positions = await venue.getPositions();
    for (const [sym, run] of this.runs) {
      const open = await venue.getOpenOrders(sym);
      const ours = new Set([run.orders.buy?.clientOrderId, run.orders.sell?.clientOrderId]);
      for (const o of open) {
        if (o.clientOrderId === undefined || !ours.has(o.clientOrderId)) {
          await venue.cancelOrder({ symbol: sym, orderId: o.id }).catch(() => undefined);
        }
      }
      for (const side of ['buy', 'sell'] as const) {
        const own = run.orders[side];
        if (!own || own.pending) continue;
        const live = open.find((o) => o.clientOrderId === own.clientOrderId);
        if (!live) {
          run.orders[side] = undefined;
          run.dirty = true;
        } else {
          own.size = live.size.minus(live.filledSize);
        }
      }
      const size = positions.find((p) => p.symbol === sym)?.size ?? ZERO;
      if (!size.eq(run.pnl.positionSize)) {
        this.o.log?.('position differs from the fills seen; the venue wins', {
          symbol: sym,
          venue: size.toString(),
          seen: run.pnl.positionSize.toString(),
        });
        run.pnl.resync(size);
        run.dirty = true;
      }
    }
    this.equity = (await venue.getBalance()).equity;
  }

  /** The account stream came back after a drop: reconcile now, then quote from the corrected state. */
  private onReconnected(at: number): void {
    this.o.log?.('account stream reconnected: reconciling by REST', { at });
    this.lastReconcile = this.o.clock.now();
    void this.reconcile()
      .then(() => {
        for (const [sym, run] of this.runs) if (run.dirty) void this.requote(sym);
      })
      .catch((e) => {
        // The next pass of the loop retries.
        this.lastReconcile = 0;
        this.o.log?.('reconcile after reconnect failed', { error: (e as Error).message });
      });
  }

  /** The venue's mass cancel for every quoted market; our sides forgotten. */
  async cancelEverything(reason: string): Promise<void> {
    this.o.log?.('cancel all', { reason });
    for (const [sym, run] of this.runs) {
      await this.o.venue.cancelAllOrders(sym);
      run.orders = {};
    }
  }

  /** Waits for the quote passes in flight (none starts once `halted` or `stopped` is set). */
  private async settle(): Promise<void> {
    await Promise.all([...this.runs.values()].map((r) => r.inflight?.catch(() => undefined)));
    while (this.actions.size > 0) await Promise.all([...this.actions]);
    await this.reconciling?.catch(() => undefined);
  }

  async stop(opts: { cancelAll: boolean }): Promise<void> {
    this.stopped = true;
    if (this.loop) this.o.clock.clearTimeout(this.loop);
    this.presigner?.stop();
    await this.settle();
    await this.signingThread?.close();
    await this.dms.stop();
    for (const s of this.subs.splice(0)) await s.unsubscribe().catch(() => undefined);
    if (opts.cancelAll) await this.cancelEverything('shutdown');
  }
}

/** The venue's market a config key names: unified symbol, the venue's own id, or its base asset (ETH-USD → ETH). */
export function findMarket(markets: readonly Market[], key: string): Market | undefined {
  const k = key.toUpperCase();
  return (
    markets.find((m) => m.symbol.toUpperCase() === k) ??
    markets.find((m) => m.venueSymbol.toUpperCase() === k) ??
    markets.find((m) => m.symbol.toUpperCase() === baseAssetOf(k).toUpperCase())
  );
}

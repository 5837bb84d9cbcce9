import { Decimal } from '@dn/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** A decimal string, a Decimal or a number: metrics are floats by nature, the conversion happens here only. */
export type MetricValue = Decimal | string | number;

/** How an order ended, as the apps count it. `unknown` = sent, outcome not (yet) known. */
export type OrderOutcome = 'filled' | 'partial' | 'unfilled' | 'rejected' | 'unknown' | 'cancelled';

/** Cumulative PnL split over the app's completed work (USD; fees positive = paid). */
export interface PnlSplit {
  fundingUsd: MetricValue;
  feesUsd: MetricValue;
  pricePnlUsd: MetricValue;
  netUsd: MetricValue;
  volumeUsd?: MetricValue;
  cycles?: number;
}

export interface OpsMetricsOptions {
  /** Label `app` on every series. */
  app: string;
  version?: string;
  /** Process metrics (`dn_process_*`, `dn_nodejs_*`); default true. */
  processMetrics?: boolean;
}

/** Latency buckets in seconds: a venue answers in tens of ms; a timeout is seconds. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The one metrics API the apps call: typed setters over a private prom-client registry, so names, labels and units
 * are decided here once and no app touches prom-client.
 */
export class OpsMetrics {
  readonly registry = new Registry();
  private readonly positionSize: Gauge<'venue' | 'symbol'>;
  private readonly positionNotional: Gauge<'venue' | 'symbol'>;
  private readonly netExposure: Gauge<'symbol'>;
  private readonly fundingAccrued: Gauge<'venue' | 'symbol'>;
  private readonly fundingPredicted: Gauge<'venue' | 'symbol'>;
  private readonly pnlFunding: Gauge;
  private readonly pnlFees: Gauge;
  private readonly pnlPrice: Gauge;
  private readonly pnlNet: Gauge;
  private readonly volume: Gauge;
  private readonly cycles: Gauge;
  private readonly orderLatency: Histogram<'venue' | 'outcome'>;
  private readonly orders: Counter<'venue' | 'outcome'>;
  private readonly errors: Counter<'code'>;
  private readonly wsReconnects: Counter<'venue'>;
  private readonly staleness: Gauge<'venue' | 'stream'>;
  private readonly nakedMax: Gauge;
  private readonly nakedTotal: Counter;
  private readonly halted: Gauge;
  private readonly lastLoop: Gauge;
  private nakedTotalSeen = 0;

  constructor(options: OpsMetricsOptions) {
    const r = this.registry;
    r.setDefaultLabels({ app: options.app });
    const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers: [r] });
    this.positionSize = gauge('dn_position_size_base', 'Signed position size in base units (long > 0)', [
      'venue',
      'symbol',
    ]);
    this.positionNotional = gauge('dn_position_notional_usd', 'Absolute position notional at mark (USD)', [
      'venue',
      'symbol',
    ]);
    this.netExposure = gauge('dn_net_exposure_usd', 'Signed sum of the legs of a symbol at mark (USD)', ['symbol']);
    this.fundingAccrued = gauge('dn_funding_accrued_usd', 'Funding received on the open position (USD, > 0 = earned)', [
      'venue',
      'symbol',
    ]);
    this.fundingPredicted = gauge(
      'dn_funding_predicted_usd',
      'Predicted next funding payment on the open position (USD, > 0 = earned)',
      ['venue', 'symbol'],
    );
    this.pnlFunding = gauge('dn_pnl_funding_usd', 'Cumulative funding over completed cycles (USD)');
    this.pnlFees = gauge('dn_pnl_fees_paid_usd', 'Cumulative fees paid over completed cycles (USD, > 0 = paid)');
    this.pnlPrice = gauge('dn_pnl_price_usd', 'Cumulative price PnL over completed cycles (USD)');
    this.pnlNet = gauge('dn_pnl_net_usd', 'Cumulative net PnL over completed cycles (USD)');
    this.volume = gauge('dn_volume_usd', 'Cumulative traded notional (USD)');
    this.cycles = gauge('dn_cycles_completed', 'Completed cycles');
    this.orderLatency = new Histogram({
      name: 'dn_order_latency_seconds',
      help: 'Time from sending an order to knowing its outcome',
      labelNames: ['venue', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [r],
    });
    this.orders = new Counter({
      name: 'dn_orders_total',
      help: 'Orders sent, by outcome',
      labelNames: ['venue', 'outcome'],
      registers: [r],
    });
    this.errors = new Counter({
      name: 'dn_errors_total',
      help: 'Errors by DnError code',
      labelNames: ['code'],
      registers: [r],
    });
    this.wsReconnects = new Counter({
      name: 'dn_ws_reconnects_total',
      help: 'WebSocket reconnects',
      labelNames: ['venue'],
      registers: [r],
    });
    this.staleness = gauge('dn_stream_staleness_seconds', 'Seconds since the last message of a stream', [
      'venue',
      'stream',
    ]);
    this.nakedMax = gauge('dn_naked_exposure_max_seconds', 'Longest single-leg (unhedged) window so far');
    this.nakedTotal = new Counter({
      name: 'dn_naked_exposure_seconds_total',
      help: 'Sum of all single-leg (unhedged) windows',
      registers: [r],
    });
    this.halted = gauge('dn_halted', '1 while the halt sentinel stops the app, else 0');
    this.lastLoop = gauge('dn_last_loop_timestamp_seconds', 'Wall-clock time of the main loop’s last tick');
    const info = gauge('dn_build_info', 'Constant 1, labelled with the app version and Node version', [
      'version',
      'node',
    ]);
    info.set({ version: options.version ?? 'unknown', node: process.version }, 1);
    if (options.processMetrics !== false) collectDefaultMetrics({ register: r, prefix: 'dn_' });
  }

  /** Replaces every position series: a closed leg disappears instead of lingering at its last size. */
  setPositions(
    positions: ReadonlyArray<{ venue: string; symbol: string; size: MetricValue; notionalUsd: MetricValue }>,
  ): void {
    this.positionSize.reset();
    this.positionNotional.reset();
    for (const p of positions) this.setPosition(p.venue, p.symbol, p.size, p.notionalUsd);
  }

  setPosition(venue: string, symbol: string, size: MetricValue, notionalUsd: MetricValue): void {
    this.positionSize.set({ venue, symbol }, num(size));
    this.positionNotional.set({ venue, symbol }, Math.abs(num(notionalUsd)));
  }

  setNetExposure(symbol: string, usd: MetricValue): void {
    this.netExposure.set({ symbol }, num(usd));
  }

  clearNetExposure(): void {
    this.netExposure.reset();
  }

  setFunding(venue: string, symbol: string, accruedUsd: MetricValue, predictedUsd?: MetricValue): void {
    this.fundingAccrued.set({ venue, symbol }, num(accruedUsd));
    if (predictedUsd !== undefined) this.fundingPredicted.set({ venue, symbol }, num(predictedUsd));
  }

  setPnl(pnl: PnlSplit): void {
    this.pnlFunding.set(num(pnl.fundingUsd));
    this.pnlFees.set(num(pnl.feesUsd));
    this.pnlPrice.set(num(pnl.pricePnlUsd));
    this.pnlNet.set(num(pnl.netUsd));
    if (pnl.volumeUsd !== undefined) this.volume.set(num(pnl.volumeUsd));
    if (pnl.cycles !== undefined) this.cycles.set(pnl.cycles);
  }

  recordOrder(venue: string, outcome: OrderOutcome, latencyMs: number): void {
    this.orders.inc({ venue, outcome });
    this.orderLatency.observe({ venue, outcome }, Math.max(0, latencyMs) / 1000);
  }

  recordError(code: string): void {
    this.errors.inc({ code });
  }

  recordWsReconnect(venue: string): void {
    this.wsReconnects.inc({ venue });
  }

  setStreamStaleness(venue: string, stream: string, seconds: number): void {
    this.staleness.set({ venue, stream }, seconds);
  }

  /**
   * Naked exposure from the app's own accounting: the longest window and the running total. The total is a counter,
   * so only its growth is added; a total that went down (state restored from an older file) is ignored.
   */
  setNakedExposure(maxSeconds: number, totalSeconds: number): void {
    this.nakedMax.set(maxSeconds);
    if (totalSeconds > this.nakedTotalSeen) {
      this.nakedTotal.inc(totalSeconds - this.nakedTotalSeen);
      this.nakedTotalSeen = totalSeconds;
    }
  }

  setHalted(halted: boolean): void {
    this.halted.set(halted ? 1 : 0);
  }

  markLoop(wallMs: number = Date.now()): void {
    this.lastLoop.set(wallMs / 1000);
  }

  /** Prometheus text exposition format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

export function createMetrics(options: OpsMetricsOptions): OpsMetrics {
  return new OpsMetrics(options);
}

function num(v: MetricValue): number {
  return typeof v === 'number' ? v : new Decimal(v).toNumber();
}

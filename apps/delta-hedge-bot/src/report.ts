import { Decimal } from '@dn/core';
import type { StatusSnapshot } from '@dn/ops';
import type { CycleView } from './bot.js';
import type { HedgeState } from './state.js';

/** The `--summary` file: figures from the venue's fills, funding payments and positions. */
export interface Summary {
  mode: string;
  venue: string;
  rebalances: number;
  volumeUsd: string;
  feesUsd: string;
  fundingUsd: string;
  /** Realised (average cost, from fills) plus unrealised (the venue's positions) price PnL. */
  pricePnlUsd: string;
  realizedPnlUsd: string;
  unrealizedPnlUsd: string;
  /** pricePnlUsd − feesUsd + fundingUsd. */
  netUsd: string;
  hedgeRatio: number | null;
  rSquared: number | null;
  correlation: number | null;
  hedgeSamples: number | null;
  /** Largest |long notional − short notional| seen at a rebalance, USD. */
  maxNetDeltaUsd: string;
  startedAt: string;
  endedAt: string;
  halted: boolean;
  stopLoss: string | null;
  /** Paper mode: the figures equal the simulator's ledger (fees, funding, realised PnL) exactly. */
  ledgerMatchesVenue?: boolean;
}

export function pnlOf(state: HedgeState, unrealized: Decimal) {
  const a = state.accounting;
  const price = new Decimal(a.realizedPnlUsd).plus(unrealized);
  const net = price.minus(a.feesUsd).plus(a.fundingUsd);
  return { pricePnlUsd: price, netUsd: net };
}

export function summaryOf(
  state: HedgeState,
  p: { mode: string; now: number; unrealized: Decimal; halted: boolean; ledgerMatchesVenue?: boolean },
): Summary {
  const a = state.accounting;
  const { pricePnlUsd, netUsd } = pnlOf(state, p.unrealized);
  return {
    mode: p.mode,
    venue: state.venue,
    rebalances: a.rebalances,
    volumeUsd: a.volumeUsd,
    feesUsd: a.feesUsd,
    fundingUsd: a.fundingUsd,
    pricePnlUsd: pricePnlUsd.toString(),
    realizedPnlUsd: a.realizedPnlUsd,
    unrealizedPnlUsd: p.unrealized.toString(),
    netUsd: netUsd.toString(),
    hedgeRatio: state.hedge?.ratio ?? null,
    rSquared: state.hedge?.rSquared ?? null,
    correlation: state.hedge?.correlation ?? null,
    hedgeSamples: state.hedge?.samples ?? null,
    maxNetDeltaUsd: a.maxNetDeltaUsd,
    startedAt: new Date(state.startedAt).toISOString(),
    endedAt: new Date(p.now).toISOString(),
    halted: p.halted,
    stopLoss: state.stopped?.reason ?? null,
    ...(p.ledgerMatchesVenue !== undefined ? { ledgerMatchesVenue: p.ledgerMatchesVenue } : {}),
  };
}

const usd = (d: Decimal) => `${d.isNegative() ? '' : '+'}${d.toFixed(2)}`;
const time = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

/** One console line: ratio, both legs, net delta, PnL split, next rebalance. */
export function statusLine(mode: string, state: HedgeState, view: CycleView, nextAt: number): string {
  const h = state.hedge;
  const ratio = h ? `h* ${h.ratio.toFixed(4)} R² ${h.rSquared.toFixed(2)}` : 'h* —';
  const target = view.targets ? ` (target ${view.targets.short.toString()})` : '';
  const { pricePnlUsd, netUsd } = pnlOf(state, view.unrealizedPnlUsd);
  const a = state.accounting;
  return (
    `[${mode}] ${time(view.at)} ${ratio} | ${state.long} ${view.longSize.toString()} @ ${view.longPrice.toFixed(1)} | ` +
    `${state.short} ${view.shortSize.toString()} @ ${view.shortPrice.toFixed(2)}${target} | net delta ${usd(view.netDeltaUsd)} USD | ` +
    `PnL price ${usd(pricePnlUsd)} fees ${usd(new Decimal(a.feesUsd).neg())} funding ${usd(new Decimal(a.fundingUsd))} net ${usd(netUsd)} | ` +
    `next rebalance ${time(nextAt)}`
  );
}

/** The ops status page's snapshot. */
export function statusSnapshot(
  state: HedgeState | undefined,
  view: CycleView | undefined,
  p: { mode: string; now: number; halted: boolean; nextAt?: number; lastLoopAt: number | null },
): StatusSnapshot {
  const legs = (view?.legs ?? []).map((l) => ({
    venue: state?.venue ?? '',
    symbol: l.symbol,
    side: (l.size.isNegative() ? 'short' : 'long') as 'long' | 'short',
    size: l.size.toString(),
    entryPrice: l.entryPrice.toString(),
    markPrice: l.markPrice.toString(),
    unrealizedPnlUsd: l.unrealizedPnl.toString(),
    notionalUsd: l.notional.toString(),
  }));
  const pnl = state && view ? pnlOf(state, view.unrealizedPnlUsd) : undefined;
  return {
    app: 'delta-hedge-bot',
    mode: p.mode,
    phase: p.halted ? 'halted' : state?.hedge ? 'hedged' : 'waiting-for-ratio',
    lastLoopAt: p.lastLoopAt,
    ...(p.nextAt !== undefined ? { nextLoopAt: p.nextAt } : {}),
    now: p.now,
    halted: p.halted,
    headline: state?.hedge
      ? `h* ${state.hedge.ratio.toFixed(4)} (R² ${state.hedge.rSquared.toFixed(2)}, ${state.hedge.samples} returns)`
      : 'no hedge ratio yet',
    legs,
    funding: [],
    pnl: {
      cycles: state?.accounting.rebalances ?? 0,
      volumeUsd: state?.accounting.volumeUsd ?? '0',
      feesUsd: state?.accounting.feesUsd ?? '0',
      fundingUsd: state?.accounting.fundingUsd ?? '0',
      pricePnlUsd: pnl?.pricePnlUsd.toString() ?? '0',
      netUsd: pnl?.netUsd.toString() ?? '0',
    },
    ...(view ? { notes: [`net delta ${view.netDeltaUsd.toFixed(2)} USD`] } : {}),
  };
}

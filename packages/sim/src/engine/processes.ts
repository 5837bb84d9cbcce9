import { Decimal } from '@dn/core';
import { cash } from './account.js';
import type { EngineCore, MarketState } from './engine-core.js';
import { checkLiquidations } from './margin.js';
import { cancelResting, fillRestingAtOwnPrice } from './matching.js';
import { markAt, midAt, midFloat } from './prices.js';
import { runTakerFlow } from './taker-flow.js';
import type { SimFundingPayment, SimFundingRecord } from './types.js';
import { GRID_MS, HOUR_MS } from './world.js';

/**
 * Moves the core from its cursor to `target` in time order: resting-order fills, expiries, funding at every interval
 * boundary, margin checks on the liquidation grid; then the books and funding of the grid point at `target`.
 */
export function runProcesses(core: EngineCore, target: number): void {
  const liqCheckMs = core.config.liqCheckMs;
  while (core.cursor < target) {
    const c = core.cursor;
    let end = Math.min(target, (Math.floor(c / HOUR_MS) + 1) * HOUR_MS);
    const positions = anyPositions(core);
    if (positions) end = Math.min(end, (Math.floor(c / liqCheckMs) + 1) * liqCheckMs);
    const expiry = nextExpiry(core, c);
    if (expiry !== undefined) end = Math.min(end, expiry);
    scanResting(core, c, end);
    core.cursor = end;
    if (expiry !== undefined && expiry <= end) expireOrders(core, end);
    if (end % HOUR_MS === 0) settleFunding(core, end);
    if (positions && end % liqCheckMs === 0) checkLiquidations(core, end);
  }
  const gridT = core.world.gridTime(target);
  for (const [sym, mkt] of core.marketStates) {
    mkt.funding.hourlyAt(target);
    if (mkt.lastGridT !== gridT) {
      mkt.lastGridT = gridT;
      mkt.book.prune(gridT);
      core.dirtyBooks.add(sym);
    }
  }
}

function anyPositions(core: EngineCore): boolean {
  for (const a of core.accounts.values()) for (const p of a.positions.values()) if (!p.size.isZero()) return true;
  return false;
}

function nextExpiry(core: EngineCore, after: number): number | undefined {
  let best: number | undefined;
  for (const mkt of core.marketStates.values()) {
    for (const list of [mkt.bids, mkt.asks]) {
      for (const o of list) {
        if (o.expiresAt !== undefined && o.expiresAt > after && (best === undefined || o.expiresAt < best)) {
          best = o.expiresAt;
        }
      }
    }
  }
  return best;
}

function expireOrders(core: EngineCore, t: number): void {
  for (const mkt of core.marketStates.values()) {
    for (const o of [...mkt.bids, ...mkt.asks]) {
      if (o.expiresAt !== undefined && o.expiresAt <= t) {
        cancelResting(core, core.requireAccount(o.accountId), o, 'expired', o.expiresAt);
      }
    }
  }
}

/**
 * Fills resting orders the mid moved through, at grid points in (from, to], in time order, at their own price as
 * makers. A float screen skips the seconds where nothing can cross.
 */
function scanResting(core: EngineCore, from: number, to: number): void {
  const active = [...core.marketStates.values()].filter((mkt) => mkt.bids.length > 0 || mkt.asks.length > 0);
  if (active.length === 0) return;
  const first = Math.floor(from / GRID_MS) + 1;
  const last = Math.floor(to / GRID_MS);
  const bounds = new Map<MarketState, { maxBid: number; minAsk: number }>();
  const refresh = (mkt: MarketState): void => {
    bounds.set(mkt, {
      maxBid: mkt.bids[0] ? (mkt.bids[0].price as Decimal).toNumber() : Number.NEGATIVE_INFINITY,
      minAsk: mkt.asks[0] ? (mkt.asks[0].price as Decimal).toNumber() : Number.POSITIVE_INFINITY,
    });
  };
  for (const mkt of active) refresh(mkt);
  for (let k = first; k <= last; k++) {
    const t = k * GRID_MS;
    for (const mkt of active) {
      if (core.takerFlow && runTakerFlow(core, mkt, core.takerFlow, t)) refresh(mkt);
      const b = bounds.get(mkt);
      if (!b || (b.maxBid === Number.NEGATIVE_INFINITY && b.minAsk === Number.POSITIVE_INFINITY)) continue;
      const midF = midFloat(core.world, mkt, t);
      if (midF > b.maxBid * (1 + 1e-9) && midF < b.minAsk * (1 - 1e-9)) continue;
      const mid = midAt(core.world, mkt, t);
      const crossed = [
        ...mkt.bids.filter((o) => (o.price as Decimal).gte(mid)),
        ...mkt.asks.filter((o) => (o.price as Decimal).lte(mid)),
      ].sort((x, y) => Number(BigInt(x.id) - BigInt(y.id)));
      for (const o of crossed) {
        if (o.expiresAt !== undefined && o.expiresAt <= t) continue;
        if (!core.accounts.get(o.accountId)?.open.has(o.id)) continue;
        fillRestingAtOwnPrice(core, mkt, o, o.size.sub(o.filledSize), t);
      }
      refresh(mkt);
    }
  }
}

function settleFunding(core: EngineCore, t: number): void {
  for (const mkt of core.marketStates.values()) {
    const m = mkt.market;
    if (t % (m.fundingIntervalHours * HOUR_MS) !== 0) continue;
    const rate = mkt.funding.rateAt(t, m.fundingIntervalHours, m.fundingRateCap);
    const mark = markAt(core.world, mkt, t);
    const record: SimFundingRecord = { symbol: m.symbol, time: t, rate, markPrice: mark };
    mkt.fundingHistory.push(record);
    core.enqueue('fundingRate', { record: { ...record }, intervalHours: m.fundingIntervalHours });
    for (const acct of core.accounts.values()) {
      const p = acct.positions.get(m.symbol);
      if (!p || p.size.isZero()) continue;
      // Positive rate: longs pay shorts.
      const amount = cash(p.size.mul(mark).mul(rate).neg(), Decimal.ROUND_HALF_UP);
      if (!amount.isZero()) core.ledgerAdd(acct, 'funding', amount, t, { symbol: m.symbol });
      const payment: SimFundingPayment = {
        id: core.nextId('funding'),
        accountId: acct.id,
        symbol: m.symbol,
        amount,
        rate,
        positionSize: p.size,
        markPrice: mark,
        timestamp: t,
      };
      acct.fundingPayments.push(payment);
      core.enqueue('funding', { accountId: acct.id, payment: { ...payment } });
      core.markAccount(acct, m.symbol);
    }
  }
}

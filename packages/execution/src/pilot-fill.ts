import { Decimal, errorSummary, isTerminalStatus, type Side } from '@dn/core';
import type { IocOutcome } from './ioc.js';
import type { ReadDeps } from './reads.js';
import type { LegVenue } from './types.js';

/** Reads of the pilot's records before giving up on agreement (≈ 3.4 s of backoff, inside the 10 s default). */
const MAX_CONFIRM_READS = 6;

export interface PilotFill {
  /** What the pilot's own records (order status, fills by client id) confirm, absolute base size. */
  confirmed: Decimal;
  /** Order, fills and position agree on `confirmed`. When false the leg must be unwound and the bot halted. */
  agreed: boolean;
  averagePrice?: Decimal;
  /** The three readings, for the log and the halt reason. */
  detail: string;
}

interface Readings {
  order?: Decimal;
  orderId?: string;
  averagePrice?: Decimal;
  fills?: Decimal;
  position?: Decimal;
}

/**
 * How much of the pilot really filled. The venue's position read alone is not trusted (one stale read turned a filled
 * pilot into "aborted", one 10× read sent a 10× hedge): the order's filled size and the sum of its fills, found by
 * client id, must agree with the position. Disagreement is re-read until `deadline` (real ms); what is left
 * undecided is reported with `agreed: false` and the size the pilot's own records confirm.
 */
export async function confirmPilotFill(
  leg: LegVenue,
  req: { symbol: string; side: Side; clientOrderId: string; since: number },
  outcome: IocOutcome,
  deadline: number,
  deps: ReadDeps,
): Promise<PilotFill> {
  let r: Readings = {};
  let lastDetail = '';
  for (let attempt = 0; ; attempt++) {
    r = await read(leg, req, attempt === 0 ? outcome : undefined, deps);
    lastDetail = describe(r);
    const verdict = judge(r, req.side, performance.now() >= deadline || attempt + 1 >= MAX_CONFIRM_READS);
    if (verdict) return { ...verdict, averagePrice: r.averagePrice, detail: lastDetail };
    deps.log.warn(
      { venue: leg.name, symbol: req.symbol, readings: lastDetail, attempt },
      'pilot fill unclear; re-reading',
    );
    if (attempt + 1 >= MAX_CONFIRM_READS || (performance.now() >= deadline && attempt >= 1)) break;
    await deps.clock.sleep(Math.min(200 * 2 ** attempt, 1_000));
  }
  const own = [r.order, r.fills].filter((d): d is Decimal => d !== undefined);
  // What the pilot's own records both confirm; with neither readable, the position is all there is.
  const confirmed = own.length > 0 ? Decimal.min(...own) : (r.position?.abs() ?? new Decimal(0));
  return { confirmed, agreed: false, averagePrice: r.averagePrice, detail: lastDetail };
}

/** An agreed fill, or undefined to read again. `final`: the deadline passed, accept a lagging fills feed. */
function judge(r: Readings, side: Side, final: boolean): Omit<PilotFill, 'detail'> | undefined {
  const { order, fills, position } = r;
  if (order === undefined || position === undefined) return undefined;
  // The account held nothing of this symbol before the pilot, so the position is the pilot's fill, on its side.
  if (!position.isZero() && position.gt(0) !== (side === 'buy')) return undefined;
  if (!order.eq(position.abs())) return undefined;
  if (fills?.eq(order)) return { confirmed: order, agreed: true };
  // Fills feeds lag on some venues: order status and position (two independent records) agreeing is enough once
  // the deadline has passed, but never when the fills show more than the order.
  if (final && (fills === undefined || fills.lt(order))) return { confirmed: order, agreed: true };
  return undefined;
}

async function read(
  leg: LegVenue,
  req: { symbol: string; clientOrderId: string; since: number },
  first: IocOutcome | undefined,
  deps: ReadDeps,
): Promise<Readings> {
  const r: Readings = {};
  const soft = async <T>(what: string, f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (e) {
      deps.log.warn({ venue: leg.name, what, err: errorSummary(e) }, 'pilot read failed');
      return undefined;
    }
  };
  if (first?.kind === 'done') {
    r.order = first.filled;
    r.orderId = first.orderId;
    r.averagePrice = first.averagePrice;
  } else {
    const o = await soft('order', () => leg.venue.getOrder({ symbol: req.symbol, clientOrderId: req.clientOrderId }));
    if (o === null) r.order = new Decimal(0);
    else if (o && isTerminalStatus(o.status)) {
      r.order = o.filledSize;
      r.orderId = o.id;
      r.averagePrice = o.averageFillPrice;
    }
  }
  const [fills, positions] = await Promise.all([
    soft('fills', () => leg.venue.getFills({ symbol: req.symbol, since: req.since })),
    soft('position', () => leg.venue.getPositions()),
  ]);
  if (fills) {
    r.fills = fills
      .filter((f) => f.clientOrderId === req.clientOrderId || (r.orderId !== undefined && f.orderId === r.orderId))
      .reduce((sum, f) => sum.plus(f.size), new Decimal(0));
  }
  if (positions) r.position = positions.find((p) => p.symbol === req.symbol)?.size ?? new Decimal(0);
  return r;
}

function describe(r: Readings): string {
  const s = (d: Decimal | undefined) => (d === undefined ? '?' : d.toString());
  return `order ${s(r.order)}, fills ${s(r.fills)}, position ${s(r.position)}`;
}

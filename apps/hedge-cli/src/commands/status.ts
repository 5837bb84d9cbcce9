import type { VenueName } from '@dn/connect';
import { type Balance, Decimal, type Market, type Position } from '@dn/core';
import { pct, plain, table, usd } from '../format.js';
import { legs, type PairContext } from '../pair.js';
import { type CommandResult, failed, ok } from '../result.js';

export interface LegStatus {
  venue: VenueName;
  /** The side this venue should hold. */
  expected: 'long' | 'short';
  /** Signed size, base units (0 = flat). */
  size: Decimal;
  notional: Decimal;
  entryPrice?: Decimal;
  markPrice?: Decimal;
  unrealizedPnl: Decimal;
  liquidationPrice?: Decimal;
  /** How far the mark may move against the leg before liquidation, fraction of mark. */
  liquidationDistance?: Decimal;
  equity: Decimal;
  availableMargin: Decimal;
  /** Maintenance margin / equity (1 = liquidation), fraction; initial margin when that is all the venue reports. */
  marginRatio?: Decimal;
  marginRatioBasis?: 'maintenance' | 'initial';
}

export type HedgeVerdict = 'flat' | 'hedged' | 'size-mismatch' | 'wrong-side' | 'one-leg';

export interface PairStatus {
  symbol: string;
  legs: [LegStatus, LegStatus];
  verdict: HedgeVerdict;
  /** long size + short size (0 when hedged), base units. */
  mismatch: Decimal;
  /** mismatch × mark, quote currency: the price exposure left. */
  netExposure: Decimal;
  unrealizedPnl: Decimal;
}

function legStatus(
  venue: VenueName,
  expected: 'long' | 'short',
  symbol: string,
  positions: Position[],
  balance: Balance,
): LegStatus {
  const p = positions.find((x) => x.symbol === symbol && !x.size.isZero());
  const size = p?.size ?? new Decimal(0);
  const mark = p?.markPrice;
  const liq = p?.liquidationPrice ?? undefined;
  let liquidationDistance: Decimal | undefined;
  if (p && mark && liq && mark.gt(0) && liq.gt(0)) {
    liquidationDistance = (size.gt(0) ? mark.minus(liq) : liq.minus(mark)).div(mark);
  }
  let marginRatio: Decimal | undefined;
  let marginRatioBasis: LegStatus['marginRatioBasis'];
  if (balance.equity.gt(0)) {
    if (balance.maintenanceMargin) {
      marginRatio = balance.maintenanceMargin.div(balance.equity);
      marginRatioBasis = 'maintenance';
    } else if (balance.initialMarginUsed) {
      marginRatio = balance.initialMarginUsed.div(balance.equity);
      marginRatioBasis = 'initial';
    }
  }
  return {
    venue,
    expected,
    size,
    notional: p ? p.notional.abs() : new Decimal(0),
    ...(p ? { entryPrice: p.entryPrice, markPrice: p.markPrice } : {}),
    unrealizedPnl: p?.unrealizedPnl ?? new Decimal(0),
    ...(liq ? { liquidationPrice: liq } : {}),
    ...(liquidationDistance ? { liquidationDistance } : {}),
    equity: balance.equity,
    availableMargin: balance.availableMargin,
    ...(marginRatio ? { marginRatio, marginRatioBasis } : {}),
  };
}

/**
 * Hedged: the long venue long, the short venue short, sizes equal within half the coarser lot (both venues round to
 * their own lot; `open` sends one size on the common lot, so a real hedge is exact).
 */
export function judge(long: LegStatus, short: LegStatus, lots: [Decimal, Decimal]): HedgeVerdict {
  if (long.size.isZero() && short.size.isZero()) return 'flat';
  if (long.size.isZero() || short.size.isZero()) return 'one-leg';
  if (long.size.lt(0) || short.size.gt(0)) return 'wrong-side';
  const tolerance = Decimal.max(...lots).div(2);
  return long.size.plus(short.size).abs().gt(tolerance) ? 'size-mismatch' : 'hedged';
}

export async function readStatus(ctx: PairContext): Promise<PairStatus> {
  const { symbol } = ctx.config;
  const read = await Promise.all(
    legs(ctx).map(async (leg, i) => {
      const [positions, balance, markets] = await Promise.all([
        leg.venue.getPositions(),
        leg.venue.getBalance(),
        leg.venue.getMarkets(),
      ]);
      const market: Market | undefined = markets.find((m) => m.symbol === symbol);
      return {
        status: legStatus(leg.name, i === 0 ? 'long' : 'short', symbol, positions, balance),
        lot: market?.lotSize ?? new Decimal(0),
      };
    }),
  );
  const [l, s] = read as [(typeof read)[0], (typeof read)[0]];
  const mismatch = l.status.size.plus(s.status.size);
  const mark = l.status.markPrice ?? s.status.markPrice ?? new Decimal(0);
  return {
    symbol,
    legs: [l.status, s.status],
    verdict: judge(l.status, s.status, [l.lot, s.lot]),
    mismatch,
    netExposure: mismatch.mul(mark),
    unrealizedPnl: l.status.unrealizedPnl.plus(s.status.unrealizedPnl),
  };
}

const VERDICT_TEXT: Record<HedgeVerdict, string> = {
  flat: 'FLAT on both venues',
  hedged: 'HEDGED: opposite sides, equal sizes',
  'size-mismatch': 'NOT HEDGED: the sizes differ',
  'wrong-side': 'NOT HEDGED: a venue holds the wrong side (or both the same side)',
  'one-leg': 'NOT HEDGED: only one venue holds a position',
};

/**
 * `status`: both legs (size, notional, entry, mark, uPnL, liquidation price and distance), each account's margin
 * ratio, and the hedge check. Exit 1 when the pair is not hedged (one leg, sizes differ, wrong side).
 */
export async function statusCommand(ctx: PairContext): Promise<CommandResult> {
  const st = await readStatus(ctx);
  const rows = st.legs.map((x) => [
    x.venue,
    x.expected,
    x.size.isZero() ? 'flat' : `${x.size.gt(0) ? 'long' : 'short'} ${x.size.abs().toFixed()}`,
    usd(x.notional),
    plain(x.entryPrice),
    plain(x.markPrice),
    usd(x.unrealizedPnl),
    plain(x.liquidationPrice),
    pct(x.liquidationDistance),
    x.marginRatio ? `${pct(x.marginRatio)}${x.marginRatioBasis === 'initial' ? ' (init)' : ''}` : '–',
    usd(x.equity),
  ]);
  const text = [
    `[${ctx.modeLabel}] ${st.symbol}/${ctx.config.quote}: long ${ctx.long.name}, short ${ctx.short.name}`,
    '',
    table(
      [
        'venue',
        'should be',
        'position',
        'notional',
        'entry',
        'mark',
        'uPnL',
        'liq price',
        'to liq',
        'margin ratio',
        'equity',
      ],
      rows,
    ),
    '',
    VERDICT_TEXT[st.verdict],
    `size mismatch ${st.mismatch.toFixed()} ${st.symbol}, net exposure ${usd(st.netExposure)}, pair uPnL ${usd(st.unrealizedPnl)}`,
  ].join('\n');
  const data = { command: 'status', ...st };
  return st.verdict === 'flat' || st.verdict === 'hedged' ? ok(data, text) : failed(data, text);
}

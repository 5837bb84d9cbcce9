import { Decimal } from '@dn/core';
import type {
  SimAccountSummary,
  SimCancelReason,
  SimEngine,
  SimFill,
  SimFundingPayment,
  SimOrder,
  SimPosition,
} from '../../engine/index.js';
import type { EdgexSimAccount } from './accounts.js';
import { COLLATERAL_COIN_ID, type EdgexSimCatalog } from './contracts.js';

/** What the order's createOrder body said, kept so orders render as sent (the engine's types are coarser). */
export interface EdgexOrderMeta {
  type: string;
  timeInForce: string;
  price: string;
  expireTime: string;
}

const CANCEL_REASONS: Record<SimCancelReason, string> = {
  user: 'USER_CANCELED',
  cancel_all: 'USER_CANCELED',
  ioc_remainder: 'COULD_NOT_FILL',
  expired: 'EXPIRE_CANCELED',
  self_trade: 'SELF_TRADE_CANCELED',
  reduce_only: 'REDUCE_ONLY_CANCELED',
  liquidation: 'LIQUIDATE_CANCELED',
  injected_partial: 'COULD_NOT_FILL',
};

const TIF: Record<string, string> = { GTT: 'GOOD_TIL_CANCEL', IOC: 'IMMEDIATE_OR_CANCEL', POST_ONLY: 'POST_ONLY' };

const d = (x: Decimal): string => x.toFixed();

export class EdgexViews {
  constructor(
    private readonly engine: SimEngine,
    private readonly catalog: EdgexSimCatalog,
    private readonly orderMeta: Map<string, EdgexOrderMeta>,
  ) {}

  contractId(symbol: string): string {
    return this.catalog.bySymbol.get(symbol)?.contractId ?? symbol;
  }

  /** The owner fields every account row starts with, and the contract when the row is about one. */
  private owned(accountId: string, symbol?: string): Record<string, string> {
    const owner = { userId: accountId, accountId, coinId: COLLATERAL_COIN_ID };
    return symbol === undefined ? owner : { ...owner, contractId: this.contractId(symbol) };
  }

  order(o: SimOrder): Record<string, unknown> {
    const meta = this.orderMeta.get(o.id);
    const fills = o.filledSize.gt(0) ? this.engine.fills(o.accountId, { orderId: o.id }) : [];
    const value = fills.reduce((s, f) => s.add(f.price.mul(f.size)), new Decimal(0));
    const status =
      o.status === 'open' || o.status === 'partially_filled'
        ? 'OPEN'
        : o.status === 'filled'
          ? 'FILLED'
          : o.status === 'pending'
            ? 'PENDING'
            : 'CANCELED';
    return {
      id: o.id,
      ...this.owned(o.accountId, o.symbol),
      side: o.side === 'buy' ? 'BUY' : 'SELL',
      price: meta?.price ?? (o.price ? d(o.price) : '0'),
      size: d(o.size),
      clientOrderId: o.clientOrderId ?? '',
      type: meta?.type ?? (o.type === 'market' ? 'MARKET' : 'LIMIT'),
      timeInForce: meta?.timeInForce ?? TIF[o.timeInForce] ?? 'GOOD_TIL_CANCEL',
      reduceOnly: o.reduceOnly,
      triggerPrice: '',
      triggerPriceType: '',
      expireTime: meta?.expireTime ?? String(o.expiresAt ?? 0),
      isPositionTpsl: false,
      isLiquidate: o.liquidation === true,
      isDeleverage: false,
      status,
      cancelReason:
        o.status === 'expired'
          ? 'EXPIRE_CANCELED'
          : o.cancelReason
            ? CANCEL_REASONS[o.cancelReason]
            : 'UNKNOWN_ORDER_CANCEL_REASON',
      cumFillSize: d(o.filledSize),
      cumFillValue: d(value),
      cumFillFee: d(o.fee),
      createdTime: String(o.createdAt),
      updatedTime: String(o.updatedAt),
    };
  }

  fill(f: SimFill): Record<string, unknown> {
    return {
      id: f.id,
      ...this.owned(f.accountId, f.symbol),
      orderId: f.orderId,
      orderSide: f.side === 'buy' ? 'BUY' : 'SELL',
      fillSize: d(f.size),
      fillValue: d(f.price.mul(f.size)),
      fillFee: d(f.fee),
      fillPrice: d(f.price),
      liquidateFee: '0',
      realizePnl: d(f.realizedPnl),
      direction: f.liquidity === 'maker' ? 'MAKER' : 'TAKER',
      isPositionTpsl: false,
      isLiquidate: f.liquidation,
      isDeleverage: false,
      matchFillId: f.tradeId,
      matchTime: String(f.timestamp),
      createdTime: String(f.timestamp),
      updatedTime: String(f.timestamp),
    };
  }

  /** Funding payment as a SETTLE_FUNDING_FEE position transaction; deltaFundingFee = cash received (see mappers). */
  fundingTransaction(p: SimFundingPayment): Record<string, unknown> {
    return {
      id: p.id,
      ...this.owned(p.accountId, p.symbol),
      type: 'SETTLE_FUNDING_FEE',
      deltaOpenSize: '0',
      deltaOpenValue: '0',
      deltaOpenFee: '0',
      deltaFundingFee: d(p.amount),
      fundingTime: String(p.timestamp),
      fundingRate: d(p.rate),
      fundingOraclePrice: d(p.markPrice),
      fundingPositionSize: d(p.positionSize),
      createdTime: String(p.timestamp),
      updatedTime: String(p.timestamp),
    };
  }

  position(p: SimPosition): Record<string, unknown> {
    return {
      ...this.owned(p.accountId, p.symbol),
      openSize: d(p.size),
      openValue: d(p.size.mul(p.entryPrice)),
      openFee: '0',
      fundingFee: '0',
      createdTime: '0',
      updatedTime: '0',
    };
  }

  positionAsset(p: SimPosition): Record<string, unknown> {
    return {
      ...this.owned(p.accountId, p.symbol),
      positionValue: d(p.size.mul(p.markPrice)),
      maxLeverage: d(p.leverage),
      initialMarginRequirement: d(p.initialMargin),
      avgEntryPrice: d(p.entryPrice),
      liquidatePrice: p.liquidationPrice ? d(p.liquidationPrice) : '0',
      bankruptPrice: '0',
      unrealizePnl: d(p.unrealizedPnl),
      termRealizePnl: d(p.realizedPnl),
      totalRealizePnl: d(p.realizedPnl),
    };
  }

  /**
   * StarkEx-style cash: collateral.amount = wallet − Σ open value (buying spends collateral, selling credits it),
   * so amount + Σ size × oracle = equity [uncertain reading of edgeX's `amount`; connectors should use totalEquity].
   */
  collateral(s: SimAccountSummary, positions: SimPosition[]): Record<string, unknown> {
    const openValue = positions.reduce((acc, p) => acc.add(p.size.mul(p.entryPrice)), new Decimal(0));
    return {
      ...this.owned(s.accountId),
      amount: d(s.collateral.sub(openValue)),
      legacyAmount: '0',
      cumDepositAmount: '0',
      cumWithdrawAmount: '0',
      cumTransferInAmount: '0',
      cumTransferOutAmount: '0',
      cumPositionBuyAmount: '0',
      cumPositionSellAmount: '0',
      cumFillFeeAmount: '0',
      cumFundingFeeAmount: '0',
      cumFillFeeIncomeAmount: '0',
      createdTime: '0',
      updatedTime: '0',
    };
  }

  account(a: EdgexSimAccount): Record<string, unknown> {
    const settings: Record<string, unknown> = {};
    for (const [contractId, c] of this.catalog.byId) {
      settings[contractId] = {
        isSetFeeRate: false,
        takerFeeRate: d(c.market.takerFee),
        makerFeeRate: d(c.market.makerFee),
        isSetFeeDiscount: false,
        takerFeeDiscount: '0',
        makerFeeDiscount: '0',
        isSetMaxLeverage: true,
        maxLeverage: d(this.engine.leverage(a.accountId, c.market.symbol)),
      };
    }
    return {
      id: a.accountId,
      userId: a.accountId,
      ethAddress: a.tradingAddress,
      l2Key: a.l2Key,
      l2KeyYCoordinate: a.l2KeyY,
      clientAccountId: 'main',
      isSystemAccount: false,
      defaultTradeSetting: {
        isSetFeeRate: false,
        takerFeeRate: '0',
        makerFeeRate: '0',
        isSetFeeDiscount: false,
        takerFeeDiscount: '0',
        makerFeeDiscount: '0',
        isSetMaxLeverage: false,
        maxLeverage: '10',
      },
      contractIdToTradeSetting: settings,
      maxLeverageLimit: '0',
      createOrderPerMinuteLimit: 0,
      createOrderDelayMillis: 0,
      status: 'NORMAL',
      isLiquidating: false,
      createdTime: '0',
      updatedTime: '0',
    };
  }

  accountAsset(a: EdgexSimAccount): Record<string, unknown> {
    const s = this.engine.account(a.accountId);
    const positions = this.engine.positions(a.accountId);
    const absValue = positions.reduce((acc, p) => acc.add(p.notional), new Decimal(0));
    return {
      account: this.account(a),
      collateralList: [this.collateral(s, positions)],
      positionList: positions.map((p) => this.position(p)),
      positionAssetList: positions.map((p) => this.positionAsset(p)),
      collateralAssetModelList: [
        {
          ...this.owned(a.accountId),
          totalEquity: d(s.equity),
          totalPositionValueAbs: d(absValue),
          initialMarginRequirement: d(s.initialMargin),
          riskValue: d(s.maintenanceMargin),
          starkExRiskValue: d(s.maintenanceMargin),
          pendingWithdrawAmount: '0',
          pendingTransferOutAmount: '0',
          orderFrozenAmount: d(s.orderMargin),
          availableAmount: d(s.availableMargin),
        },
      ],
      oraclePriceList: [],
      version: String(this.engine.processedUntil()),
    };
  }

  ticker(contractId: string): Record<string, unknown> {
    const c = this.catalog.byId.get(contractId);
    if (!c) return {};
    const s = this.engine.stats(c.market.symbol);
    const ivMs = s.funding.intervalHours * 3_600_000;
    return {
      contractId,
      contractName: c.market.venueSymbol,
      priceChange: '0',
      priceChangePercent: '0',
      trades: '0',
      size: d(s.volume24h.div(s.markPrice).toDecimalPlaces(c.market.lotSize.decimalPlaces(), Decimal.ROUND_DOWN)),
      value: d(s.volume24h),
      high: d(s.lastPrice),
      low: d(s.lastPrice),
      open: d(s.lastPrice),
      close: d(s.lastPrice),
      highTime: String(s.time),
      lowTime: String(s.time),
      startTime: String(s.time - 86_400_000),
      endTime: String(s.time),
      lastPrice: d(s.lastPrice),
      indexPrice: d(s.indexPrice),
      oraclePrice: d(s.markPrice),
      markPrice: d(s.markPrice),
      bestBidPrice: d(s.bestBid),
      bestAskPrice: d(s.bestAsk),
      openInterest: d(s.openInterest),
      fundingRate: d(s.funding.rate),
      fundingTime: String(s.funding.nextFundingTime - ivMs),
      nextFundingTime: String(s.funding.nextFundingTime),
      marketOpen: c.market.active,
    };
  }

  /**
   * The rate that settles next. As edgeX's OpenAPI describes `FundingRate.fundingTime`, it is the time the rate was
   * fixed (the current period's start); the rate settles one interval later. `fundingTimestamp`: when it was computed.
   */
  latestFunding(contractId: string): Record<string, unknown> {
    const c = this.catalog.byId.get(contractId);
    if (!c) return {};
    const f = this.engine.funding(c.market.symbol);
    return {
      contractId,
      fundingTime: String(f.nextFundingTime - Math.round(f.intervalHours * 3_600_000)),
      fundingTimestamp: String(this.engine.processedUntil()),
      oraclePrice: d(f.markPrice),
      indexPrice: d(f.indexPrice),
      fundingRate: d(f.rate),
      isSettlement: false,
      forecastFundingRate: d(f.rate),
      previousFundingRate: '',
      previousFundingTimestamp: '0',
      premiumIndex: '0',
      avgPremiumIndex: '0',
      premiumIndexTimestamp: String(this.engine.processedUntil()),
      impactMarginNotional: '1000',
      impactAskPrice: '',
      impactBidPrice: '',
      interestRate: '0.0003',
      predictedFundingRate: d(f.rate),
      fundingRateIntervalMin: String(Math.round(f.intervalHours * 60)),
      starkExFundingIndex: '0',
    };
  }

  depth(contractId: string, level: number, version: number): Record<string, unknown> {
    const c = this.catalog.byId.get(contractId);
    if (!c) return {};
    const b = this.engine.book(c.market.symbol, level);
    const lv = (l: { price: Decimal; size: Decimal }) => ({ price: d(l.price), size: d(l.size) });
    return {
      startVersion: String(version),
      endVersion: String(version),
      level,
      contractId,
      contractName: c.market.venueSymbol,
      asks: b.asks.map(lv),
      bids: b.bids.map(lv),
      depthType: 'SNAPSHOT',
    };
  }
}

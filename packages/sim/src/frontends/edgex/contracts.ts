import type { SimEngine, SimMarket } from '../../engine/index.js';

/*
 * The simulated edgeX metadata. Contract ids: BTC 10000001 and ETH 10000002 as on mainnet (edgex.md §2.4); the rest
 * are numbered on from 10000003 [not venue facts]. StarkEx ids and resolutions: BTC/ETH and the collateral as in
 * edgex.md §2.4; other synthetic ids are the ASCII of "<SYM>-8" like edgeX's ("BTC2-10"), resolution 1e8.
 * The EIP-712 domain (chain 42161, contract 0x…01) is the Go SDK test's placeholder, not edgeX's.
 */
const KNOWN_IDS: Record<string, string> = { BTC: '10000001', ETH: '10000002' };
const STARK: Record<string, { id: string; res: string }> = {
  BTC: { id: '0x425443322d31300000000000000000', res: '0x2540be400' },
  ETH: { id: '0x4554482d3900000000000000000000', res: '0x3b9aca00' },
};
export const COLLATERAL_COIN_ID = '1000';
const COLLATERAL_STARK_ID = '0x2ce625e94458d39dd0bf3b45a843544dd4a14b8169045a3a3d15aa564b936c5';

function asciiHex(text: string): string {
  return `0x${Buffer.from(text, 'ascii').toString('hex').padEnd(30, '0')}`;
}

export interface EdgexSimContract {
  contractId: string;
  market: SimMarket;
  /** The `contractList` entry as served. */
  wire: Record<string, unknown>;
}

export interface EdgexSimCatalog {
  metadata: {
    global: Record<string, unknown>;
    coinList: Record<string, unknown>[];
    contractList: Record<string, unknown>[];
  };
  byId: Map<string, EdgexSimContract>;
  bySymbol: Map<string, EdgexSimContract>;
}

/** Builds the catalog from the engine's markets (grids, fees, funding interval per contract). */
export function buildCatalog(engine: SimEngine): EdgexSimCatalog {
  const byId = new Map<string, EdgexSimContract>();
  const bySymbol = new Map<string, EdgexSimContract>();
  let next = 10000003;
  for (const m of engine.markets()) {
    const contractId = KNOWN_IDS[m.symbol] ?? String(next++);
    const stark = STARK[m.symbol] ?? { id: asciiHex(`${m.symbol}-8`), res: '0x5f5e100' };
    const maxLev = m.maxLeverage.toFixed();
    const wire: Record<string, unknown> = {
      contractId,
      contractName: m.venueSymbol,
      baseCoinId: String(2000 + byId.size),
      quoteCoinId: COLLATERAL_COIN_ID,
      tickSize: m.tickSize.toFixed(),
      stepSize: m.lotSize.toFixed(),
      minOrderSize: m.minSize.toFixed(),
      maxOrderSize: m.lotSize.mul(1_000_000).toFixed(),
      maxOrderBuyPriceRatio: '0.05',
      minOrderSellPriceRatio: '0.05',
      maxPositionSize: m.lotSize.mul(10_000_000).toFixed(),
      riskTierList: [
        {
          tier: 1,
          positionValueUpperBound: '10000000',
          maxLeverage: maxLev,
          maintenanceMarginRate: m.maintenanceMarginRate.toFixed(),
          starkExRisk: '0',
          starkExUpperBound: '0',
        },
      ],
      defaultTakerFeeRate: m.takerFee.toFixed(),
      defaultMakerFeeRate: m.makerFee.toFixed(),
      defaultLeverage: '10',
      liquidateFeeRate: m.liquidationPenaltyRate.toFixed(),
      enableTrade: m.active,
      enableDisplay: true,
      enableOpenPosition: m.active,
      fundingInterestRate: '0.0003',
      fundingImpactMarginNotional: '1000',
      fundingMaxRate: m.fundingRateCap.toFixed(),
      fundingMinRate: m.fundingRateCap.neg().toFixed(),
      fundingRateIntervalMin: String(Math.round(m.fundingIntervalHours * 60)),
      displayDigitMerge: '',
      displayMaxLeverage: maxLev,
      displayMinLeverage: '1',
      starkExSyntheticAssetId: stark.id,
      starkExResolution: stark.res,
      resolution: BigInt(stark.res).toString(),
    };
    const c = { contractId, market: m, wire };
    byId.set(contractId, c);
    bySymbol.set(m.symbol, c);
  }
  const collateral = {
    coinId: COLLATERAL_COIN_ID,
    coinName: 'USD',
    stepSize: '0.000001',
    showStepSize: '0.0001',
    starkExAssetId: COLLATERAL_STARK_ID,
    starkExResolution: '0xf4240',
    resolution: '1000000',
  };
  return {
    metadata: {
      global: {
        appName: 'edgeX (dn simulator)',
        appEnv: 'sim',
        starkExChainId: '0x1',
        starkExContractAddress: '0x0000000000000000000000000000000000000001',
        starkExCollateralCoin: collateral,
        nativeChainId: '42161',
        contractAddress: '0x0000000000000000000000000000000000000001',
      },
      coinList: [collateral],
      contractList: [...byId.values()].map((c) => c.wire),
    },
    byId,
    bySymbol,
  };
}

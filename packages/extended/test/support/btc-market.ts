import type { ExtendedMarketConfig } from '../../src/index.js';

// Shared by the REST, presigning and signing tests and the benches.
// Public SDK test key (python_sdk tests; extended.md §4.6): never funded.
export const TEST_KEY = '0x7a7ff6fd3cab02ccdcd4a572563f5976f8976899b03a39773795a3c486d4986';
export const TEST_PUBLIC = '0x61c5e7e8339b7d56f197f54ea91b776776690e3232313de0f2ecbd0ef76f466';
export const API_KEY = 'fake-api-key-for-fixtures';

// Shapes from extended.md §2.3 (docs + CCXT's mainnet sample): decimals as strings, ms as numbers.
export const BTC_MARKET = `{
  "name": "BTC-USD", "uiName": "Bitcoin", "category": "L1", "assetName": "BTC", "assetPrecision": 5,
  "collateralAssetName": "USD", "collateralAssetPrecision": 6, "active": true, "status": "ACTIVE", "type": "PERPETUAL",
  "marketStats": {
    "dailyVolume": "2417543998.0251", "dailyVolumeBase": "37090.99612", "dailyPriceChange": "-123",
    "dailyPriceChangePercentage": "-0.0019", "dailyLow": "64410", "dailyHigh": "66010", "lastPrice": "65190",
    "askPrice": "65191", "bidPrice": "65190", "markPrice": "65189.7352", "indexPrice": "65215.10284",
    "fundingRate": "0.000012", "nextFundingRate": 1712149200000, "openInterest": "123456789.1",
    "openInterestBase": "1893.455",
    "deleverageLevels": { "shortPositions": [{ "level": 1, "rankingLowerBound": "-1.9" }], "longPositions": [] }
  },
  "tradingConfig": {
    "minOrderSize": "0.0001", "minOrderSizeChange": "0.00001", "minPriceChange": "1",
    "maxMarketOrderValue": "1000000", "maxLimitOrderValue": "5000000", "maxPositionValue": "10000000",
    "maxLeverage": "50.00", "maxNumOrders": "200", "limitPriceCap": "0.05", "limitPriceFloor": "0.05",
    "hourlyFundingRateCap": "0.25", "riskFactorConfig": [{ "upperBound": "400000", "riskFactor": "0.02" }]
  },
  "l2Config": {
    "type": "STARKX", "collateralId": "0x1", "collateralResolution": 1000000,
    "syntheticId": "0x4254432d3600000000000000000000", "syntheticResolution": 1000000
  }
}`;
const wireMarket = JSON.parse(BTC_MARKET) as ExtendedMarketConfig;
/** BTC-USD as `buildOrder` reads it (tick 1, size step 0.00001, collateral 0x1). */
export const BTC_ORDER_MARKET: ExtendedMarketConfig = {
  name: wireMarket.name,
  tradingConfig: wireMarket.tradingConfig,
  l2Config: wireMarket.l2Config,
};

export const FEES = '[{"market":"BTC-USD","makerFeeRate":"0.00000","takerFeeRate":"0.00025","builderFeeRate":"0"}]';
export const DOMAIN = '{"name":"Perpetuals","version":"v0","chainId":"SN_SEPOLIA","revision":1}';
export const BOOK =
  '{"market":"BTC-USD","bid":[{"qty":"0.5","price":"65000"}],"ask":[{"qty":"0.2","price":"65001"},{"qty":"1","price":"65010"}]}';

import { type DecimalInput, decimalText, exact } from './decimal.js';
import type { IntegerLike } from './encoding.js';
import { invalidInput } from './errors.js';

/** What V1 (StarkEx) order signing needs from `getMetaData` for one contract. */
export interface V1MarketInfo {
  contractId: string;
  /** `contract.starkExSyntheticAssetId` (hex). */
  syntheticAssetId: string;
  /** `contract.starkExResolution` (hex or integer), e.g. 0x2540be400 = 1e10 for BTC. */
  syntheticResolution: IntegerLike;
  /** The quote coin's `starkExAssetId` (hex). */
  collateralAssetId: string;
  /** The quote coin's `starkExResolution`, 0xf4240 = 1e6 for USD. */
  collateralResolution: IntegerLike;
  tickSize: DecimalInput;
  /** When given, size must be a multiple of it. */
  stepSize?: DecimalInput;
  /** Rate for the signed fee cap: `contract.defaultTakerFeeRate` (or the account's own taker rate). */
  feeRate: DecimalInput;
}

/** What V2 (EIP-712) order signing needs from `getMetaData` for one contract. */
export interface V2MarketInfo {
  /** Also the EIP-712 `assetIdSynthetic`. */
  contractId: string;
  /** The quote coin's `coinId`, the EIP-712 `assetIdCollateral`. */
  collateralCoinId: string;
  /** `contract.resolution` (decimal or hex). */
  syntheticResolution: IntegerLike;
  /** The quote coin's `resolution` (decimal or hex). */
  collateralResolution: IntegerLike;
  tickSize: DecimalInput;
  stepSize?: DecimalInput;
  /** Rate for the signed fee cap; the SDK uses max(defaultTakerFeeRate, defaultMakerFeeRate). */
  feeRate: DecimalInput;
  /** `global.nativeChainId` (or `global.chainId`), the EIP-712 domain chainId. */
  chainId: IntegerLike;
  /** `global.contractAddress`, the EIP-712 domain verifyingContract. */
  verifyingContract: string;
}

/** The parts of a `getMetaData` response these resolvers read (all strings, as the API sends them). */
export interface EdgexMetadataLike {
  global?: {
    starkExCollateralCoin?: { coinId?: string; starkExAssetId?: string | null; starkExResolution?: string | null };
    nativeChainId?: string | number | null;
    chainId?: string | number | null;
    contractAddress?: string | null;
  };
  coinList?: ReadonlyArray<{
    coinId?: string;
    starkExAssetId?: string | null;
    starkExResolution?: string | null;
    resolution?: string | null;
  }>;
  contractList?: ReadonlyArray<{
    contractId?: string;
    quoteCoinId?: string;
    tickSize?: string;
    stepSize?: string;
    defaultTakerFeeRate?: string | null;
    defaultMakerFeeRate?: string | null;
    starkExSyntheticAssetId?: string | null;
    starkExResolution?: string | null;
    resolution?: string | null;
  }>;
}

/** python SDK fallbacks when the contract carries no fee rate (V1 0.00038, V2 0.001). */
const V1_DEFAULT_FEE_RATE = '0.00038';
const V2_DEFAULT_FEE_RATE = '0.001';

function findContract(metadata: EdgexMetadataLike, contractId: string) {
  const contract = metadata.contractList?.find((c) => c.contractId === contractId);
  if (!contract) throw invalidInput('contractId', 'a contract present in metadata.contractList', contractId);
  const coin = metadata.coinList?.find((c) => c.coinId === contract.quoteCoinId);
  if (!coin) throw invalidInput('quoteCoinId', 'a coin present in metadata.coinList', contract.quoteCoinId);
  return { contract, coin };
}

function required(value: string | number | null | undefined, field: string): string {
  if (value === undefined || value === null || String(value).trim() === '') {
    throw invalidInput(field, 'a value in the venue metadata', value);
  }
  return String(value).trim();
}

/**
 * Picks the V1 signing fields of one contract out of `/api/v1/public/meta/getMetaData` data.
 * The collateral comes from `coinList` by `quoteCoinId`, like the python SDK.
 * @throws InvalidInputError when the contract, its coin or a StarkEx field is missing.
 */
export function resolveV1Market(metadata: EdgexMetadataLike, contractId: string): V1MarketInfo {
  const { contract, coin } = findContract(metadata, contractId);
  const fee = contract.defaultTakerFeeRate?.trim();
  return {
    contractId,
    syntheticAssetId: required(contract.starkExSyntheticAssetId, 'contract.starkExSyntheticAssetId'),
    syntheticResolution: required(contract.starkExResolution, 'contract.starkExResolution'),
    collateralAssetId: required(coin.starkExAssetId, 'coin.starkExAssetId'),
    collateralResolution: required(coin.starkExResolution, 'coin.starkExResolution'),
    tickSize: required(contract.tickSize, 'contract.tickSize'),
    ...(contract.stepSize ? { stepSize: contract.stepSize } : {}),
    feeRate: fee ? fee : V1_DEFAULT_FEE_RATE,
  };
}

/**
 * Picks the V2 signing fields of one contract out of `/api/v2/public/meta/getMetaData` data.
 * @throws InvalidInputError when the contract, its coin, a resolution or the EIP-712 domain is missing.
 */
export function resolveV2Market(metadata: EdgexMetadataLike, contractId: string): V2MarketInfo {
  const { contract, coin } = findContract(metadata, contractId);
  const taker = contract.defaultTakerFeeRate?.trim() || V2_DEFAULT_FEE_RATE;
  const maker = contract.defaultMakerFeeRate?.trim() || V2_DEFAULT_FEE_RATE;
  const chainId = metadata.global?.nativeChainId || metadata.global?.chainId;
  return {
    contractId,
    collateralCoinId: required(coin.coinId, 'coin.coinId'),
    syntheticResolution: required(contract.resolution, 'contract.resolution'),
    collateralResolution: required(coin.resolution, 'coin.resolution'),
    tickSize: required(contract.tickSize, 'contract.tickSize'),
    ...(contract.stepSize ? { stepSize: contract.stepSize } : {}),
    feeRate: exact(decimalText(taker, 'defaultTakerFeeRate')).gte(exact(decimalText(maker, 'defaultMakerFeeRate')))
      ? taker
      : maker,
    chainId: required(chainId, 'global.nativeChainId'),
    verifyingContract: required(metadata.global?.contractAddress, 'global.contractAddress'),
  };
}

/**
 * Parsing throughput of REST payloads into domain types (zod validation + Decimal mapping).
 * Run: pnpm bench (or pnpm exec tsx --conditions=@dn/source bench/parse.bench.ts). Prints figures, asserts nothing.
 */
import { EdgexSymbols, toBalance, toPositions } from '../src/index.js';
import { accountAssetSchema, metadataSchema } from '../src/wire.js';

const contracts = Array.from({ length: 100 }, (_, i) => ({
  contractId: String(10000001 + i),
  contractName: `C${i}USD`,
  quoteCoinId: '1000',
  tickSize: '0.1',
  stepSize: '0.001',
  minOrderSize: '0.001',
  defaultTakerFeeRate: '0.00038',
  defaultMakerFeeRate: '0.00015',
  enableTrade: true,
  fundingRateIntervalMin: '240',
}));
const metadata = { global: {}, coinList: [{ coinId: '1000', coinName: 'USD' }], contractList: contracts };
const asset = {
  collateralList: [{ coinId: '1000', amount: '1000.5' }],
  positionList: contracts.slice(0, 20).map((c) => ({ contractId: c.contractId, openSize: '0.1', openValue: '9000.5' })),
  positionAssetList: contracts.slice(0, 20).map((c) => ({
    contractId: c.contractId,
    positionValue: '9100.5',
    avgEntryPrice: '90005',
    liquidatePrice: '45000.1',
    unrealizePnl: '100',
  })),
  collateralAssetModelList: [{ coinId: '1000', totalEquity: '10010.000001', availableAmount: '8000.5' }],
};

function bench(name: string, n: number, fn: () => void): void {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  const p = (q: number) => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(3);
  console.log(`${name}: ${((n / total) * 1000).toFixed(0)} ops/s  p50 ${p(0.5)} ms  p99 ${p(0.99)} ms`);
}

const symbols = new EdgexSymbols(metadataSchema.parse(metadata));
bench('metadata (100 contracts) parse + symbols', 300, () => new EdgexSymbols(metadataSchema.parse(metadata)));
bench('getAccountAsset (20 positions) parse + balance + positions', 1_000, () => {
  const a = accountAssetSchema.parse(asset);
  toBalance(a, symbols);
  toPositions(a, symbols);
});

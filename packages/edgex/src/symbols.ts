import { baseAssetOf, InvalidInputError, SymbolMap, type UnifiedSymbol } from '@dn/core';
import type { EdgexCoin, EdgexContract, EdgexMetadata } from './wire.js';

/**
 * edgeX contracts by unified symbol. On the wire a market is its numeric `contractId` ("10000001"); its name
 * (`BTCUSD`) gives the unified symbol ("BTC").
 */
export class EdgexSymbols {
  readonly map: SymbolMap;
  private readonly contracts = new Map<string, EdgexContract>();
  private readonly coins = new Map<string, EdgexCoin>();

  constructor(readonly metadata: EdgexMetadata) {
    this.map = new SymbolMap('edgex');
    for (const c of metadata.coinList) this.coins.set(c.coinId, c);
    for (const c of metadata.contractList) {
      this.contracts.set(c.contractId, c);
      const symbol = baseAssetOf(c.contractName);
      // Two contracts on one base (e.g. a relisting) keep the first: a symbol must name one market only.
      if (!this.map.has(symbol)) this.map.set(symbol, c.contractId);
    }
  }

  /** @throws InvalidInputError for an unknown symbol. */
  contractIdOf(symbol: UnifiedSymbol): string {
    return this.map.toVenue(symbol);
  }

  /** @throws InvalidInputError for an unknown symbol. */
  contractOf(symbol: UnifiedSymbol): EdgexContract {
    return this.contract(this.contractIdOf(symbol));
  }

  /** @throws InvalidInputError for an unknown contract id. */
  contract(contractId: string): EdgexContract {
    const c = this.contracts.get(contractId);
    if (!c)
      throw new InvalidInputError(`Unknown edgeX contract ${contractId}`, {
        field: 'contractId',
        value: contractId,
        venue: 'edgex',
      });
    return c;
  }

  /** Unified symbol of a contract id; the contract id itself for contracts not in the metadata (new listings). */
  symbolOf(contractId: string): UnifiedSymbol {
    const c = this.contracts.get(contractId);
    return c ? baseAssetOf(c.contractName) : contractId;
  }

  coin(coinId: string): EdgexCoin | undefined {
    return this.coins.get(coinId);
  }

  all(): EdgexContract[] {
    return [...this.contracts.values()];
  }
}

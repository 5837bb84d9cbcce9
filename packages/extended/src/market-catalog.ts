import { EXTENDED_MARKETS_TTL_MS } from './config.js';
import type { ExtendedMarket } from './wire.js';

/** One loaded market list. */
export interface MarketList {
  at: number;
  list: ExtendedMarket[];
  byName: Map<string, ExtendedMarket>;
}

/** The venue's market list: fetched by one request at a time, kept `EXTENDED_MARKETS_TTL_MS`. */
export class MarketCatalog {
  #cache: MarketList | undefined;
  #load: Promise<MarketList> | undefined;

  constructor(private readonly fetchList: () => Promise<ExtendedMarket[]>) {}

  /** The list while within its TTL, with no request and no wait (undefined: `get` must fetch it). */
  fresh(): MarketList | undefined {
    const cached = this.#cache;
    return cached && Date.now() - cached.at < EXTENDED_MARKETS_TTL_MS ? cached : undefined;
  }

  /** The last loaded list whatever its age (undefined before the first load). */
  last(): MarketList | undefined {
    return this.#cache;
  }

  /** The fresh list, else one fetch shared by every caller waiting for it; `force` fetches anyway. */
  async get(force: boolean): Promise<MarketList> {
    const fresh = force ? undefined : this.fresh();
    if (fresh) return fresh;
    this.#load ??= this.fetchList()
      .then((list) => {
        this.#cache = { at: Date.now(), list, byName: new Map(list.map((m) => [m.name, m])) };
        return this.#cache;
      })
      .finally(() => {
        this.#load = undefined;
      });
    return this.#load;
  }
}

import type { Clock, TimerHandle } from '@dn/core';
import { getStarkPublicKey, type StarknetDomain } from '@dn/extended';
import type { SimEngine, SimMarket, SimOrder } from '../../engine/index.js';
import type { FaultInjector } from '../../faults/fault-injector.js';
import type { SimRequest, SimWsConnection } from '../../server/sim-server.js';
import type { SimAccountRecord } from '../types.js';
import type { OrderMeta } from './wire.js';

/** Domain the simulated venue signs under (served by `GET /info/starknet`). */
export const SIM_DOMAIN: StarknetDomain = Object.freeze({
  name: 'Perpetuals',
  version: 'v0',
  chainId: 'SN_SEPOLIA',
  revision: 1,
});

/** The venue's candle intervals (ISO-8601 durations), REST and stream alike, in ms. */
export const CANDLE_INTERVAL_MS: Record<string, number> = {
  PT1M: 60_000,
  PT5M: 300_000,
  PT15M: 900_000,
  PT30M: 1_800_000,
  PT1H: 3_600_000,
  PT2H: 7_200_000,
  PT4H: 14_400_000,
  PT8H: 28_800_000,
  PT12H: 43_200_000,
  PT24H: 86_400_000,
  P1D: 86_400_000,
};

export interface SimExtendedAccount {
  accountId: string;
  apiKey: string;
  vault: string;
  /** Stark public key derived from the account's fake private key. */
  publicKey: bigint;
}

/** An order the venue accepted and then rejected asynchronously (post-only crossing, reduce-only with nothing to reduce). */
export interface RejectedOrder {
  id: bigint;
  accountId: string;
  wire: Record<string, unknown>;
  createdTime: number;
}

/** Everything the Extended front-end keeps beyond the engine: keys, wire-only order fields, streams, timers. */
export class ExtendedSimState {
  readonly byApiKey = new Map<string, SimExtendedAccount>();
  readonly meta = new Map<string, OrderMeta>();
  readonly rejected: RejectedOrder[] = [];
  readonly accountStreams = new Map<string, Set<{ conn: SimWsConnection; seq: number }>>();
  readonly deadMan = new Map<string, TimerHandle>();
  private readonly positionIds = new Map<string, bigint>();
  private nextRejectedId = 1n;
  private nextPositionId = 1n;

  constructor(
    readonly engine: SimEngine,
    readonly clock: Clock,
    readonly faults: FaultInjector,
    accounts: SimAccountRecord[],
  ) {
    for (const a of accounts) {
      const { apiKey, starkPrivateKey, vault } = a.credentials;
      if (!apiKey || !starkPrivateKey || !vault) continue;
      this.byApiKey.set(apiKey, {
        accountId: a.accountId,
        apiKey,
        vault,
        publicKey: BigInt(getStarkPublicKey(starkPrivateKey)),
      });
    }
  }

  authenticate(req: { headers: SimRequest['headers'] }): SimExtendedAccount | undefined {
    const key = req.headers['x-api-key'];
    return typeof key === 'string' ? this.byApiKey.get(key) : undefined;
  }

  marketByName(name: string): SimMarket | undefined {
    return this.engine.markets().find((m) => m.venueSymbol === name);
  }

  marketOf(symbol: string): SimMarket {
    return this.engine.market(symbol);
  }

  positionId(accountId: string, symbol: string): bigint {
    const key = `${accountId}:${symbol}`;
    let id = this.positionIds.get(key);
    if (id === undefined) {
      id = 1_790_000_000_000_000_000n + this.nextPositionId++;
      this.positionIds.set(key, id);
    }
    return id;
  }

  allocateRejectedId(): bigint {
    return 1_789_000_000_000_000_000n + this.nextRejectedId++;
  }

  /** All orders of an account the venue knows, engine and asynchronously rejected. */
  orderMetaOf(o: SimOrder): OrderMeta | undefined {
    return this.meta.get(o.id);
  }

  pushAccount(accountId: string, type: string, data: unknown): void {
    const conns = this.accountStreams.get(accountId);
    if (!conns) return;
    for (const c of conns) {
      c.seq += 1;
      c.conn.send({ type, data, ts: this.clock.now(), seq: c.seq }, `account:${accountId}`);
    }
  }
}

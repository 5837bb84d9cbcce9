import {
  createWsTransport,
  Decimal,
  type DnError,
  InvalidInputError,
  type OrderBookSnapshot,
  type ReconnectingWebSocket,
  type Subscription,
  TransportError,
  type WsReconnectOptions,
} from '@dn/core';
import { toBookLevel, toStats } from '../mappers.js';
import type { EdgexSymbols } from '../symbols.js';
import {
  depthSchema,
  type EdgexFundingRate,
  type EdgexTicker,
  fundingRateSchema,
  tickerSchema,
  wsQuoteEventSchema,
  wsTradeSchema,
} from '../wire.js';
import { EdgexDepthBook, type EdgexDepthChanges } from './depth-book.js';
import { answerPing, parseFrame, pingFrame } from './frames.js';

export interface EdgexPublicWsOptions {
  /** Quote host, e.g. `wss://quote.edgex.exchange`. */
  wsUrl: string;
  /** A subscribed channel silent this long forces a reconnect (default 60 s). */
  staleAfterMs?: number;
  reconnect?: WsReconnectOptions;
  onError?: (error: DnError<object>) => void;
  /** How depth CHANGED levels are read (default `auto`). */
  depthChanges?: EdgexDepthChanges;
  /** A fresh depth snapshot at least this often (default 60 s). */
  depthResnapshotMs?: number;
}

/** One print of `trades.{contractId}` (see `wsTradeSchema`); `isBuyerMaker` false = the taker bought. */
export interface EdgexTrade {
  contractId: string;
  ticketId?: string;
  time: number;
  price: string;
  size: string;
  isBuyerMaker: boolean;
}

type Handler = (dataType: string, data: unknown[]) => void;

/**
 * The public quote stream `/api/v1/public/ws`: depth (snapshot + CHANGED with `startVersion`/`endVersion`),
 * ticker, trades and funding rate channels, one socket, resubscribed after every reconnect.
 */
export class EdgexPublicWs {
  private readonly ws: ReconnectingWebSocket;
  private readonly handlers = new Map<string, Handler>();

  constructor(private readonly options: EdgexPublicWsOptions) {
    this.ws = createWsTransport({
      url: () => `${options.wsUrl.replace(/\/+$/, '')}/api/v1/public/ws?timestamp=${Date.now()}`,
      venue: 'edgex',
      parse: parseFrame,
      staleAfterMs: options.staleAfterMs ?? 60_000,
      heartbeat: { intervalMs: 30_000, message: pingFrame, timeoutMs: 15_000 },
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      streamKey: ({ parsed }) => {
        const ch = (parsed as { channel?: unknown } | null)?.channel;
        return typeof ch === 'string' ? ch : undefined;
      },
      onMessage: (m, ctx) => answerPing(m, ctx),
    });
    this.ws.on('message', (m) => this.dispatch(m.parsed));
    if (options.onError) {
      const onError = options.onError;
      this.ws.on('error', (e) => onError(e.error));
    }
  }

  /** The underlying socket (state, events, `reconnect()`). */
  get transport(): ReconnectingWebSocket {
    return this.ws;
  }

  /**
   * Order book of one contract (`depth.{contractId}.{15|200}`) kept from the snapshot and CHANGED levels read as
   * `depthChanges` says (see {@link EdgexDepthBook}). A version gap, a crossed book, an impossible level or the
   * periodic refresh throws the book away and resubscribes for a fresh snapshot; `onBook` only sees a consistent book,
   * with its top `levels` per side (at most `level`: deeper ones are not kept up to date by the channel).
   */
  async subscribeDepth(
    symbols: EdgexSymbols,
    contractId: string,
    level: 15 | 200,
    onBook: (book: OrderBookSnapshot) => void,
    levels: number = level,
  ): Promise<Subscription> {
    const emitted = Math.min(levels, level);
    const contract = symbols.contract(contractId);
    const book = new EdgexDepthBook({
      symbol: symbols.symbolOf(contractId),
      tickSize: new Decimal(contract.tickSize),
      lotSize: new Decimal(contract.stepSize),
      ...(this.options.depthChanges !== undefined ? { changes: this.options.depthChanges } : {}),
      ...(this.options.depthResnapshotMs !== undefined ? { resnapshotMs: this.options.depthResnapshotMs } : {}),
    });
    const channel = `depth.${contractId}.${level}`;
    return this.channel(channel, (dataType, data) => {
      const parsed = depthSchema.safeParse(data[0]);
      if (!parsed.success) return;
      const depth = parsed.data;
      const end = Number(depth.endVersion);
      const bids = depth.bids.map(toBookLevel);
      const asks = depth.asks.map(toBookLevel);
      const verdict =
        dataType === 'snapshot' || depth.depthType?.toLowerCase() === 'snapshot'
          ? book.snapshot(bids, asks, end)
          : book.changed(bids, asks, Number(depth.startVersion), end);
      if (verdict.emit) onBook(book.depth(emitted, Date.now()));
      if (verdict.resync) this.resubscribe(channel);
    });
  }

  /** `ticker.{contractId}`: 24 h stats with mark/oracle price and funding. */
  subscribeTicker(contractId: string, onTicker: (ticker: EdgexTicker) => void): Promise<Subscription> {
    return this.channel(`ticker.${contractId}`, (_t, data) => {
      for (const item of data) {
        const t = tickerSchema.safeParse(item);
        if (t.success) onTicker(t.data);
      }
    });
  }

  /**
   * Unified stats of one contract: prices from `ticker.{id}`, funding from `fundingRate.{id}` (the rate that settles
   * next, as `getFunding`; the ticker's own `fundingRate` is the forecast). Emitted once both have arrived.
   */
  async subscribeStats(
    symbols: EdgexSymbols,
    contractId: string,
    onStats: (s: ReturnType<typeof toStats>) => void,
  ): Promise<Subscription> {
    let ticker: EdgexTicker | undefined;
    let rate: EdgexFundingRate | undefined;
    const emit = (): void => {
      if (ticker && rate) onStats(toStats(ticker, rate, symbols, Date.now()));
    };
    const subs = await Promise.all([
      this.subscribeTicker(contractId, (t) => {
        ticker = t;
        emit();
      }),
      this.subscribeFunding(contractId, (r) => {
        rate = r;
        emit();
      }),
    ]);
    return { unsubscribe: async () => void (await Promise.all(subs.map((x) => x.unsubscribe()))) };
  }

  /**
   * `trades.{contractId}`: public prints. A print that does not parse (no taker side, a bad number) is reported to
   * `onError` and skipped, never guessed.
   */
  subscribeTrades(contractId: string, onTrade: (trade: EdgexTrade) => void): Promise<Subscription> {
    return this.channel(`trades.${contractId}`, (_t, data) => {
      for (const item of data) {
        const t = wsTradeSchema.safeParse(item);
        if (!t.success) {
          this.options.onError?.(
            new TransportError(
              'edgeX trades push has an unexpected shape; print skipped',
              { venue: 'edgex' },
              { cause: t.error },
            ),
          );
          continue;
        }
        onTrade({
          contractId: t.data.contractId ?? contractId,
          ...(t.data.ticketId !== undefined ? { ticketId: t.data.ticketId } : {}),
          time: Number(t.data.time),
          price: t.data.price,
          size: t.data.size,
          isBuyerMaker: t.data.isBuyerMaker,
        });
      }
    });
  }

  /** `fundingRate.{contractId}`: predicted and settled rates with `fundingRateIntervalMin`. */
  subscribeFunding(contractId: string, onRate: (rate: EdgexFundingRate) => void): Promise<Subscription> {
    return this.channel(`fundingRate.${contractId}`, (_t, data) => {
      for (const item of data) {
        const r = fundingRateSchema.safeParse(item);
        if (r.success) onRate(r.data);
      }
    });
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await this.ws.close();
  }

  private async channel(channel: string, handler: Handler): Promise<Subscription> {
    if (this.handlers.has(channel)) {
      throw new InvalidInputError('Already subscribed to this edgeX channel', {
        field: 'channel',
        value: channel,
        venue: 'edgex',
      });
    }
    this.handlers.set(channel, handler);
    this.ws.subscribe({
      key: channel,
      subscribeMessage: () => JSON.stringify({ type: 'subscribe', channel }),
      unsubscribeMessage: () => JSON.stringify({ type: 'unsubscribe', channel }),
    });
    await this.ws.connect();
    return {
      unsubscribe: async () => {
        this.handlers.delete(channel);
        this.ws.unsubscribe(channel);
      },
    };
  }

  private resubscribe(channel: string): void {
    try {
      this.ws.send(JSON.stringify({ type: 'unsubscribe', channel }));
      this.ws.send(JSON.stringify({ type: 'subscribe', channel }));
    } catch {
      // Not connected: the reconnect resubscribes and the venue sends a fresh snapshot.
    }
  }

  private dispatch(parsed: unknown): void {
    const ev = wsQuoteEventSchema.safeParse(parsed);
    if (!ev.success) return;
    const handler = this.handlers.get(ev.data.channel);
    handler?.(ev.data.content.dataType.toLowerCase(), ev.data.content.data);
  }
}

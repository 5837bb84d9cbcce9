import {
  type AccountEvent,
  Decimal,
  type DnError,
  type Position,
  type Subscription,
  type UnifiedSymbol,
} from '@dn/core';
import type { EdgexClient } from '../client.js';
import { toBalance, toFill, toFundingPayment, toOrder, toPositions } from '../mappers.js';
import type { EdgexWsTradeEvent } from '../wire.js';
import { fillSchema, orderSchema, positionTransactionSchema } from '../wire.js';

/** See `EdgexVenue.subscribeAccount`. */
export async function subscribeAccountEvents(
  client: EdgexClient,
  onEvent: (event: AccountEvent) => void,
): Promise<Subscription> {
  client.assertCredentials();
  await client.ensureTimeSync();
  const symbols = await client.symbols();
  let refresh: ReturnType<typeof setTimeout> | undefined;
  const changed = new Set<string>();
  let balanceChanged = false;
  let closed = false;
  const flush = async (): Promise<void> => {
    refresh = undefined;
    const contracts = [...changed];
    const withBalance = balanceChanged;
    changed.clear();
    balanceChanged = false;
    try {
      const asset = await client.getAccountAsset();
      if (closed) return;
      const positions = new Map(toPositions(asset, symbols).map((p) => [p.symbol, p]));
      for (const contractId of contracts) {
        const sym = symbols.symbolOf(contractId);
        onEvent({ type: 'position', position: positions.get(sym) ?? flatPosition(sym) });
      }
      if (withBalance || contracts.length > 0) onEvent({ type: 'balance', balance: toBalance(asset, symbols) });
    } catch (e) {
      client.reportStreamError(e as DnError<object>);
    }
  };
  const schedule = (): void => {
    if (refresh === undefined && !closed) refresh = setTimeout(() => void flush(), 25);
  };
  const handle = (content: EdgexWsTradeEvent['content']): void => {
    const data = content.data;
    const snapshot = content.event.toLowerCase() === 'snapshot';
    for (const raw of data.order ?? []) {
      const o = orderSchema.safeParse(raw);
      if (o.success) onEvent({ type: 'order', order: toOrder(o.data, symbols) });
    }
    if (!snapshot) {
      for (const raw of data.orderFillTransaction ?? []) {
        const f = fillSchema.safeParse(raw);
        if (f.success) onEvent({ type: 'fill', fill: toFill(f.data, symbols) });
      }
      for (const raw of data.positionTransaction ?? []) {
        const t = positionTransactionSchema.safeParse(raw);
        if (t.success && t.data.type === 'SETTLE_FUNDING_FEE') {
          onEvent({ type: 'funding', payment: toFundingPayment(t.data, symbols) });
        }
      }
    }
    for (const raw of data.position ?? []) {
      const id = (raw as { contractId?: unknown } | null)?.contractId;
      if (typeof id === 'string') changed.add(id);
    }
    if ((data.collateral ?? []).length > 0 || (data.account ?? []).length > 0) balanceChanged = true;
    if (changed.size > 0 || balanceChanged) schedule();
  };
  // The first accepted connection is the subscription itself; every later one follows a drop, and events in
  // between may be lost: say so before the new Snapshot is handled, so the caller reconciles by REST.
  let firstGeneration: number | undefined;
  const onReady = (generation: number): void => {
    if (firstGeneration === undefined) firstGeneration = generation;
    else if (generation !== firstGeneration && !closed) onEvent({ type: 'reconnected', at: client.now() });
  };
  const stream = await client.openAccountStream(handle, { onReady });
  return {
    unsubscribe: async () => {
      closed = true;
      if (refresh !== undefined) clearTimeout(refresh);
      await client.closeAccountStream(stream);
    },
  };
}

function flatPosition(symbol: UnifiedSymbol): Position {
  const zero = new Decimal(0);
  return {
    symbol,
    size: zero,
    entryPrice: zero,
    markPrice: zero,
    unrealizedPnl: zero,
    liquidationPrice: null,
    notional: zero,
  };
}

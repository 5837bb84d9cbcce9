import type { Market } from '@dn/core';
import type { ReplaySocket } from '@dn/core/testing';

/** A market's steps, limits, fees and funding interval as plain values, to compare with one `toEqual`. */
export function marketFigures(m: Market | undefined) {
  return {
    tickSize: m?.tickSize.toFixed(),
    lotSize: m?.lotSize.toFixed(),
    minNotional: m?.minNotional?.toFixed(),
    maxLeverage: m?.maxLeverage.toFixed(),
    makerFee: m?.makerFee.toFixed(),
    takerFee: m?.takerFee.toFixed(),
    fundingIntervalHours: m?.fundingIntervalHours,
  };
}

/**
 * Pacifica's `/ws` as the replay server plays it: answers `ping` with `pong`, acknowledges each `subscribe` and then
 * sends the frames listed for its `source`.
 */
export function pacificaWsSocket(framesBySource: Record<string, unknown[]>): ReplaySocket {
  return {
    path: '/ws',
    onMessage: (msg, send) => {
      const m = JSON.parse(msg) as { method?: string; params?: { source?: string } };
      if (m.method === 'ping') send({ channel: 'pong' });
      if (m.method !== 'subscribe') return;
      send({ channel: 'subscribe', data: m.params });
      for (const f of framesBySource[m.params?.source ?? ''] ?? []) send(f);
    },
  };
}

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startReplayServer } from '../../src/testing/index.js';

describe('startReplayServer', () => {
  it('answers matching routes with the raw body, records requests, 404s the rest', async () => {
    const server = await startReplayServer({
      routes: [
        { path: '/api/v1/orders', query: { id: '1' }, body: '{"id":12345678901234567890}' },
        { path: /^\/api\/v1\/markets\/\w+$/, body: { ok: true }, times: 1 },
        { method: 'POST', path: '/tx', status: 400, body: { code: 21104 } },
      ],
    });
    try {
      const exact = await fetch(`${server.url}/api/v1/orders?id=1`);
      expect(await exact.text()).toBe('{"id":12345678901234567890}');
      expect((await fetch(`${server.url}/api/v1/orders?id=2`)).status).toBe(404);
      expect(await (await fetch(`${server.url}/api/v1/markets/BTC`)).json()).toEqual({ ok: true });
      expect((await fetch(`${server.url}/api/v1/markets/BTC`)).status).toBe(404);
      const post = await fetch(`${server.url}/tx`, { method: 'POST', body: 'a=1' });
      expect(post.status).toBe(400);
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /api/v1/orders',
        'GET /api/v1/orders',
        'GET /api/v1/markets/BTC',
        'GET /api/v1/markets/BTC',
        'POST /tx',
      ]);
      expect(server.requests[4]?.body).toBe('a=1');
      expect(server.requests[0]?.query).toEqual({ id: '1' });
    } finally {
      await server.close();
    }
  });

  it('serves WebSocket frames on connect and in answer to client frames', async () => {
    const server = await startReplayServer({
      sockets: [
        {
          path: '/stream',
          onConnect: (send) => send({ hello: 1 }),
          onMessage: (msg, send) => send({ echo: JSON.parse(msg) }),
        },
      ],
    });
    try {
      const ws = new WebSocket(`${server.wsUrl}/stream`);
      const frames: unknown[] = [];
      await new Promise<void>((resolve, reject) => {
        ws.on('error', reject);
        ws.on('message', (d) => {
          frames.push(JSON.parse(d.toString()));
          if (frames.length === 1) ws.send(JSON.stringify({ sub: 'book' }));
          if (frames.length === 2) resolve();
        });
      });
      expect(frames).toEqual([{ hello: 1 }, { echo: { sub: 'book' } }]);
      expect(server.received).toEqual(['{"sub":"book"}']);
      ws.close();
    } finally {
      await server.close();
    }
  });
});

import { VENUE_NAMES } from '@dn/connect';
import { type PerpVenue, TransportError } from '@dn/core';
import { EdgexVenue } from '@dn/edgex';
import { ExtendedVenue } from '@dn/extended';
import { LighterVenue } from '@dn/lighter';
import { PacificaVenue } from '@dn/pacifica';
import { describe, expect, it } from 'vitest';
import { cli, closedPort } from './helpers.js';

/** What a connector throws when name resolution fails (core's HTTP transport keeps the code in the cause). */
const CLASSES: Record<string, { prototype: object }> = {
  extended: ExtendedVenue,
  pacifica: PacificaVenue,
  edgex: EdgexVenue,
  lighter: LighterVenue,
};

/** A stand-in of the venue's client class (so the venue's plan accepts it) whose every call fails like `code`. */
function offlineVenue(id: string, code: string): PerpVenue {
  const cause = Object.assign(new Error(`getaddrinfo ${code}`), { code });
  const fail = async () => {
    throw new TransportError(`Could not reach ${id} (${code})`, { venue: id }, { cause });
  };
  const target = Object.assign(Object.create(CLASSES[id]?.prototype ?? Object.prototype), {
    id,
    close: async () => undefined,
  });
  return new Proxy(target as PerpVenue, {
    get: (t, p) => (Object.hasOwn(t, p) ? (t as unknown as Record<PropertyKey, unknown>)[p] : fail),
  });
}

describe('no network: one clear line per venue, exit 1', () => {
  it.each(VENUE_NAMES)(
    '%s: nothing listening on the host → "cannot reach …" and no table',
    async (venue) => {
      const port = await closedPort();
      const r = await cli(['--venues', venue, '--rest-url', `http://127.0.0.1:${port}`, '--timeout-ms', '5000']);
      expect(r.code).toBe(1);
      expect(r.out).toBe(`${venue}: cannot reach 127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
      expect(r.err).toBe('');
    },
    30_000,
  );

  it('DNS failure (ENOTFOUND) on the mainnet hosts: one line naming each host; no real host is contacted', async () => {
    let built = 0;
    const r = await cli(
      [],
      {},
      {
        clientFor: (t) => {
          built++;
          return offlineVenue(t.venue, 'ENOTFOUND');
        },
      },
    );
    expect(built).toBe(4);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual([
      'extended: cannot reach api.starknet.extended.exchange: no network? (ENOTFOUND)',
      'pacifica: cannot reach api.pacifica.fi: no network? (ENOTFOUND)',
      'edgex: cannot reach edgex-prod-v2.edgex.exchange: no network? (ENOTFOUND)',
      'lighter: cannot reach mainnet.zklighter.elliot.ai: no network? (ENOTFOUND)',
    ]);
  });

  it('--testnet names the testnet hosts; --json carries the line per venue', async () => {
    const r = await cli(
      ['--testnet', '--venues', 'lighter,pacifica', '--json'],
      {},
      {
        clientFor: (t) => offlineVenue(t.venue, 'EAI_AGAIN'),
      },
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { ok: boolean; venues: { venue: string; unreachable?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.venues).toEqual([
      {
        venue: 'lighter',
        host: 'testnet.zklighter.elliot.ai',
        unreachable: expect.stringContaining('(EAI_AGAIN)'),
        checks: [],
      },
      {
        venue: 'pacifica',
        host: 'test-api.pacifica.fi',
        unreachable: expect.stringContaining('no network?'),
        checks: [],
      },
    ]);
  });

  it('a venue that answers wrongly is not "unreachable": its rows are reported', async () => {
    const probed: string[] = [];
    const r = await cli(
      ['--venues', 'extended'],
      {},
      {
        clientFor: () => offlineVenue('extended', 'EPROTO'),
        // Every stream row is skipped without markets: the (real) stream host must not even be probed.
        probe: async (url) => {
          probed.push(url);
        },
      },
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('GET /info/markets');
    expect(r.out).toContain('FAILED');
    expect(r.out).toContain('skipped');
    expect(probed).toEqual([]);
  });
});

describe('stream host unreachable while REST answers', () => {
  it('every stream row names the stream host and the reason, at once (no per-stream timeout)', async () => {
    const { startSims } = await import('./helpers.js');
    const sims = await startSims(['pacifica']);
    try {
      const port = await closedPort();
      const rest = sims.handles.get('pacifica')?.restUrl as string;
      const started = Date.now();
      const r = await cli([
        '--venues',
        'pacifica',
        '--rest-url',
        rest,
        '--ws-url',
        `ws://127.0.0.1:${port}`,
        '--json',
        '--timeout-ms',
        '20000',
      ]);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.code).toBe(1);
      const checks =
        (JSON.parse(r.out) as { venues: { checks: { endpoint: string; status: string; detail: string }[] }[] })
          .venues[0]?.checks ?? [];
      const ws = checks.filter((c) => c.endpoint.startsWith('WS '));
      expect(ws.length).toBe(3);
      for (const c of ws) {
        expect(c).toMatchObject({
          status: 'failed',
          detail: `cannot reach 127.0.0.1:${port}: connection refused (ECONNREFUSED)`,
        });
      }
      expect(checks.filter((c) => !c.endpoint.startsWith('WS ')).every((c) => c.status === 'ok')).toBe(true);
    } finally {
      await sims.close();
    }
  }, 180_000);
});

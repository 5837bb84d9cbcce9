import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { VenueName } from '@dn/connect';
import { listenOnLoopback } from '@dn/core/testing';
import { type SimConnectionFile, type SimVenueHandle, startSimVenues } from '@dn/sim';
import { type CliIo, runCli } from '../src/cli.js';
import type { RunOptions } from '../src/run.js';

export const ALL_VENUES: VenueName[] = ['extended', 'pacifica', 'edgex', 'lighter'];

/** Short enough that quiet streams (no trade in time) do not stretch a test; long enough for a loaded CI machine. */
export const TEST_TIMEOUT_MS = 8_000;

export interface Sims {
  handles: Map<VenueName, SimVenueHandle>;
  dir: string;
  /** Writes a connection file; `restUrls` replaces a venue's REST root (a proxy in front of it). */
  connectionFile(restUrls?: Partial<Record<VenueName, string>>): Promise<string>;
  close(): Promise<void>;
}

/** The simulator on loopback, every venue, real time, one account each (FAKE credentials). */
export async function startSims(venues: VenueName[] = ALL_VENUES): Promise<Sims> {
  const handles = (await startSimVenues({ venues, seed: 7, accounts: 1 })) as Map<VenueName, SimVenueHandle>;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-check-'));
  let n = 0;
  return {
    handles,
    dir,
    async connectionFile(restUrls = {}) {
      const now = Date.now();
      const conn: SimConnectionFile = {
        clock: { speed: 1, virtualStartMs: now, realStartMs: now },
        venues: Object.fromEntries(
          [...handles].map(([venue, h]) => {
            const account = h.accounts[0];
            if (!account) throw new Error(`no ${venue} account`);
            return [
              venue,
              {
                restUrl: restUrls[venue] ?? h.restUrl,
                wsUrl: h.wsUrl,
                credentials: account.credentials,
                accountId: account.accountId,
              },
            ];
          }),
        ),
      };
      const file = path.join(dir, `sim-${n++}.json`);
      await fs.writeFile(file, JSON.stringify(conn));
      return file;
    },
    async close() {
      await Promise.all([...handles.values()].map((h) => h.close()));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  runOptions: Partial<RunOptions> = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  const code = await runCli(args, io, runOptions);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export interface JsonReport {
  ok: boolean;
  mode: string;
  venues: {
    venue: string;
    host: string;
    unreachable?: string;
    checks: { endpoint: string; kind: string; scope: string; status: string; latencyMs?: number; detail: string }[];
  }[];
}

export interface Recorded {
  method: string;
  path: string;
}

/**
 * A loopback HTTP proxy in front of one simulator REST root. It records every request (method + path) and can
 * rewrite the body of the answers to one path (a venue changing its payload).
 */
export async function startProxy(
  upstream: string,
  rewrite?: { path: string; body: (json: unknown) => unknown },
): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    requests.push({ method: req.method ?? 'GET', path: url.pathname });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (upRes) => {
          const body: Buffer[] = [];
          upRes.on('data', (c: Buffer) => body.push(c));
          upRes.on('end', () => {
            let text = Buffer.concat(body).toString('utf8');
            if (rewrite && url.pathname === rewrite.path && (upRes.statusCode ?? 500) < 300) {
              text = JSON.stringify(rewrite.body(JSON.parse(text)));
            }
            const headers = { ...upRes.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            res.writeHead(upRes.statusCode ?? 502, headers);
            res.end(text);
          });
        },
      );
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(Buffer.concat(chunks));
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, requests, close };
}

export { closedPort } from '@dn/core/testing';

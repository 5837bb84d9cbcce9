import { type Command, InvalidArgumentError, Option } from 'commander';
import { OpsMetrics } from './metrics.js';
import { type OpsServer, startOpsServer } from './server.js';
import type { CycleRow, StatusSnapshot } from './status.js';

export interface OpsFlags {
  metricsPort?: number;
  httpPort?: number;
  httpHost?: string;
  /** Seconds to keep serving after the run ends. */
  opsLinger?: number;
}

function parsePort(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > 65_535) {
      throw new InvalidArgumentError(`${flag} must be a port number 0–65535 (0 = any free port), got ${value}`);
    }
    return Number(value);
  };
}

function parseSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError(`--ops-linger must be seconds, got ${value}`);
  return Number(value);
}

/** The commander options, for apps that assemble their own command. */
export function opsOptions(): Option[] {
  return [
    new Option(
      '--metrics-port <n>',
      'serve Prometheus metrics on http://<http-host>:<n>/metrics (off by default)',
    ).argParser(parsePort('--metrics-port')),
    new Option(
      '--http-port <n>',
      'serve the read-only status page, /status.json and /healthz on <n> (off by default)',
    ).argParser(parsePort('--http-port')),
    new Option('--http-host <host>', 'address the metrics and status servers bind to').default('127.0.0.1'),
    new Option(
      '--ops-linger <seconds>',
      'after the run ends, keep /metrics and the status page up this long so a last scrape sees the final figures',
    ).argParser(parseSeconds),
  ];
}

/** Adds `--metrics-port`, `--http-port` and `--http-host` to a command. */
export function addOpsFlags<C extends Command>(command: C): C {
  for (const o of opsOptions()) command.addOption(o);
  return command;
}

export interface OpsRuntime {
  /** Present whenever any server runs, so the app can feed it unconditionally with `ops?.metrics`. */
  readonly metrics: OpsMetrics;
  readonly servers: readonly OpsServer[];
  close(): Promise<void>;
  /**
   * Keeps serving for `--ops-linger` seconds (cut short by SIGINT/SIGTERM), then closes. For the end of a run: the
   * final figures are set, and a scraper gets to read them before the process exits.
   */
  finish(): Promise<void>;
}

export interface StartOpsOptions {
  app: string;
  version?: string;
  status: () => StatusSnapshot;
  history?: () => readonly CycleRow[];
  staleAfterMs?: number;
  /** Where the bound addresses are announced (port 0 is only useful if the chosen port is told). */
  print?: (line: string) => void;
}

/**
 * Starts what the flags ask for: nothing (returns null) without `--metrics-port`/`--http-port`; one server when both
 * name the same port; otherwise a metrics server and a status server. `/healthz` is served by both.
 */
export async function startOpsFromFlags(flags: OpsFlags, options: StartOpsOptions): Promise<OpsRuntime | null> {
  const { metricsPort, httpPort } = flags;
  if (metricsPort === undefined && httpPort === undefined) return null;
  const host = flags.httpHost ?? '127.0.0.1';
  const metrics = new OpsMetrics({ app: options.app, version: options.version });
  const servers: OpsServer[] = [];
  const linger = { ms: (flags.opsLinger ?? 0) * 1000, print: options.print, app: options.app };
  const common = { host, staleAfterMs: options.staleAfterMs, status: options.status };
  try {
    if (httpPort !== undefined) {
      const shared = metricsPort === httpPort && httpPort !== 0;
      servers.push(
        await startOpsServer({
          ...common,
          port: httpPort,
          history: options.history,
          metrics: shared ? metrics : undefined,
        }),
      );
      options.print?.(`${options.app}: status page on ${servers[0]?.url}/${shared ? ' (and /metrics)' : ''}`);
      if (shared) return runtime(metrics, servers, linger);
    }
    if (metricsPort !== undefined) {
      const s = await startOpsServer({ ...common, port: metricsPort, metrics, statusPage: false });
      servers.push(s);
      options.print?.(`${options.app}: metrics on ${s.url}/metrics`);
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s.close()));
    throw e;
  }
  return runtime(metrics, servers, linger);
}

function runtime(
  metrics: OpsMetrics,
  servers: OpsServer[],
  linger: { ms: number; print?: (line: string) => void; app: string },
): OpsRuntime {
  const close = async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
  return {
    metrics,
    servers,
    close,
    finish: async () => {
      if (linger.ms > 0) {
        linger.print?.(
          `${linger.app}: serving the final figures for ${linger.ms / 1000} s (SIGTERM or Ctrl-C ends it)`,
        );
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            process.off('SIGINT', done);
            process.off('SIGTERM', done);
            resolve();
          };
          const timer = setTimeout(done, linger.ms);
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
        });
      }
      await close();
    },
  };
}

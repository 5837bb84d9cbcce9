import type { PerpVenue } from '@dn/core';
import { type Check, type CheckResult, runCheck, withDeadline } from './check.js';
import { describeFailure } from './describe-error.js';
import { privateChecks, publicChecks } from './plans/common.js';
import { PLANS, type PlanContext } from './plans/index.js';
import { readOnly } from './read-only.js';
import { clientFor, hostOf, type VenueTarget } from './targets.js';
import { probeTcp } from './tcp-probe.js';
import { unreachableLine } from './unreachable.js';

export interface VenueReport {
  venue: string;
  host: string;
  /** Set when the first call could not reach the venue: the one line shown instead of rows. */
  unreachable?: string;
  results: CheckResult[];
}

export interface RunOptions {
  timeoutMs: number;
  symbol: string;
  now?: () => number;
  /** Tests: how the client is built (default: `@dn/connect`'s `createClient`). */
  clientFor?: (target: VenueTarget) => PerpVenue;
  /** Tests: how a stream host is probed (default: one TCP connect). */
  probe?: (url: string, timeoutMs: number) => Promise<unknown>;
  /** Tests: sees every refused write (there must be none). */
  onViolation?: (method: string) => void;
}

/**
 * Checks one venue: the markets row first (a venue that cannot be reached ends there, with one line), then every
 * other public REST call in turn, the streams together, then — with credentials — the read-only account calls.
 */
export async function checkVenue(target: VenueTarget, options: RunOptions): Promise<VenueReport> {
  const report: VenueReport = { venue: target.venue, host: target.host, results: [] };
  let client: PerpVenue;
  const plan = PLANS[target.venue];
  try {
    client = readOnly((options.clientFor ?? clientFor)(target), options.onViolation);
  } catch (e) {
    report.results.push(clientRow(target, `cannot build the ${target.venue} client: ${describeFailure(e)}`));
    return report;
  }
  const ctx: PlanContext = {
    wantedSymbol: options.symbol,
    timeoutMs: options.timeoutMs,
    now: options.now ?? (() => target.clock?.now() ?? Date.now()),
  };
  try {
    let checks: Check[];
    try {
      checks = publicChecks(plan, client, ctx);
    } catch (e) {
      report.results.push(clientRow(target, describeFailure(e)));
      return report;
    }
    const [markets, ...others] = checks;
    if (!markets) return report;
    const first = await runCheck(target.venue, markets, options.timeoutMs);
    if (first.error !== undefined) {
      const line = unreachableLine(target.host, first.error);
      if (line) {
        report.unreachable = line;
        return report;
      }
    }
    report.results.push(first.result);
    const run = async (check: Check): Promise<CheckResult> => {
      if (check.needsSymbol && !ctx.symbol) return skipped(target.venue, check, 'needs the markets row');
      return (await runCheck(target.venue, check, options.timeoutMs)).result;
    };
    for (const check of others.filter((c) => c.kind === 'rest')) report.results.push(await run(check));
    const streams = others.filter((c) => c.kind === 'ws');
    // Without a probe symbol every stream row is skipped: no reason to touch the stream host.
    if (ctx.symbol) report.results.push(...(await runStreams(target, streams, run, options)));
    else report.results.push(...(await Promise.all(streams.map(run))));
    if (target.private) {
      for (const check of privateChecks(client, ctx, plan.privateEndpoints)) report.results.push(await run(check));
    }
    return report;
  } finally {
    await withDeadline(options.timeoutMs, () => client.close()).catch(() => undefined);
  }
}

/**
 * The stream rows, together. A stream host that cannot be reached at all fails every stream row with the reason
 * (streams would otherwise retry quietly until the deadline).
 */
async function runStreams(
  target: VenueTarget,
  streams: Check[],
  run: (check: Check) => Promise<CheckResult>,
  options: RunOptions,
): Promise<CheckResult[]> {
  if (streams.length === 0) return [];
  const probe = await (options.probe ?? probeTcp)(target.streamUrl, options.timeoutMs);
  const line = probe === undefined ? undefined : unreachableLine(hostOf(target.streamUrl), probe);
  if (line) {
    return streams.map((c) => ({
      venue: target.venue,
      endpoint: c.endpoint,
      kind: c.kind,
      scope: c.scope,
      status: 'failed' as const,
      detail: line,
    }));
  }
  return Promise.all(streams.map(run));
}

function clientRow(target: VenueTarget, detail: string): CheckResult {
  const scope = target.private ? 'private' : 'public';
  return { venue: target.venue, endpoint: 'client', kind: 'rest', scope, status: 'failed', detail };
}

function skipped(venue: string, check: Check, why: string): CheckResult {
  return { venue, endpoint: check.endpoint, kind: check.kind, scope: check.scope, status: 'skipped', detail: why };
}

/** Every venue at once (they are independent hosts); reports in the order asked. */
export async function checkVenues(targets: VenueTarget[], options: RunOptions): Promise<VenueReport[]> {
  return Promise.all(targets.map((t) => checkVenue(t, options)));
}

/** 0 when every row is ok (or quiet), 1 otherwise. */
export function exitCodeOf(reports: VenueReport[]): 0 | 1 {
  const bad = reports.some(
    (r) => r.unreachable || r.results.some((x) => x.status === 'failed' || x.status === 'skipped'),
  );
  return bad ? 1 : 0;
}

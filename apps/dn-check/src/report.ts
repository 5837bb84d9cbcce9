import type { CheckResult } from './check.js';
import { exitCodeOf, type VenueReport } from './run.js';

const STATUS: Record<CheckResult['status'], string> = {
  ok: 'ok',
  failed: 'FAILED',
  quiet: 'quiet',
  skipped: 'skipped',
};

/** The human table: one block per venue, one line per call, then a count. */
export function formatReport(reports: VenueReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.venue} · ${r.host}`);
    if (r.unreachable) {
      lines.push(`  ${r.unreachable}`, '');
      continue;
    }
    const width = Math.max(8, ...r.results.map((x) => label(x).length));
    lines.push(`  ${'ENDPOINT'.padEnd(width)}  ${'RESULT'.padEnd(7)}  ${'LATENCY'.padStart(8)}  DETAIL`);
    for (const x of r.results) {
      const latency = x.latencyMs === undefined ? '' : `${x.latencyMs} ms`;
      lines.push(`  ${label(x).padEnd(width)}  ${STATUS[x.status].padEnd(7)}  ${latency.padStart(8)}  ${x.detail}`);
    }
    lines.push('');
  }
  lines.push(summary(reports));
  return lines.join('\n');
}

function label(x: CheckResult): string {
  return x.scope === 'private' ? `${x.endpoint} [private]` : x.endpoint;
}

export function summary(reports: VenueReport[]): string {
  const count = (s: CheckResult['status']) =>
    reports.reduce((n, r) => n + r.results.filter((x) => x.status === s).length, 0);
  const unreachable = reports.filter((r) => r.unreachable).length;
  const parts = [`${count('ok')} ok`, `${count('failed')} failed`];
  if (count('quiet') > 0) parts.push(`${count('quiet')} quiet`);
  if (count('skipped') > 0) parts.push(`${count('skipped')} skipped`);
  if (unreachable > 0) parts.push(`${unreachable} venue(s) unreachable`);
  return `${exitCodeOf(reports) === 0 ? 'PASS' : 'FAIL'}: ${parts.join(', ')}`;
}

/** `--json`: the same facts for scripts and monitors. */
export function toJson(reports: VenueReport[], mode: string): object {
  return {
    ok: exitCodeOf(reports) === 0,
    mode,
    venues: reports.map((r) => ({
      venue: r.venue,
      host: r.host,
      ...(r.unreachable ? { unreachable: r.unreachable } : {}),
      checks: r.results.map((x) => ({
        endpoint: x.endpoint,
        kind: x.kind,
        scope: x.scope,
        status: x.status,
        ...(x.latencyMs !== undefined ? { latencyMs: x.latencyMs } : {}),
        detail: x.detail,
      })),
    })),
  };
}

import { Decimal } from '@dn/core';
import { renderPnlChart } from './pnl-chart.js';
import type { CycleRow, StatusSnapshot } from './status.js';

/** Newest rows shown in the history table; the chart uses all of them. */
const HISTORY_ROWS = 50;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1f2328;max-width:980px}
h1{font-size:1.3rem;margin:0 0 .3rem}h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
table{border-collapse:collapse;width:100%}th,td{padding:.25rem .5rem;border-bottom:1px solid #d0d7de;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#656d76;fill:#656d76}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;background:#ddf4ff;margin-right:.4rem}
.halted{background:#ffebe9;color:#cf222e}.pos{color:#1a7f37}.neg{color:#cf222e}
.axis{stroke:#8c959f;stroke-dasharray:4 3}.tick{font-size:11px;fill:#656d76}`;

/**
 * The read-only status page: a static HTML document (no script, no form, no external resource) that refreshes
 * itself every `refreshSeconds`. Every value is escaped; the snapshot was redacted before it got here.
 */
export function renderStatusPage(
  status: StatusSnapshot,
  history: readonly CycleRow[],
  options: { refreshSeconds?: number; healthy?: boolean; metrics?: boolean } = {},
): string {
  const refresh = options.refreshSeconds ?? 10;
  const p = status.pnl;
  const badges = [
    badge(`mode ${status.mode}`),
    badge(`phase ${status.phase}`),
    status.halted ? badge('HALTED', 'halted') : '',
    options.healthy === false ? badge('loop stale', 'halted') : '',
  ].join('');
  const legs =
    status.legs.length === 0
      ? '<p class="muted">no open leg</p>'
      : table(
          ['venue', 'symbol', 'side', 'size', 'entry', 'mark', 'uPnL $', 'liq.', 'notional $'],
          status.legs.map((l) => [
            l.venue,
            l.symbol,
            l.side,
            num(l.size),
            num(l.entryPrice),
            num(l.markPrice),
            money(l.unrealizedPnlUsd),
            l.liquidationPrice === null ? 'none' : num(l.liquidationPrice),
            money(l.notionalUsd),
          ]),
          [3, 4, 5, 6, 7, 8],
        );
  const funding =
    status.funding.length === 0
      ? '<p class="muted">no funding reading yet</p>'
      : table(
          ['venue', 'symbol', 'APR %', 'paid / predicted', 'accrued $'],
          status.funding.map((f) => [
            f.venue,
            f.symbol ?? '',
            num(f.aprPct),
            num(f.paidOverPredicted),
            money(f.accruedUsd),
          ]),
          [2, 3, 4],
        );
  const rows = [...history].sort((a, b) => b.closedAt - a.closedAt).slice(0, HISTORY_ROWS);
  const historyTable =
    rows.length === 0
      ? '<p class="muted">no completed cycle yet</p>'
      : table(
          ['closed', 'cycle', 'symbol', 'long', 'short', 'size', 'reason', 'funding $', 'fees $', 'price $', 'net $'],
          rows.map((r) => [
            iso(r.closedAt),
            r.id,
            r.symbol,
            r.longVenue,
            r.shortVenue,
            num(r.size),
            r.reason,
            money(r.fundingUsd),
            money(r.feesUsd),
            money(r.pricePnlUsd),
            signed(r.netUsd),
          ]),
          [5, 7, 8, 9, 10],
        );
  const totals = table(
    ['cycles', 'volume $', 'funding $', 'fees paid $', 'price $', 'net $', 'max naked s'],
    [
      [
        String(p.cycles),
        money(p.volumeUsd),
        money(p.fundingUsd),
        money(p.feesUsd),
        money(p.pricePnlUsd),
        signed(p.netUsd),
        p.maxNakedExposureSeconds === undefined ? '' : p.maxNakedExposureSeconds.toFixed(2),
      ],
    ],
    [0, 1, 2, 3, 4, 5, 6],
  );
  const notes = (status.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="${refresh}"><title>${esc(status.app)} status</title><style>${STYLE}</style></head>
<body>
<h1>${esc(status.app)}</h1>
<p id="summary">${badges}<span class="muted">app clock ${iso(status.now)}, last loop ${status.lastLoopAt === null ? 'not yet' : iso(status.lastLoopAt)}</span></p>
${status.headline ? `<p id="headline">${esc(status.headline)}</p>` : ''}
${notes ? `<ul id="notes">${notes}</ul>` : ''}
<h2>Legs</h2><div id="legs">${legs}</div>
<h2>Funding</h2><div id="funding">${funding}</div>
<h2>Cumulative PnL</h2><div id="pnl">${totals}</div>
<div id="chart">${renderPnlChart(history)}</div>
<h2>Cycle history</h2><div id="history">${historyTable}</div>
<p class="muted">Read-only. <a href="status.json">status.json</a> · <a href="healthz">healthz</a>${options.metrics ? ' · <a href="metrics">metrics</a>' : ''}</p>
</body></html>
`;
}

function table(head: string[], rows: string[][], numeric: number[]): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="n"' : '');
  const th = head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c.startsWith('<span') ? c : esc(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function badge(text: string, cls = ''): string {
  return `<span class="badge ${cls}">${esc(text)}</span>`;
}

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : '';
}

function num(v: string | undefined | null): string {
  if (v === undefined || v === null || v === '') return '';
  return isDecimal(v) ? new Decimal(v).toSignificantDigits(8).toString() : v;
}

function money(v: string | undefined): string {
  if (v === undefined || v === '') return '';
  return isDecimal(v) ? new Decimal(v).toFixed(2) : v;
}

/** A coloured amount; the only cell built as markup, from a number we formatted ourselves. */
function signed(v: string): string {
  if (!isDecimal(v)) return v;
  const d = new Decimal(v);
  return `<span class="${d.isNegative() ? 'neg' : 'pos'}">${d.toFixed(2)}</span>`;
}

function isDecimal(v: string): boolean {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v);
}

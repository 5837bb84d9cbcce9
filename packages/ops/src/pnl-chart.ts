import { Decimal } from '@dn/core';
import type { CycleRow } from './status.js';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 64, right: 16, top: 16, bottom: 28 };

/**
 * Cumulative net PnL over the completed cycles as an inline SVG string, rendered on the server: the page needs no
 * script, no network and no browser-side library, and the chart is already in the HTML a scraper or test reads.
 */
export function renderPnlChart(rows: readonly CycleRow[]): string {
  const points: Array<{ t: number; v: number }> = [];
  let cum = new Decimal(0);
  for (const r of [...rows].sort((a, b) => a.closedAt - b.closedAt)) {
    cum = cum.plus(r.netUsd);
    points.push({ t: r.closedAt, v: cum.toNumber() });
  }
  const open = `<svg id="pnl-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Cumulative net PnL">`;
  if (points.length === 0) {
    return `${open}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" class="muted">no completed cycle yet</text></svg>`;
  }
  // A single cycle still draws a line: from zero at its open to its net at its close.
  const first = rows.reduce((m, r) => Math.min(m, r.openedAt ?? r.closedAt), Number.POSITIVE_INFINITY);
  points.unshift({ t: Math.min(first, points[0]?.t ?? first), v: 0 });
  const t0 = points[0]?.t ?? 0;
  const t1 = Math.max(points[points.length - 1]?.t ?? t0, t0 + 1);
  const vs = points.map((p) => p.v);
  let lo = Math.min(0, ...vs);
  let hi = Math.max(0, ...vs);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + ((hi - v) / (hi - lo)) * (HEIGHT - PAD.top - PAD.bottom);
  const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const last = points[points.length - 1]?.v ?? 0;
  const colour = last >= 0 ? '#1a7f37' : '#cf222e';
  const label = (v: number) => `$${v.toFixed(2)}`;
  const date = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
  return [
    open,
    `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" class="axis"/>`,
    `<text x="${PAD.left - 6}" y="${(y(hi) + 4).toFixed(1)}" text-anchor="end" class="tick">${label(hi)}</text>`,
    `<text x="${PAD.left - 6}" y="${(y(lo) + 4).toFixed(1)}" text-anchor="end" class="tick">${label(lo)}</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 8}" class="tick">${date(t0)}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end" class="tick">${date(t1)}</text>`,
    `<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="2"/>`,
    '</svg>',
  ].join('');
}

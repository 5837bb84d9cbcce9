import { Decimal } from '@dn/core';
import type { EChartsOption } from 'echarts';
import type { HistoryView } from '../backtest/market-data.js';
import type { BacktestResult } from '../backtest/run.js';
import type { BacktestSummary } from '../backtest/summary.js';
import { downsample, renderSvg } from './charts.js';

const HOURS_PER_YEAR = 8760;

/** A closed cycle as the report shows it (from a backtest or from the bot's state). */
export interface ReportCycle {
  symbol: string;
  long: string;
  short: string;
  openedAt?: number;
  closedAt: number;
  reason: string;
  fundingUsd: Decimal;
  /** Fees and slippage, positive = paid. */
  costsUsd: Decimal;
  pricePnlUsd: Decimal;
  netUsd: Decimal;
}

export interface ReportPoint {
  t: number;
  fundingUsd: Decimal;
  costsUsd: Decimal;
  pricePnlUsd: Decimal;
  netUsd: Decimal;
}

export interface ReportModel {
  title: string;
  /** Key figures shown above the charts. */
  figures: Array<[string, string]>;
  equity: ReportPoint[];
  cycles: ReportCycle[];
  /** Funding history, for the rate chart and the heat map (absent: those sections say so). */
  view?: HistoryView;
  venues: string[];
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const num = (d: Decimal, places = 2) => Number(d.toFixed(places));
const usd = (d: Decimal) => `${d.isNeg() ? '-' : ''}$${d.abs().toFixed(2)}`;

export async function reportHtml(m: ReportModel): Promise<string> {
  const sections: string[] = [];
  sections.push(section('Cumulative PnL', 'pnl', await pnlChart(m.equity)));
  const traded = tradedSymbols(m.cycles);
  if (m.view && traded.length > 0) {
    const charts: string[] = [];
    for (const symbol of traded) charts.push(await fundingChart(m.view, symbol, m.venues, m.cycles));
    sections.push(section('Funding rate per venue (APR %), entries ▲ and exits ▼', 'funding', charts.join('\n')));
  } else {
    sections.push(
      section('Funding rate per venue', 'funding', '<p class="note">No funding history given (--from).</p>'),
    );
  }
  sections.push(
    section(
      'Mean funding APR by symbol × venue pair (%)',
      'heatmap',
      m.view ? await heatMap(m.view, m.venues, traded) : '<p class="note">No funding history given (--from).</p>',
    ),
  );
  sections.push(section('Cycles', 'cycles', cycleTable(m.cycles)));
  const figures = m.figures.map(([k, v]) => `<div class="fig"><span>${esc(k)}</span><b>${esc(v)}</b></div>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(m.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 12px}h2{font-size:16px;margin:28px 0 8px}
#figures{display:flex;flex-wrap:wrap;gap:8px}.fig{border:1px solid #dde2ea;border-radius:6px;padding:6px 10px}
.fig span{display:block;color:#667;font-size:12px}.fig b{font-size:15px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}td,th{border-bottom:1px solid #e6e9ef;padding:3px 8px;text-align:right}
td:nth-child(-n+4),th:nth-child(-n+4){text-align:left}.neg{color:#b3261e}.note{color:#667}
.chart svg{max-width:100%;height:auto}
</style></head><body>
<h1>${esc(m.title)}</h1>
<div id="figures">${figures}</div>
${sections.join('\n')}
</body></html>
`;
}

function section(title: string, id: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2><div class="chart">${body}</div></section>`;
}

function tradedSymbols(cycles: ReportCycle[]): string[] {
  const byNet = new Map<string, Decimal>();
  for (const c of cycles) byNet.set(c.symbol, (byNet.get(c.symbol) ?? new Decimal(0)).plus(c.netUsd.abs()));
  return [...byNet]
    .sort((a, b) => b[1].cmp(a[1]))
    .slice(0, 4)
    .map(([s]) => s);
}

async function pnlChart(points: ReportPoint[]): Promise<string> {
  const p = downsample(points, 1500);
  const series = (name: string, f: (x: ReportPoint) => Decimal, width = 1.5) => ({
    name,
    type: 'line' as const,
    showSymbol: false,
    lineStyle: { width },
    data: p.map((x) => [x.t, num(f(x))]),
  });
  return renderSvg(
    {
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'USD' },
      series: [
        series('funding', (x) => x.fundingUsd),
        series('fees + slippage', (x) => x.costsUsd.neg()),
        series('price', (x) => x.pricePnlUsd),
        series('net', (x) => x.netUsd, 2.5),
      ],
    },
    1000,
    340,
  );
}

async function fundingChart(
  view: HistoryView,
  symbol: string,
  venues: string[],
  cycles: ReportCycle[],
): Promise<string> {
  const series: NonNullable<EChartsOption['series']> = [];
  for (const v of venues) {
    const f = view.get(v, symbol)?.funding;
    if (!f || f.length === 0) continue;
    series.push({
      name: `${v}`,
      type: 'line',
      showSymbol: false,
      data: downsample(f, 800).map((r) => [r.time, num(r.rate.div(r.intervalHours).mul(HOURS_PER_YEAR).mul(100))]),
    });
  }
  const mine = cycles.filter((c) => c.symbol === symbol);
  const marks = [
    ...mine
      .filter((c) => c.openedAt !== undefined)
      .map((c) => ({
        xAxis: c.openedAt as number,
        name: `in ${c.long}/${c.short}`,
        symbol: 'triangle',
        color: '#1b873f',
      })),
    ...mine.map((c) => ({ xAxis: c.closedAt, name: `out ${c.reason}`, symbol: 'triangle', color: '#b3261e' })),
  ];
  series.push({
    name: 'entries / exits',
    type: 'scatter',
    symbolSize: 11,
    data: marks.map((mk) => ({
      value: [mk.xAxis, 0],
      symbolRotate: mk.color === '#b3261e' ? 180 : 0,
      itemStyle: { color: mk.color },
      name: mk.name,
    })),
  });
  return `<h3>${esc(symbol)}</h3>${await renderSvg(
    {
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'APR %' },
      series,
    },
    1000,
    260,
  )}`;
}

/** Mean rate per hour of each venue over the stored period; a pair's APR is the spread of the two, long the lower. */
async function heatMap(view: HistoryView, venues: string[], traded: string[]): Promise<string> {
  const meanHourly = new Map<string, Decimal>();
  const symbols = new Set<string>();
  for (const m of view.markets) {
    const f = view.get(m.venue, m.symbol)?.funding ?? [];
    if (f.length === 0 || !venues.includes(m.venue)) continue;
    const hours = f.reduce((a, r) => a + r.intervalHours, 0);
    meanHourly.set(`${m.venue}:${m.symbol}`, f.reduce((a, r) => a.plus(r.rate), new Decimal(0)).div(hours));
    symbols.add(m.symbol);
  }
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < venues.length; i++)
    for (let j = i + 1; j < venues.length; j++) pairs.push([venues[i] as string, venues[j] as string]);
  const rows: Array<{ symbol: string; values: Array<number | null> }> = [];
  for (const s of symbols) {
    const values = pairs.map(([a, b]) => {
      const ra = meanHourly.get(`${a}:${s}`);
      const rb = meanHourly.get(`${b}:${s}`);
      return ra && rb ? num(rb.minus(ra).abs().mul(HOURS_PER_YEAR).mul(100), 1) : null;
    });
    rows.push({ symbol: s, values });
  }
  // The best 20 symbols, and every traded one.
  const best = (r: { values: Array<number | null> }) => Math.max(...r.values.map((v) => v ?? 0));
  rows.sort((x, y) => best(y) - best(x));
  const shown = rows.filter((r, i) => i < 20 || traded.includes(r.symbol)).reverse();
  const data: Array<[number, number, number]> = [];
  shown.forEach((r, y) => {
    r.values.forEach((v, x) => {
      if (v !== null) data.push([x, y, v]);
    });
  });
  const max = Math.max(1, ...data.map((d) => d[2]));
  return renderSvg(
    {
      grid: { left: 90, right: 110, top: 10, bottom: 50 },
      xAxis: { type: 'category', data: pairs.map(([a, b]) => `${a} / ${b}`), splitArea: { show: true } },
      yAxis: { type: 'category', data: shown.map((r) => r.symbol), splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: false, orient: 'vertical', right: 20, top: 'center' },
      series: [{ type: 'heatmap', data, label: { show: true, fontSize: 10 } }],
    },
    Math.max(500, 160 * pairs.length + 200),
    Math.max(200, 22 * shown.length + 70),
  );
}

function cycleTable(cycles: ReportCycle[]): string {
  if (cycles.length === 0) return '<p class="note">No cycle.</p>';
  const cell = (d: Decimal) => `<td class="${d.isNeg() ? 'neg' : ''}">${usd(d)}</td>`;
  const rows = cycles.map(
    (c) =>
      `<tr><td>${esc(c.symbol)}</td><td>${esc(c.long)}</td><td>${esc(c.short)}</td><td>${esc(c.reason)}</td>` +
      `<td>${c.openedAt === undefined ? '' : new Date(c.openedAt).toISOString().slice(0, 16).replace('T', ' ')}</td>` +
      `<td>${new Date(c.closedAt).toISOString().slice(0, 16).replace('T', ' ')}</td>` +
      `${cell(c.fundingUsd)}${cell(c.costsUsd.neg())}${cell(c.pricePnlUsd)}${cell(c.netUsd)}</tr>`,
  );
  return `<table id="cycle-table"><thead><tr><th>symbol</th><th>long</th><th>short</th><th>exit</th><th>opened (UTC)</th><th>closed (UTC)</th><th>funding</th><th>fees + slippage</th><th>price</th><th>net</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The report of a backtest. */
export function backtestReportHtml(o: {
  result: BacktestResult;
  summary: BacktestSummary;
  view: HistoryView;
  title: string;
}): Promise<string> {
  const s = o.summary;
  return reportHtml({
    title: `${o.title}: ${s.venues.join(' + ')}, ${s.days.toFixed(1)} days`,
    figures: [
      ['period', `${new Date(s.from).toISOString().slice(0, 10)} → ${new Date(s.until).toISOString().slice(0, 10)}`],
      ['per leg', `$${s.notionalUsd.toFixed(0)}`],
      ['cycles', String(s.cycles)],
      ['net', usd(s.netUsd)],
      ['gross APR', `${s.grossAprPct.toFixed(2)}%`],
      ['net APR', `${s.netAprPct.toFixed(2)}%`],
      ['max drawdown', usd(s.maxDrawdownUsd)],
      ['time in market', `${s.timeInMarketPct.toFixed(1)}%`],
    ],
    equity: o.result.equity,
    cycles: o.result.cycles.map((c) => ({ ...c, costsUsd: c.feesUsd.plus(c.slippageUsd) })),
    view: o.view,
    venues: s.venues,
  });
}

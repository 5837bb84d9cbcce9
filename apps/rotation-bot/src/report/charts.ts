import type { EChartsOption } from 'echarts';

/**
 * Renders one chart to an SVG string in Node (echarts' server-side SVG renderer): the report embeds the markup
 * itself, so it opens offline with no script at all. echarts is loaded only when a report is written.
 */
export async function renderSvg(option: EChartsOption, width: number, height: number): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** At most `max` points, evenly picked (the last one kept), so a month of hourly points stays a small file. */
export function downsample<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)] as T);
  out.push(points[points.length - 1] as T);
  return out;
}

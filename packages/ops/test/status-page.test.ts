import { describe, expect, it } from 'vitest';
import { renderPnlChart, renderStatusPage } from '../src/index.js';
import { sampleHistory, sampleStatus } from './fixtures.js';

describe('renderStatusPage', () => {
  it('says so when there is no leg, funding reading or completed cycle yet', () => {
    const html = renderStatusPage(sampleStatus({ legs: [], funding: [], lastLoopAt: null, phase: 'starting' }), []);
    const said = ['no open leg', 'no funding reading yet', 'no completed cycle yet', 'last loop not yet'];
    for (const s of [...said, '<svg id="pnl-chart"']) expect(html).toContain(s);
    expect(html).not.toContain('<polyline');
  });

  it('escapes every value and carries no script', () => {
    const html = renderStatusPage(
      sampleStatus({ app: '<script>x</script>', notes: ['"quoted" & <b>bold</b>'] }),
      sampleHistory().map((r) => ({ ...r, reason: '<img src=x onerror=alert(1)>' })),
    );
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('marks a halted app and a stale loop', () => {
    const html = renderStatusPage(sampleStatus({ halted: true }), [], { healthy: false });
    expect(html).toContain('HALTED');
    expect(html).toContain('loop stale');
    // Links only to what this server serves.
    expect(html).not.toContain('href="metrics"');
    expect(renderStatusPage(sampleStatus(), [], { metrics: true })).toContain('href="metrics"');
  });
});

describe('renderPnlChart', () => {
  it('draws the cumulative net from zero, in close order, red when below zero', () => {
    const rows = sampleHistory();
    const losing = [
      { ...(rows[1] as (typeof rows)[number]), netUsd: '-100' },
      { ...(rows[0] as (typeof rows)[number]), netUsd: '30' },
    ];
    const svg = renderPnlChart(losing);
    const points = /points="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
    expect(points).toHaveLength(3);
    expect(svg).toContain('stroke="#cf222e"');
    // Axis labels: the range spans zero and the lowest cumulative figure (30 then 30 − 100 = −70).
    expect(svg).toContain('$30.00');
    expect(svg).toContain('$-70.00');
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decimal } from '@dn/core';
import { chromiumAvailable, saveScreenshot, withHeadlessPage } from '@dn/core/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../src/backtest/run.js';
import { summarize } from '../src/backtest/summary.js';
import { backtestReportHtml } from '../src/report/html.js';
import { config, history } from './backtest-fixture.js';

const ARTIFACT = path.join(import.meta.dirname, '..', 'artifacts', 'backtest-report.png');
const HAS_CHROMIUM = chromiumAvailable('rotation-bot', 'report browser test');

describe.skipIf(!HAS_CHROMIUM)('backtest report in headless Chromium', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-report-'));
    const view = history();
    const spread = new Decimal('0.1');
    const result = await runBacktest({ config, view, spreadPct: { extended: spread, pacifica: spread } });
    file = path.join(dir, 'report.html');
    fs.writeFileSync(
      file,
      await backtestReportHtml({ result, summary: summarize(result), view, title: 'test backtest' }),
    );
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is one file with no script that renders every chart and the cycle table, with no console error', async () => {
    const html = fs.readFileSync(file, 'utf8');
    // Self-contained: nothing to fetch, no script to run.
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);

    const profile = fs.mkdtempSync(path.join(dir, 'chromium-'));
    await withHeadlessPage(
      (dir, options) => chromium.launchPersistentContext(dir, options),
      profile,
      { width: 1100, height: 900 },
      async (page, { problems, requests }) => {
        await page.goto(`file://${file}`, { waitUntil: 'load', timeout: 15_000 });
        expect(await page.title()).toContain('test backtest');
        expect(await page.textContent('#figures')).toContain('$12.70');

        // Cumulative PnL: one SVG with the four series (funding, fees + slippage, price, net) drawn as paths.
        const pnl = page.locator('#pnl svg');
        expect(await pnl.count()).toBe(1);
        expect((await pnl.boundingBox())?.width).toBeGreaterThan(500);
        expect(await page.locator('#pnl svg path').count()).toBeGreaterThanOrEqual(4);
        for (const name of ['funding', 'fees + slippage', 'price', 'net']) {
          expect(await page.textContent('#pnl svg')).toContain(name);
        }
        // Funding per venue for the two traded symbols, with entry/exit markers.
        expect(await page.locator('#funding svg').count()).toBe(2);
        expect(await page.locator('#funding h3').allTextContents()).toEqual(['AAA', 'CCC']);
        // Heat map: a cell per symbol for the one venue pair, labelled with its APR.
        expect(await page.locator('#heatmap svg').count()).toBe(1);
        expect(await page.textContent('#heatmap svg')).toContain('extended / pacifica');
        // Cycle table: the two cycles of the hand-made history.
        const rows = page.locator('#cycle-table tbody tr');
        expect(await rows.count()).toBe(2);
        expect(await rows.nth(1).textContent()).toContain('funding_flipped');

        expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
        expect(problems).toEqual([]);

        expect(await saveScreenshot(page, ARTIFACT)).toBeGreaterThan(5_000);
      },
    );
  }, 180_000);
});

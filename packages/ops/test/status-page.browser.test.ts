import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromiumAvailable, saveScreenshot, withHeadlessPage } from '@dn/core/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpsServer, startOpsServer } from '../src/index.js';
import { sampleHistory, sampleStatus } from './fixtures.js';

const ARTIFACT = path.join(import.meta.dirname, '..', 'artifacts', 'status-page.png');
const HAS_CHROMIUM = chromiumAvailable('@dn/ops', 'status page browser test');

describe.skipIf(!HAS_CHROMIUM)('status page in headless Chromium', () => {
  let server: OpsServer;
  let profile: string;

  beforeAll(async () => {
    server = await startOpsServer({ port: 0, status: () => sampleStatus(), history: sampleHistory });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-ops-chromium-'));
  });

  afterAll(async () => {
    await server?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('renders the status, the chart and the history with no console error, and saves a screenshot', async () => {
    await withHeadlessPage(
      (dir, options) => chromium.launchPersistentContext(dir, options),
      profile,
      { width: 1024, height: 900 },
      async (page, { problems, requests }) => {
        const res = await page.goto(`${server.url}/`, { waitUntil: 'load', timeout: 15_000 });
        expect(res?.status()).toBe(200);
        expect(await page.title()).toBe('test-app status');
        expect(await page.textContent('#summary')).toContain('mode paper');
        expect(await page.textContent('#summary')).toContain('phase open');
        expect(await page.textContent('#legs')).toContain('pacifica');
        expect(await page.textContent('#pnl')).toContain('68.25');
        expect(await page.locator('#history tbody tr').count()).toBe(2);

        const chart = page.locator('svg#pnl-chart');
        expect(await chart.count()).toBe(1);
        const box = await chart.boundingBox();
        expect(box?.width).toBeGreaterThan(300);
        expect(await page.locator('svg#pnl-chart polyline').getAttribute('points')).toMatch(
          /^[\d.]+,[\d.]+( [\d.]+,[\d.]+){2}$/,
        );
        expect(await page.content()).not.toContain('FAKE-TEST-KEY');

        // The page loads nothing but itself (no script, stylesheet or font from anywhere).
        expect(requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
        expect(problems).toEqual([]);

        expect(await saveScreenshot(page, ARTIFACT)).toBeGreaterThan(5_000);
      },
    );
  }, 60_000);
});

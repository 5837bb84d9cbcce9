import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Debian's chromium package (`.ci/run` installs it; Playwright's own browser downloads are not reachable here).
 * DN_CHROMIUM names another Chromium binary.
 */
export const CHROMIUM_PATH = process.env.DN_CHROMIUM ?? '/usr/bin/chromium';

/** Whether Chromium is installed; when not, says on stderr which test of `who` is skipped and how to install it. */
export function chromiumAvailable(who: string, test: string): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  process.stderr.write(
    `\nNOTE ${who}: ${CHROMIUM_PATH} is absent — the ${test} is SKIPPED (apt-get install -y chromium).\n\n`,
  );
  return false;
}

/**
 * Options for Playwright's `chromium.launchPersistentContext`: headless, no sandbox, and nothing that talks to the
 * network by itself (sync, component updates, QUIC), so a page's own requests are all a test sees.
 */
export function headlessChromiumOptions(viewport: { width: number; height: number }) {
  return {
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
  };
}

/** The part of a Playwright `Page` that `watchPage` listens to (structural: core does not depend on Playwright). */
export interface WatchablePage {
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): unknown;
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
  on(event: 'requestfailed' | 'request', listener: (request: { url(): string }) => void): unknown;
}

/** What a page did while loaded: console errors and warnings, page errors, failed requests; every request made. */
export interface PageWatch {
  problems: string[];
  requests: string[];
}

export function watchPage(page: WatchablePage): PageWatch {
  const watch: PageWatch = { problems: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watch.problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => watch.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => watch.problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => watch.requests.push(r.url()));
  return watch;
}

/** What `withHeadlessPage` needs of Playwright's persistent context. */
export interface HeadlessContext<P> {
  newPage(): Promise<P>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium on `profile` through `launch` (e.g. Playwright's `chromium.launchPersistentContext`),
 * opens one watched page for `use`, and closes the browser whatever `use` does.
 */
export async function withHeadlessPage<P extends WatchablePage>(
  launch: (profile: string, options: ReturnType<typeof headlessChromiumOptions>) => Promise<HeadlessContext<P>>,
  profile: string,
  viewport: { width: number; height: number },
  use: (page: P, watch: PageWatch) => Promise<void>,
): Promise<void> {
  const context = await launch(profile, headlessChromiumOptions(viewport));
  try {
    const page = await context.newPage();
    await use(page, watchPage(page));
  } finally {
    await context.close();
  }
}

/** Saves a full-page screenshot to `file` (its folder created) and returns its size in bytes. */
export async function saveScreenshot(
  page: { screenshot(options: { path: string; fullPage: boolean }): Promise<unknown> },
  file: string,
): Promise<number> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return fs.statSync(file).size;
}

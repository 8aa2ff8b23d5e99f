/**
 * The chromium of the browser tests (Debian's /usr/bin/chromium driven by playwright-core).
 *
 * One chromium serves every browser test file of a vitest run: test/browser-setup.ts (the global setup of the
 * `browser` project) starts it once and provides its Playwright endpoint; each file connects to it
 * ({@link openBrowser}) and opens its own contexts, which share no cookies, storage, permissions or downloads with
 * the other files' contexts. Launching a chromium per file cost ≈ 3 s of CPU each (its browser, GPU, network and
 * zygote processes) and, on a busy machine, up to 30 s of waiting each. A file run outside that project (another
 * config, a direct `vitest run --project …` without it) launches a browser of its own, as before.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Playwright endpoint of the run's shared chromium (test/browser-setup.ts); empty when it has none. */
    nqpfChromium: string;
  }
}

export const CHROMIUM = '/usr/bin/chromium';
/** Headless, without the sandbox (containers), GPU, first-run, background network, updates or sync. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether chromium is installed. Without it a browser test is skipped with a visible message naming `what`,
 * unless CI=true (then the file fails: CI must run it).
 */
export function chromiumInstalled(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} not found (CI=true requires it: apt-get install chromium)`);
  console.warn(`[nqpf tests] ${CHROMIUM} not found: ${what} is SKIPPED`);
  return false;
}

/**
 * Cap of each page action and wait of the tests' contexts (Playwright's default is 30 s): a cap that only stops a
 * hang, never a wait — on a machine at load 40–50 a selector the application shows within a second when idle took
 * over 30 s, and the test failed on the default.
 */
export const ACTION_CAP_MS = 120_000;

/**
 * The run's shared chromium, connected (closing it closes this file's contexts and the connection, not the
 * browser); a chromium of this file's own when the run has none. Its contexts (also those `newPage` opens) cap
 * actions and waits at {@link ACTION_CAP_MS}.
 */
export async function openBrowser(): Promise<Browser> {
  const endpoint = inject('nqpfChromium');
  const browser = endpoint
    ? await chromium.connect(endpoint, { timeout: ACTION_CAP_MS })
    : await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(ACTION_CAP_MS);
    return context;
  };
  return browser;
}

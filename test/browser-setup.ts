/**
 * vitest globalSetup of the browser tests: one chromium for the whole run (test/helpers/chromium.ts). It is
 * started as a Playwright browser server, whose endpoint the test files get through `inject('nqpfChromium')`;
 * each file connects and opens its own contexts. Without /usr/bin/chromium nothing is started (the files
 * skip or, with CI=true, fail, as they say). The teardown stops the browser.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers/chromium.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    project.provide('nqpfChromium', '');
    return async () => undefined;
  }
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
  project.provide('nqpfChromium', server.wsEndpoint());
  return () => server.close();
}

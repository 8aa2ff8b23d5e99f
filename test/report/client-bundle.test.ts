/**
 * The report's browser script is bundled at build time (scripts/build-report-client.ts) into the
 * committed src/report/html/client.generated.ts, so that a report can be built without a bundler
 * (installed package, fresh clone). This test bundles the sources again and fails when the
 * committed text differs: run `npm run build:client` after changing the client or the chart layer.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bundleReportClient, CLIENT_MODULE, clientModuleText } from '../../scripts/build-report-client.js';
import { CLIENT_JS } from '../../src/report/html/index.js';

describe('report client bundle (src/report/html/client.generated.ts)', () => {
  it('is the bundle of the current sources (else: npm run build:client)', async () => {
    const js = await bundleReportClient();
    expect(CLIENT_JS === js, 'src/report/html/client.generated.ts is stale: run `npm run build:client`').toBe(true);
    expect(await readFile(CLIENT_MODULE, 'utf8')).toBe(clientModuleText(js));
  });

  it('is one browser script: no module syntax, no node: import, no require', () => {
    expect(CLIENT_JS.startsWith('"use strict";(()=>{')).toBe(true);
    expect(CLIENT_JS).not.toMatch(/\bimport\s*[({'"]|\bexport\s|require\(|node:/);
  });
});

/**
 * Spec edits the workbench browser tests make through the UI (test/browser/*.browser.test.ts).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * In the Spec step (the page must show it), edit the YAML so that a run writes only its tables and run.json: no
 * report, Word tables, workbook or figures. For the tests that check the Explore step's results (which read the
 * run's CSV files) or the server run's index, which those outputs do not touch; a run of the demo panel costs
 * ≈ 8.5 CPU-s with them and ≈ 1.8 without (2df0c00). The tests of those outputs (the demo flow of the workbench
 * test, the full study) keep every default output. The outputs section must be the one a new project gets in
 * language `lang` (checked), so the edit adds exactly these four settings.
 */
export async function tablesOnly(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.waitForSelector('#validation.ok', { timeout: 120_000 });
  const yaml = await page.inputValue('#spec-yaml');
  const outputs = new RegExp(`^outputs:\\n {2}language: ${lang}$`, 'm');
  expect(yaml).toMatch(outputs);
  await page.fill('#spec-yaml', yaml.replace(outputs, `outputs:\n  language: ${lang}\n  report: false\n  docx: false\n  xlsx: false\n  figures: none`));
  await page.waitForFunction(() => /xlsx: false/.test((document.getElementById('spec-yaml') as HTMLTextAreaElement).value));
  await page.waitForSelector('#validation.ok', { timeout: 120_000 });
}

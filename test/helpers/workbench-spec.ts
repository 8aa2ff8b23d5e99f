/**
 * Spec edits the workbench browser tests make through the UI (test/browser/*.browser.test.ts).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** The four settings {@link tablesOnly} adds, as it writes them. */
const TABLES_ONLY = '\n  report: false\n  docx: false\n  xlsx: false\n  figures: none';

/**
 * In the Spec step (the page must show it), edit the YAML so that a run writes only its tables and run.json: no
 * report, Word tables, workbook or figures. For the tests that check the Explore step's results (which read the
 * run's CSV files) or the server run's index, which those outputs do not touch; a run of the demo panel costs
 * ≈ 8.5 CPU-s with them and ≈ 1.8 without (2df0c00). The runs that test those outputs (the robustness runs of the
 * workbench test's demo flow and of the full study, after {@link allOutputs}) write every default output. The outputs
 * section must be the one a new project gets in language `lang` (checked), so the edit adds exactly these four settings.
 */
export async function tablesOnly(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.waitForSelector('#validation.ok', { timeout: 120_000 });
  const yaml = await page.inputValue('#spec-yaml');
  const outputs = new RegExp(`^outputs:\\n {2}language: ${lang}$`, 'm');
  expect(yaml).toMatch(outputs);
  await page.fill('#spec-yaml', yaml.replace(outputs, `outputs:\n  language: ${lang}${TABLES_ONLY}`));
  await page.waitForFunction(() => /xlsx: false/.test((document.getElementById('spec-yaml') as HTMLTextAreaElement).value));
  await page.waitForSelector('#validation.ok', { timeout: 120_000 });
}

/**
 * In the Spec step (the page must show it), undo {@link tablesOnly}: the next run writes every default output again
 * (report, Word tables, workbook, figures). The edit is checked to remove exactly those four settings.
 */
export async function allOutputs(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.waitForSelector('#validation.ok', { timeout: 120_000 });
  const yaml = await page.inputValue('#spec-yaml');
  const off = `outputs:\n  language: ${lang}${TABLES_ONLY}`;
  expect(yaml).toContain(off);
  await page.fill('#spec-yaml', yaml.replace(off, `outputs:\n  language: ${lang}`));
  await page.waitForFunction(() => !/xlsx: false/.test((document.getElementById('spec-yaml') as HTMLTextAreaElement).value));
  await page.waitForSelector('#validation.ok', { timeout: 120_000 });
}

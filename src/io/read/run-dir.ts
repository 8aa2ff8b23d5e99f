/** Read a run directory (run.json + CSV tables) into a RunBundle for the report. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../core/errors.js';
import type { ReportCell, RunBundle, ReportTable } from '../../report/bundle.js';
import { parseCsv } from './csv.js';

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Undo the formula escaping of exported text cells (a leading ' before = + - @ tab CR). */
function unescapeCell(c: string): string {
  return /^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c;
}

export async function readRunDir(dir: string): Promise<RunBundle> {
  let runText: string;
  try {
    runText = await readFile(join(dir, 'run.json'), 'utf8');
  } catch {
    fail('E_RUN_DIR', `${dir} is not an nqpf run directory (no run.json)`, { location: { file: dir }, hint: 'give the --out directory of `nqpf run`' });
  }
  const run = JSON.parse(runText) as RunBundle['run'];
  const tables = new Map<string, ReportTable>();
  // Only the tables this run wrote: a user's own CSV beside them never reaches the report.
  const outputs = run.outputs;
  const listed = Array.isArray(outputs) ? new Set<unknown>(outputs) : undefined;
  for (const f of (await readdir(dir)).sort()) {
    if (!f.endsWith('.csv') || (listed && !listed.has(f))) continue;
    const text = await readFile(join(dir, f), 'utf8');
    const t = parseCsv(text, join(dir, f));
    const rows: ReportCell[][] = t.rows.map((r) => r.map((c) => (c === '' ? null : NUMERIC.test(c) ? Number(c) : unescapeCell(c))));
    tables.set(f.slice(0, -4), { name: f.slice(0, -4), header: t.header, rows });
  }
  return { run, tables };
}

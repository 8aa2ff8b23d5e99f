/** Read a run directory (run.json + CSV tables) into a RunBundle for the report. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../core/errors.js';
import type { ReportCell, RunBundle, ReportTable } from '../../report/bundle.js';
import { detectDelimiter, parseCsv } from './csv.js';
import { escapeFormula } from '../write/csv-write.js';

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
    tables.set(f.slice(0, -4), { name: f.slice(0, -4), header: t.header, rows: t.rows.map(cellsOf) });
  }
  return { run, tables };
}

/** One table as its CSV holds it, for {@link runBundleOf}: the header and rows toCsv wrote, the file name. */
export interface WrittenTable {
  file: string;
  header: string[];
  rows: (string | number | null)[][];
}

/**
 * The bundle {@link readRunDir} reads from the directory a run writes, built from what the run
 * writes there — `run` (the run.json object) and the CSV tables as toCsv wrote them — without
 * writing or parsing a CSV. Equal, value for value, to reading the directory back
 * (test/io/run-bundle.test.ts), so the report, Word tables and figures built from it are the same
 * bytes; what the CSV round trip does is done here: numbers stay numbers (−0 → 0, NaN → null), text
 * is escaped then unescaped (`escapeFormula`, `unescapeCell`) and becomes a number when its CSV
 * field is numeric text, empty text is null, rows whose fields are all empty are dropped, header
 * names are escaped and trimmed. A table whose CSV parsing would not be this plain (a single column,
 * whose delimiter the reader guesses from the data; a header line that reads as `;`- or
 * tab-separated; header names empty or repeated once trimmed) is parsed from its CSV text instead.
 * Tables come in file-name order, the last of two tables with one file name winning, as on disk.
 *
 * Cost: O(cells), no I/O; ≈ 5× cheaper than writing and parsing the CSV text.
 */
export function runBundleOf(run: unknown, tables: readonly WrittenTable[], csvText: (t: WrittenTable) => string): RunBundle {
  const parsedRun = JSON.parse(JSON.stringify(run)) as RunBundle['run'];
  const outputs = parsedRun.outputs;
  const listed = Array.isArray(outputs) ? new Set<unknown>(outputs) : undefined;
  const byFile = new Map<string, WrittenTable>();
  for (const t of tables) if (t.file.endsWith('.csv') && (!listed || listed.has(t.file))) byFile.set(t.file, t);
  const out = new Map<string, ReportTable>();
  for (const file of [...byFile.keys()].sort()) {
    const t = byFile.get(file)!;
    const name = file.slice(0, -4);
    const plain = plainTable(t);
    if (plain) out.set(name, { name, ...plain });
    else {
      const parsed = parseCsv(csvText(t), file);
      out.set(name, { name, header: parsed.header, rows: parsed.rows.map(cellsOf) });
    }
  }
  return { run: parsedRun, tables: out };
}

const cellsOf = (r: string[]): ReportCell[] => r.map((c) => (c === '' ? null : NUMERIC.test(c) ? Number(c) : unescapeCell(c)));

/** The table as readRunDir reads its CSV, when that reading is plain (see runBundleOf); undefined otherwise. */
function plainTable(t: WrittenTable): { header: string[]; rows: ReportCell[][] } | undefined {
  const n = t.header.length;
  if (n < 2) return undefined;
  const header = t.header.map((h) => escapeFormula(h).trim());
  if (header.some((h) => h === '') || new Set(header).size !== n) return undefined;
  if (detectDelimiter(`${t.header.map((h) => csvField(escapeFormula(h))).join(',')}\n`) !== ',') return undefined;
  const rows: ReportCell[][] = [];
  for (const row of t.rows) {
    // A row that reads back as it is (numbers other than NaN and −0, null, text that is neither
    // empty, escaped nor numeric) is taken as it is, not copied: the table's rows are only read (by
    // the CSV and workbook writers and by the report, Word tables and charts), and a city run's
    // tables hold ≈ 1 M cells, nearly all numbers.
    if (row.length === n && readsAsItIs(row)) {
      rows.push(row as ReportCell[]);
      continue;
    }
    const cells = new Array<ReportCell>(n);
    let empty = true;
    for (let c = 0; c < n; c++) {
      const v = row[c];
      let cell: ReportCell;
      if (v === null || v === undefined) cell = null;
      else if (typeof v === 'number') cell = Number.isNaN(v) ? null : v === 0 ? 0 : v;
      else {
        const f = escapeFormula(v);
        cell = f === '' ? null : NUMERIC.test(f) ? Number(f) : unescapeCell(f);
      }
      if (cell !== null) empty = false;
      cells[c] = cell;
    }
    if (!empty) rows.push(cells);
  }
  return { header, rows };
}

/**
 * Whether plainTable's reading leaves every cell of `row` as it is and keeps the row: numbers but NaN
 * and −0, null, text that escapeFormula leaves, that is not empty or numeric and that unescapeCell
 * leaves; at least one cell not null.
 */
function readsAsItIs(row: readonly unknown[]): boolean {
  let empty = true;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null) continue;
    if (typeof v === 'number') {
      if (v !== v || (v === 0 && 1 / v < 0)) return false;
    } else if (typeof v !== 'string' || v === '' || escapeFormula(v) !== v || NUMERIC.test(v) || unescapeCell(v) !== v) return false;
    empty = false;
  }
  return !empty;
}

/** A CSV field as toCsv writes it (quoted when it holds `"`, `,`, CR or LF). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where ../shared (reference data) lives: NQPF_SHARED, else ../shared beside the repo.
 * `sharedAvailable` is false when absent; under CI=true absence is a failure, not a skip.
 */
export const sharedDir = resolve(process.env.NQPF_SHARED ?? resolve(import.meta.dirname, '../../../shared'));
export const sharedAvailable = existsSync(resolve(sharedDir, 'README.md'));

if (!sharedAvailable) {
  if (process.env.CI === 'true') {
    throw new Error(`reference data not found at ${sharedDir} (CI=true requires it; set NQPF_SHARED)`);
  }
  // Visible, once per test file that imports this helper.
  console.warn(`[nqpf tests] ../shared not found at ${sharedDir}: tests that need reference data are SKIPPED`);
}

export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}

/**
 * Minimal RFC-4180 CSV parse for tests (independent of src/io so reference checks don't trust the
 * code under test). A leading UTF-8 byte-order mark (nqpf writes one by default) is dropped.
 */
export function parseCsvSimple(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else q = false;
      } else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Read a reference CSV keyed by its first column into {key -> {col -> number|NaN}}. */
export function readRefTable(text: string): { cols: string[]; rows: Map<string, Map<string, number>> } {
  const r = parseCsvSimple(text.replace(/^\uFEFF/, ''));
  const cols = r[0].slice(1);
  const rows = new Map<string, Map<string, number>>();
  for (const line of r.slice(1)) {
    if (line.length < 2) continue;
    const m = new Map<string, number>();
    cols.forEach((c, j) => {
      const s = line[j + 1];
      m.set(c, s === '' || s === 'NA' ? NaN : Number(s));
    });
    rows.set(line[0], m);
  }
  return { cols, rows };
}

/** Assert-style relative closeness used across reference tests: rel 1e-9, abs 1e-12 near zero. */
export function close(a: number, b: number, rel = 1e-9, abs = 1e-12): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  const d = Math.abs(a - b);
  return d <= abs || d <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/** Every file below `dir`, as sorted relative paths (for byte-comparison of run directories). */
export function listFilesRecursive(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(resolve(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

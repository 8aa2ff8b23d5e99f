/**
 * Synthetic input–output files in the published OECD ICIO, WIOD and ADB MRIO layouts, built from a
 * generic table (Z, Y by destination, X) — for the layout readers' tests (issue 18). Independent of
 * src/io: plain string grids, written as CSV or XLSX (exceljs) into a temporary folder, never into
 * the repository. Each destination's final demand is split into the layout's categories (shares
 * below; one inventory cell negative), each column's primary inputs into taxes and value added, so
 * the readers must sum them back.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

export interface GenericTable {
  countries: string[]; // ISO3 codes
  industries: string[]; // codes of the layout
  Z: number[][];
  Y: number[][]; // n × G
  X: number[];
}

/** Final demand of one destination split into F categories (shares sum to 1; the last one, inventories, gets share 0.05). */
const SHARES = [0.6, 0.15, 0.2, 0.05];

function split(y: number, F: number): number[] {
  const s = F === 4 ? SHARES : F === 5 ? [0.55, 0.1, 0.15, 0.15, 0.05] : F === 6 ? [0.5, 0.1, 0.15, 0.15, 0.05, 0.05] : [1];
  const parts = s.map((w) => w * y);
  parts[0] = y - parts.slice(1).reduce((a, b) => a + b, 0); // exact sum
  return parts;
}

function primary(t: GenericTable, j: number): { tax: number; va: number } {
  let s = 0;
  for (let i = 0; i < t.X.length; i++) s += t.Z[i][j];
  const p = t.X[j] - s;
  const tax = 0.1 * p;
  return { tax, va: p - tax };
}

/** OECD ICIO CSV: `V1`, CCC_IND …, CCC_HFCE … CCC_DPABR, OUT; rows CCC_IND …, TLS, VA, OUT. */
export function oecdGrid(t: GenericTable, negativeInventory = true): string[][] {
  const cats = ['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'DPABR'];
  const sectors = t.countries.flatMap((c) => t.industries.map((i) => `${c}_${i}`));
  const head = ['V1', ...sectors, ...t.countries.flatMap((c) => cats.map((k) => `${c}_${k}`)), 'OUT'];
  const rows = sectors.map((lab, i) => {
    const fd = t.countries.flatMap((_, g) => split(t.Y[i][g], 6));
    if (negativeInventory && i === 1) {
      const d = fd[4] + 0.5; // a draw-down of inventories (INVNT of the first destination = −0.5), offset in HFCE
      fd[4] -= d;
      fd[0] += d;
    }
    return [lab, ...t.Z[i].map(String), ...fd.map(String), String(t.X[i])];
  });
  const n = sectors.length;
  const fdBlank = Array(t.countries.length * cats.length + 1).fill('');
  const tls = ['TLS', ...Array.from({ length: n }, (_, j) => String(primary(t, j).tax)), ...fdBlank];
  const va = ['VA', ...Array.from({ length: n }, (_, j) => String(primary(t, j).va)), ...fdBlank];
  const out = ['OUT', ...t.X.map(String), ...fdBlank];
  return [head, ...rows, tls, va, out];
}

/** WIOD (2016 release): 4 header rows (codes, descriptions, countries, c-numbers), label columns code/description/country/r-number. */
export function wiodGrid(t: GenericTable): string[][] {
  const G = t.countries.length;
  const N = t.industries.length;
  const fdCodes = ['CONS_h', 'CONS_np', 'CONS_g', 'GFCF', 'INVEN'];
  const lab = ['', '', '', ''];
  const r1 = [...lab, ...t.countries.flatMap(() => t.industries), ...t.countries.flatMap(() => fdCodes), 'GO'];
  const r2 = [
    ...lab,
    ...t.countries.flatMap(() => t.industries.map((i) => `Industry ${i}`)),
    ...t.countries.flatMap(() => fdCodes.map((f) => `Final ${f}`)),
    'Total output',
  ];
  const r3 = [...lab, ...t.countries.flatMap((c) => Array(N).fill(c)), ...t.countries.flatMap((c) => Array(5).fill(c)), 'TOT'];
  const r4 = [
    '',
    '',
    '',
    '',
    ...t.countries.flatMap(() => t.industries.map((_, i) => `c${i + 1}`)),
    ...t.countries.flatMap(() => [57, 58, 59, 60, 61].map((k) => `c${k}`)),
    'c62',
  ];
  const body = t.X.map((x, i) => {
    const c = Math.floor(i / N);
    return [
      t.industries[i % N],
      `Industry ${t.industries[i % N]}`,
      t.countries[c],
      `r${(i % N) + 1}`,
      ...t.Z[i].map(String),
      ...t.countries.flatMap((_, g) => split(t.Y[i][g], 5)).map(String),
      String(x),
    ];
  });
  const n = G * N;
  const blank = Array(G * 5 + 1).fill('');
  const colSum = (j: number) => t.Z.reduce((a, r) => a + r[j], 0);
  const bottom = [
    ['II_fob', 'Total intermediate consumption', 'TOT', 'r64', ...Array.from({ length: n }, (_, j) => String(colSum(j))), ...blank],
    ['TXSP', 'taxes less subsidies on products', 'TOT', 'r65', ...Array.from({ length: n }, (_, j) => String(primary(t, j).tax)), ...blank],
    ['VA', 'Value added at basic prices', 'TOT', 'r69', ...Array.from({ length: n }, (_, j) => String(primary(t, j).va)), ...blank],
    ['GO', 'Output at basic prices', 'TOT', 'r73', ...t.X.map(String), ...blank],
  ];
  return [r1, r2, r3, r4, ...body, ...bottom];
}

/** ADB MRIO: 5 title rows, a row of country codes over a row of codes c1… / F1…F5 / ToT; label columns country, code, description. */
export function adbGrid(t: GenericTable): string[][] {
  const G = t.countries.length;
  const N = t.industries.length;
  const lab = ['', '', '', '', ''];
  const titles = [['Asian Development Bank'], ['Multiregional Input-Output Table'], ['Year 2019'], ['(in millions of US$)'], ['']];
  const rc = [...lab, ...t.countries.flatMap((c) => Array(N).fill(c)), ...t.countries.flatMap((c) => Array(5).fill(c)), ''];
  const rk = [
    ...lab,
    ...t.countries.flatMap(() => t.industries.map((_, i) => `c${i + 1}`)),
    ...t.countries.flatMap(() => ['F1', 'F2', 'F3', 'F4', 'F5']),
    'ToT',
  ];
  const body = t.X.map((x, i) => [
    '',
    '',
    t.countries[Math.floor(i / N)],
    `c${(i % N) + 1}`,
    `Sector ${t.industries[i % N]}`,
    ...t.Z[i].map(String),
    ...t.countries.flatMap((_, g) => split(t.Y[i][g], 5)).map(String),
    String(x),
  ]);
  const n = G * N;
  const blank = Array(G * 5 + 1).fill('');
  const colSum = (j: number) => t.Z.reduce((a, r) => a + r[j], 0);
  const bottom = [
    ['', '', '', 'r60', 'Total intermediate inputs', ...Array.from({ length: n }, (_, j) => String(colSum(j))), ...blank],
    ['', '', '', 'r61', 'Taxes less subsidies on products', ...Array.from({ length: n }, (_, j) => String(primary(t, j).tax)), ...blank],
    ['', '', '', 'r64', 'Value added', ...Array.from({ length: n }, (_, j) => String(primary(t, j).va)), ...blank],
    ['', '', 'ToT', 'r69', 'Total input', ...t.X.map(String), ...blank],
  ];
  return [...titles, rc, rk, ...body, ...bottom];
}

export function writeCsv(file: string, grid: string[][]): void {
  writeFileSync(file, `${grid.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`);
}

/** XLSX with numbers as numbers (as published), labels as text. */
export async function writeXlsx(file: string, grid: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  grid.forEach((r) => ws.addRow(r.map((c) => (c !== '' && Number.isFinite(Number(c)) && !/^[A-Za-z]/.test(c) ? Number(c) : c === '' ? null : c))));
  await wb.xlsx.writeFile(file);
}

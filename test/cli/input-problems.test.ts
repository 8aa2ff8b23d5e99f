/**
 * Acceptance (issue 12, inputs): one `nqpf validate` lists every problem of a data file — an
 * unknown unit, a duplicated unit-period row, two non-numeric cells and an empty indicator column
 * — each with file, row and column or indicator, and exits non-zero; `nqpf run` stops on the same
 * list. Spreadsheets as researchers keep them run: a GBK-encoded CSV with a title row and yearbook
 * missing-value markers (noted per indicator), and a workbook with a title row and the data on its
 * second sheet (`sheet: 2`; without it, the error names the sheet read and lists the others).
 * The real CLI is spawned, compiled as installed (test/helpers/compiled-cli.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledCli } from '../helpers/compiled-cli.js';

let BIN: string;
beforeAll(async () => {
  BIN = await compiledCli();
}, 120_000);

function nqpf(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += String(b)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const FRAMEWORK = `framework:
  nodes:
    - { code: I }
    - { code: D1, parent: I }
    - { code: D2, parent: I }
    - { code: a, parent: D1 }
    - { code: b, parent: D1, direction: 正向 }
    - { code: c, parent: D2, direction: 负向 }
`;
/** Outputs a test needs (run.json and the CSVs), without the slower report, Word and Excel files. */
const LEAN = 'outputs: { report: false, docx: false, xlsx: false, figures: none }\n';

function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-input-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('every input problem of a file in one run', () => {
  // Row 4: unknown unit 北泉; rows 5 and 8: 北京 2021 twice; row 3 column b and row 6 column c:
  // text; column d: no value at all (empty cells and one "…" marker).
  const data = `province,year,a,b,c,d
北京,2020,1,10,5,
天津,2020,2,abc,4,
北泉,2020,3,40,3,
北京,2021,2,15,6,
天津,2021,3,25,x,
河北,2021,5,30,2,…
北京,2021,4,11,1,
`;
  const spec = `data: { file: data.csv, unit: province, period: year }
units: { registry: cn-provinces }
framework:
  nodes:
    - { code: I }
    - { code: D1, parent: I }
    - { code: D2, parent: I }
    - { code: a, parent: D1 }
    - { code: b, parent: D1 }
    - { code: c, parent: D2 }
    - { code: d, parent: D2 }
${LEAN}`;
  const expected = [
    'data.csv:4:province: unit name "北泉" not found in cn-provinces (row 4) — did you mean 北京',
    'data.csv:8: duplicated unit-period 北京 / 2021: rows 5, 8',
    'data.csv:3:b: "abc" is not a number (indicator b)',
    'data.csv:6:c: "x" is not a number (indicator c)',
    'data.csv:d: indicator d has no values',
  ];

  it('nqpf validate lists the unknown unit, the duplicated row, both text cells and the empty column, each with its location, and exits 1', async () => {
    const dir = project({ 'data.csv': data, 'spec.yaml': spec });
    const r = await nqpf(['validate', join(dir, 'spec.yaml')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: 5 problems in data\.csv:$/m);
    for (const line of expected) expect(r.stderr).toContain(`  ${line}`);
    expect(r.stderr).toMatch(/hint: .*\n +units:\n +aliases:\n +北泉: 北京/); // the ready-to-paste alias
  });

  it('nqpf run stops on the same list before computing, and writes nothing', async () => {
    const dir = project({ 'data.csv': data, 'spec.yaml': spec });
    const out = join(dir, 'out');
    const r = await nqpf(['run', join(dir, 'spec.yaml'), '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    for (const line of expected) expect(r.stderr).toContain(`  ${line}`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('spreadsheets as researchers keep them', () => {
  it('a GBK CSV with a title row and yearbook missing markers runs; the notes name the title row and count the markers per indicator', async () => {
    const csv = [
      '数据来源：中国统计年鉴2023,,,,',
      '省份,年份,a,b,c',
      '北京,2020,1,10,5',
      '天津,2020,2,…,4',
      '河北,2020,3,40,#N/A',
      '北京,2021,——,15,6',
      '天津,2021,3,25,\u3000',
      '河北,2021,5,30,无',
      '北京,2022,3,17,7',
      '天津,2022,4,/,6',
      '河北,2022,6,35,3',
      '',
    ].join('\r\n');
    const dir = project({
      'data.csv': new Uint8Array(iconv.encode(csv, 'gbk')),
      'spec.yaml': `data: { file: data.csv, unit: 省份, period: 年份, missing: [无] }\nunits: { registry: cn-provinces }\n${FRAMEWORK}steps:\n  impute: { method: linear }\n${LEAN}`,
    });
    const out = join(dir, 'out');
    const r = await nqpf(['run', join(dir, 'spec.yaml'), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('data.csv: row 2 read as the header; the title row above it (row 1 ("数据来源：中国统计年鉴2023")) is skipped');
    expect(r.stderr).toContain(
      '6 cells of data.csv read as missing values (missing-value markers): a 1 (—— ×1); b 2 (… ×1, / ×1); c 3 (#N/A ×1, (blank) ×1, 无 ×1)',
    );
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { warnings: { code: string }[]; inputs: { role: string; encoding?: string }[] };
    expect(run.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['W_TITLE_ROWS', 'W_MISSING_MARKERS']));
    expect(run.inputs.find((i) => i.role === 'data')?.encoding).toBe('gb18030');
    // The markers became missing values, then were imputed (linear within each province).
    const raw = readFileSync(join(out, 'data_raw.csv'), 'utf8');
    expect(raw).toMatch(/天津,2020,2,,4/);
    // The directions written as 正向 / 负向 were read as +1 / −1.
    const fw = readFileSync(join(out, 'framework.csv'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.split(','));
    const direction = (code: string) => fw[fw.findIndex((r) => r[0] === code)]?.[fw[0].indexOf('direction')];
    expect([direction('b'), direction('c')]).toEqual(['1', '-1']);
  });

  it('an XLSX with a notes sheet first and a titled data sheet second runs with sheet: 2; without it the error names the sheet read and lists the others', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['本工作簿的数据在第二个工作表']);
    const ws = wb.addWorksheet('数据');
    ws.addRow(['数据来源：中国统计年鉴2023']);
    ws.mergeCells('A1:E1');
    ws.addRow(['province', 'year', 'a', 'b', 'c']);
    for (const row of [
      ['北京', 2020, 1, 10, 5],
      ['天津', 2020, 2, '…', 4],
      ['河北', 2020, 3, 40, { error: '#N/A' }],
      ['北京', 2021, 2, 15, 6],
      ['天津', 2021, 3, 25, 5],
      ['河北', 2021, 5, 30, 2],
    ])
      ws.addRow(row);
    const dir = project({ 'data.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    const specOf = (extra: string) =>
      `data: { file: data.xlsx, unit: province, period: year${extra} }\nunits: { registry: cn-provinces }\n${FRAMEWORK}steps:\n  impute: { method: linear }\n${LEAN}`;
    writeFileSync(join(dir, 'first.yaml'), specOf(''));
    const bad = await nqpf(['validate', join(dir, 'first.yaml')]);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('column "province" (data.unit) is not in data.xlsx (sheet "说明" (1 of 2) was read; other sheets: 2 "数据")');
    expect(bad.stderr).toContain('set data.sheet');

    writeFileSync(join(dir, 'second.yaml'), specOf(', sheet: 2'));
    const out = join(dir, 'out');
    const ok = await nqpf(['run', join(dir, 'second.yaml'), '--out', out, '--quiet']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('sheet "数据" of data.xlsx: row 2 read as the header');
    expect(ok.stderr).toContain('2 cells of data.xlsx read as missing values (missing-value markers): b 1 (… ×1); c 1 (#N/A ×1)');
  });
});

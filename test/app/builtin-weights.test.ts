/**
 * analyses.weights.method: contiguity | distance | economic, end to end on the demo data (31
 * provinces, 2012–2023): the weights the spatial analyses use, the methods sentence, and the
 * errors of the spec (file and method together, a missing or unknown column, a period not in the
 * data). Expected neighbour counts from the land-border list (138 directed links = 69 pairs).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { NqpfError } from '../../src/core/errors.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { methodsText } from '../../src/report/methods-text.js';
import { parseCsvSimple } from '../helpers/shared.js';

const demoData = resolve(import.meta.dirname, '../../examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

function spec(weights: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-builtin-weights-'));
  const file = join(dir, 'nqpf.yaml');
  writeFileSync(
    file,
    [
      'title: built-in weights',
      'seed: 1',
      `data: { file: ${JSON.stringify(demoData)}, unit: province, period: year, synthetic: true }`,
      'units: { registry: cn-provinces, group: region }',
      'framework: { builtin: nqpf-three-factor }',
      'steps: { impute: { method: linear }, weight: { method: entropy } }',
      'analyses:',
      '  score: NQPF',
      `  weights: ${weights}`,
      '  spatial: { permutations: 0, local: false }',
      '  markov: { classes: 4, spatial: true }',
      // The tables and run.json are what these tests read: no report, Word, workbook or figures.
      'outputs: { report: false, docx: false, xlsx: false, figures: none }',
      '',
    ].join('\n'),
  );
  return file;
}

async function failure(weights: string): Promise<string> {
  try {
    await runProject(spec(weights), { dryRun: true, workers: 1, env: {} });
  } catch (e) {
    if (e instanceof NqpfError) return `${e.code} at ${e.location?.path}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('analyses.weights.method (built-in weights)', () => {
  it('contiguity: 138 links over the 31 provinces, Hainan–Guangdong; the methods text states the convention', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'nqpf-builtin-out-')), 'out');
    await runProject(spec('{ method: contiguity }'), { out, workers: 1, env: {} });
    const rows = parseCsvSimple(readFileSync(join(out, 'spatial_weights.csv'), 'utf8')).filter((r) => r.length > 1);
    const row = Object.fromEntries(rows[0].map((h, j) => [h, rows[1][j]]));
    expect(row).toMatchObject({ units: '31', links: '138', min_neighbours: '1', max_neighbours: '8', style: 'W' });
    const bundle = await readRunDir(out);
    const zh = methodsText(bundle, 'zh')
      .paragraphs.map((p) => p.text)
      .join('\n');
    const en = methodsText(bundle, 'en')
      .paragraphs.map((p) => p.text)
      .join('\n');
    expect(zh).toContain('省级行政区陆地边界的 Queen 邻接关系');
    expect(zh).toContain('按惯例视为与广东相邻');
    expect(en).toContain("queen contiguity of the provinces' land borders");
    expect(en).toContain('linked to Guangdong by convention');
    // The sentence for the other built-in methods and options, from the recorded spec.
    const text = (weights: Record<string, unknown>, lang: 'zh' | 'en') => {
      const run = structuredClone(bundle.run) as unknown as { spec: { analyses: Record<string, unknown> } };
      run.spec.analyses.weights = { style: 'W', ...weights };
      const b = { ...bundle, run: run as unknown as typeof bundle.run };
      return methodsText(b, lang)
        .paragraphs.map((p) => p.text)
        .join('\n');
    };
    expect(text({ method: 'contiguity', hainan: 'guangdong-guangxi' }, 'zh')).toContain('按惯例视为与广东、广西相邻');
    expect(text({ method: 'contiguity', hainan: 'none' }, 'en')).toContain('Hainan, which has no land border, is left without neighbours');
    expect(text({ method: 'distance', power: 2, cutoff: 1500 }, 'zh')).toContain(
      '省会城市间大圆距离的反距离权重（地理距离矩阵）w_ij = 1/d_ij^2（d_ij ≤ 1500 km，否则为 0）',
    );
    expect(text({ method: 'distance', power: 1 }, 'en')).toContain(
      'inverse-distance weights w_ij = 1/d_ij^1 on the great-circle distances d_ij (km) between the provincial capitals and is row-standardised',
    );
    expect(text({ method: 'economic', column: 'avg_wage' }, 'zh')).toContain('经济距离矩阵');
    expect(text({ method: 'economic', column: 'avg_wage' }, 'en')).toContain(
      "x̄_i unit i's Average wage of employees in urban non-private units (its mean over the sample periods)",
    );
    expect(text({ method: 'economic', column: 'avg_wage', period: 2015 }, 'en')).toContain('(its value in 2015)');
  }, 120_000);

  it('contiguity with hainan: none is an island (error by default, zero lag with islands: keep)', async () => {
    expect(await failure('{ method: contiguity, hainan: none }')).toMatch(/^E_ISLANDS at analyses\.weights: .*海南/);
    const r = await runProject(spec('{ method: contiguity, hainan: none, islands: keep }'), { dryRun: true, workers: 1, env: {} });
    const t = r.analyses.tables.find((x) => x.name === 'spatial_weights')!;
    expect(t.rows[0][t.header.indexOf('islands')]).toBe('海南');
    expect(t.rows[0][t.header.indexOf('links')]).toBe(136);
  }, 120_000);

  it('distance (capitals, power 2, cutoff 2000 km) and economic (avg_wage: mean over the years, or 2015) run', async () => {
    for (const w of [
      '{ method: distance, power: 2, cutoff: 2000 }',
      '{ method: economic, column: avg_wage }',
      '{ method: economic, column: avg_wage, period: 2015 }',
    ]) {
      const r = await runProject(spec(w), { dryRun: true, workers: 1, env: {} });
      const t = r.analyses.tables.find((x) => x.name === 'spatial_weights')!;
      expect(t.rows[0][t.header.indexOf('units')], w).toBe(31);
      expect(
        r.analyses.tables.some((x) => x.name === 'markov_spatial' || x.name.startsWith('markov')),
        w,
      ).toBe(true);
    }
  }, 120_000);

  it('refuses a file with a built-in method, economic without or with an unknown column, a period not in the data', async () => {
    expect(await failure('{ method: contiguity, file: adjacency.csv }')).toMatch(/^E_SPEC at analyses\.weights\.method: .*either file or method: contiguity/);
    expect(await failure('{ method: economic }')).toMatch(/^E_MISSING_OPTION at analyses\.weights\.column/);
    expect(await failure('{ method: economic, column: avg_wag }')).toMatch(/^E_COLUMN_NOT_FOUND at analyses\.weights\.column: .*avg_wag/);
    expect(await failure('{ method: economic, column: avg_wage, period: 1999 }')).toMatch(/^E_BAD_OPTION at analyses\.weights\.period: .*1999/);
  }, 120_000);
});

describe('nqpf validate (loadCheckedProject) sees the built-in weights problems before the run', () => {
  it('economic with an unknown column, contiguity with a file', async () => {
    const { loadCheckedProject } = await import('../../src/app/check-project.js');
    const check = async (w: string) => {
      try {
        await loadCheckedProject(spec(w), { env: {} });
      } catch (e) {
        if (e instanceof NqpfError) return `${e.code}: ${e.message}`;
        throw e;
      }
      return 'ok';
    };
    expect(await check('{ method: economic, column: gdp }')).toMatch(/^E_COLUMN_NOT_FOUND: .*"gdp"/);
    expect(await check('{ method: contiguity, file: x.csv }')).toMatch(/^E_SPEC: /);
    expect(await check('{ method: contiguity }')).toBe('ok');
  });
});

/**
 * The spatial models' paper tables (src/lenses/spatial-models/paper.ts) as tables.docx and spatial_models.tex print
 * them, on Columbus (examples/columbus-spatial.yaml) and the Cigar random/fixed-effects panel: each estimate rounded to
 * 4 decimals with the stars of its p-value (*** < 0.01, ** < 0.05, * < 0.1) over its SE in parentheses, the
 * statistics below a rule, the effects and the test sequence; Columbus values from the R reference (expected.json),
 * stars by hand from their p-values; the panel's cells from its rows (their values are tested against R elsewhere).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisTable } from '../../src/analysis/context.js';
import type { PaperContext } from '../../src/analysis/descriptor.js';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { runProject } from '../../src/app/run-project.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { spatialModelsAnalysis } from '../../src/lenses/spatial-models/analysis.js';
import { panelRows, SPATIAL_PANEL_COEF, SPATIAL_PANEL_FIT, SPATIAL_PANEL_IMPACTS, SPATIAL_PANEL_TESTS } from '../../src/lenses/spatial-models/panel.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple, sharedAvailable, sharedDir, sharedPath } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const R = JSON.parse(readFileSync(resolve(refDir, 'expected.json'), 'utf8'));
const M = (x: number, d = 4) => x.toFixed(d).replace(/^-/, '\u2212');

function context(tables: readonly AnalysisTable[], lang: 'zh' | 'en'): PaperContext {
  return {
    lang,
    zh: lang === 'zh',
    table: (n) => tables.find((t) => t.name === n),
    name: (x) => x,
    ref: (_k, v) => v,
    period: (p) => String(p),
  };
}
const paper = (tables: readonly AnalysisTable[], lang: 'zh' | 'en') => spatialModelsAnalysis.paperTables!(context(tables, lang));
const tex = (tables: readonly AnalysisTable[], lang: 'zh' | 'en') => spatialModelsAnalysis.files!(tables, lang)[0];

describe.skipIf(!sharedAvailable)('spatial paper tables: Columbus cross-section', () => {
  let tables: readonly AnalysisTable[];
  beforeAll(async () => {
    const run = await runProject(resolve(import.meta.dirname, '../../examples/columbus-spatial.yaml'), {
      env: { ...process.env, NQPF_SHARED: sharedDir },
      dryRun: true,
      workers: 1,
    });
    tables = run.analyses.tables;
  }, 120_000);

  it('coefficient table: a column per model, estimate with stars over (SE), ρ/λ, N, log-likelihood, AIC', () => {
    const [coef, effects, tests] = paper(tables, 'en');
    expect(coef.caption).toBe('Spatial regression estimates (columbus)');
    expect(coef.header).toEqual(['Variable', 'OLS', 'SAR', 'SEM', 'SDM', 'SDEM', 'SAC']);
    const row = (label: string) => coef.rows.findIndex((r) => r[0] === label);
    const inc = row('INC');
    // SAR INC −1.0316157, SE 0.3051430, z = −3.38 → p < 0.01
    expect(coef.rows[inc][2]).toBe(`${M(R.sar.coef.INC)}***`);
    expect(coef.rows[inc + 1][2]).toBe(`(${R.sar.se.INC.toFixed(4)})`);
    // SDM lag.INC −0.5203, SE 0.5651: |z| = 0.92, no star; printed as W·INC
    expect(coef.rows[row('W·INC')][4]).toBe(M(R.sdm.coef['lag.INC']));
    expect(coef.rows[row('ρ (Wy)')].slice(1, 3)).toEqual(['', `${M(R.sar.rho)}***`]);
    // SAC λ 0.1667, SE 0.2966: no star; SAC ρ 0.3681, SE 0.1967: z = 1.87, p = 0.061 → *
    expect(coef.rows[row('ρ (Wy)')][6]).toBe(`${M(R.sac.rho)}*`);
    expect(coef.rows[row('Log-likelihood')][2]).toBe(M(R.sar.logLik, 3));
    expect(coef.rows[row('N')].slice(1)).toEqual(Array(6).fill('49'));
    expect(coef.rows.indexOf(coef.rows[row('Constant')])).toBeLessThan(row('ρ (Wy)'));
    expect(effects.header).toEqual(['Variable', 'Direct', 'Indirect', 'Total']);
    expect(effects.rows[0][0]).toBe('SAR');
    // Effects as papers print them: the estimate with stars from the table's own delta-method p (*** < 0.01, ** < 0.05,
    // * < 0.1), its delta-method SE in parentheses below. SAR INC: direct −1.0860 (0.3105) z = −3.50 ***, indirect
    // −0.7271 (0.3316) z = −2.19, p = 0.028 **, total −1.8131 (0.5352) ***; HOVAL indirect −0.1874 (0.1031) p = 0.069 *.
    const imp = tables.find((t) => t.name === 'spatial_models_impacts')!;
    const sar = (term: string) => Object.fromEntries(imp.header.map((h, j) => [h, imp.rows.find((r) => r[1] === 'sar' && r[2] === term)![j]]));
    const star = (p: number) => (p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '');
    const ks = ['direct', 'indirect', 'total'] as const;
    for (const [i, term] of [
      [1, 'INC'],
      [3, 'HOVAL'],
    ] as const) {
      const r = sar(term);
      expect(effects.rows[i]).toEqual([term, ...ks.map((k) => `${M(Number(r[k]))}${star(Number(r[`${k}_p`]))}`)]);
      expect(effects.rows[i + 1]).toEqual(['', ...ks.map((k) => `(${M(Number(r[`${k}_se`]))})`)]);
    }
    // … which are spatialreg's effects and the R reference's delta-method SEs (test/reference/spatial/effects_inference.R).
    const E = JSON.parse(readFileSync(resolve(refDir, 'effects_inference.json'), 'utf8')).sar;
    expect(effects.rows[1]).toEqual(['INC', `${M(E.direct[0])}***`, `${M(E.indirect[0])}**`, `${M(E.total[0])}***`]);
    expect(effects.rows[2]).toEqual(['', ...ks.map((k) => `(${M(E[`se_${k}`][0])})`)]);
    expect(effects.rows[3]).toEqual(['HOVAL', `${M(E.direct[1])}***`, `${M(E.indirect[1])}*`, `${M(E.total[1])}***`]);
    expect(effects.rows[4]).toEqual(['', ...ks.map((k) => `(${M(E[`se_${k}`][1])})`)]);
    expect(M(E.direct[0])).toBe(M(R.sar_impacts.direct.INC));
    expect(effects.notes?.[0]).toContain('delta-method standard errors in parentheses. *** p<0.01');
    // LM-lag 9.3637, p = 0.0022 → ***; robust LM-error 0.0795, p = 0.778
    const lm = tests.rows.find((r) => r[0] === 'columbus OLS: LM-lag')!;
    expect(lm).toEqual(['columbus OLS: LM-lag', `${M(R.lm_tests.LMlag.statistic)}***`, '1', R.lm_tests.LMlag.p.toFixed(3)]);
    expect(tests.rows.find((r) => r[0] === 'columbus OLS: Robust LM-error')![1]).toBe(M(R.lm_tests.RLMerr.statistic));
    expect(paper(tables, 'zh')[0].caption).toBe('空间计量模型估计结果（columbus）');
    expect(paper(tables, 'zh')[1].notes?.[0]).toContain('括号内为 delta 方法标准误。*** p<0.01');
  });

  it('spatial_models.tex: booktabs tables, stars as superscripts, the rule before the statistics', () => {
    const f = tex(tables, 'en');
    expect(f.file).toBe('spatial_models.tex');
    expect(f.text).toContain('\\toprule\n & OLS & SAR & SEM & SDM & SDEM & SAC \\\\\n\\midrule');
    expect(f.text).toContain(`INC & ${(-1.597310834).toFixed(4)}$^{***}$ & ${R.sar.coef.INC.toFixed(4)}$^{***}$`);
    expect(f.text).toContain('\\midrule\nN & 49 & 49');
    expect(f.text.match(/\\begin\{table\}/g)).toHaveLength(3);
  });
});

describe.skipIf(!sharedAvailable)('spatial paper tables: Cigar panel with fixed and random effects', () => {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/panel/cigar.csv'), 'utf8')).filter((r) => r.length > 1);
  const head = rows[0];
  const body = rows.slice(1);
  const num = (r: string[], name: string) => Number(r[head.indexOf(name)]);
  const states = [...new Set(body.map((r) => num(r, 'state')))].sort((a, b) => a - b).map(String);
  const pairs = parseCsvSimple(readFileSync(resolve(refDir, 'cigar_contiguity.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length === 2)
    .map((r) => [r[0], r[1]] as const);
  const W = weightsFromPairs(states, pairs, { style: 'W' });
  const panel = panelFromRecords(
    body.map((r) => String(num(r, 'state'))),
    body.map((r) => String(1900 + num(r, 'year'))),
    { ly: Float64Array.from(body.map((r) => Math.log(num(r, 'sales')))), lp: Float64Array.from(body.map((r) => Math.log(num(r, 'price') / num(r, 'cpi')))) },
  );

  it('columns model × estimator; RE rows with φ and σ_μ²; effects with delta SEs; Hausman in the tests', () => {
    const spec = SpatialModelsSpec.parse({ panel: [{ name: 'C', formula: 'ly ~ lp | unit', models: ['sar', 'sdm', 'sem'], draws: 0, random: true }] });
    const r = panelRows(panel, W, spec.panel[0], 'analyses.spatial_models.panel.0', 1);
    const t = (decl: { build: (rows: never[]) => AnalysisTable }, x: unknown[]) => decl.build(x as never[]);
    const tables = [t(SPATIAL_PANEL_COEF, r.coef), t(SPATIAL_PANEL_FIT, r.fit), t(SPATIAL_PANEL_IMPACTS, r.impacts), t(SPATIAL_PANEL_TESTS, r.tests)];
    const [coef, effects, tests] = paper(tables, 'en');
    expect(coef.header).toEqual([
      'Variable',
      'SAR ML (uncorrected)',
      'SDM ML (uncorrected)',
      'SEM ML (uncorrected)',
      'SAR Lee–Yu bias-corrected',
      'SDM Lee–Yu bias-corrected',
      'SEM Lee–Yu bias-corrected',
      'SAR ML (random effects)',
      'SDM ML (random effects)',
    ]);
    const labels = coef.rows.map((x) => x[0]).filter((x) => x !== '');
    expect(labels).toEqual([
      'lp',
      'W·lp',
      'Constant',
      'ρ (Wy)',
      'λ (Wu)',
      'φ = σ/√(Tσ_μ² + σ²)',
      'σ_μ² (unit effect variance)',
      'N (likelihood)',
      'σ²',
      'Log-likelihood',
      'AIC',
    ]);
    const rho = coef.rows.find((x) => x[0] === 'ρ (Wy)')!;
    const re = r.coef.find((x) => x.model === 'sar' && x.estimator === 're' && x.term === 'rho')!;
    expect(rho[7]).toBe(`${M(re.estimate as number)}${(re.p as number) < 0.01 ? '***' : (re.p as number) < 0.05 ? '**' : (re.p as number) < 0.1 ? '*' : ''}`);
    expect(effects.rows.map((x) => x[0]).filter((x) => /ML|Lee/.test(String(x)))).toHaveLength(6);
    const h = tests.rows.find((x) => String(x[0]).includes('Hausman: SAR'))!;
    const hr = r.tests.find((x) => x.test === 'hausman_sar')!;
    expect(h[0]).toBe('C (ML (uncorrected)): Hausman: SAR, FE vs RE');
    expect(h[2]).toBe(String(hr.df));
    expect(hr.df).toBe(2); // (lp, ρ)
    const latex = tex(tables, 'zh').text;
    expect(latex).toContain('\\usepackage{ctex}');
    expect(latex).toContain('空间面板模型估计结果（C）');
  });
});

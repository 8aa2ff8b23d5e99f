/**
 * The workbench's results of a run (web/src/run-results.ts): CSV outputs read as `nqpf report`
 * reads a run directory, and the sections of the analyses that ran with the report's charts.
 */
import { describe, expect, it } from 'vitest';
import { ANALYSIS_LIST } from '../../src/analysis/registry.js';
import { buildReportPayload } from '../../src/report/html/data.js';
import { buildReportHtml } from '../../src/report/html/template.js';
import { bundleFromTexts, reportTable, resultFiles, resultSections } from '../../web/src/run-results.js';

describe('reportTable(name, text)', () => {
  it('reads numbers as numbers, empty cells as null and undoes the formula escaping', () => {
    const t = reportTable('x', "\uFEFFa,b,c\r\n1.5,,'=SUM(A1)\r\n-2e3,NA,text\r\n");
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      [1.5, null, '=SUM(A1)'],
      [-2000, 'NA', 'text'],
    ]);
  });
});

describe('resultFiles(outputs)', () => {
  it('keeps the CSV tables but the construction data', () => {
    expect(resultFiles(['ranks.csv', 'data_raw.csv', 'inequality.csv', 'results.xlsx', 'run.json'])).toEqual(['ranks.csv', 'inequality.csv']);
  });
});

describe('resultSections(payload, bundle)', () => {
  const run = JSON.stringify({ nqpf: 'x', synthetic: true, seed: 1, spec: {}, inputs: [] });
  const csvs = new Map([
    ['inequality.csv', 'score,period,gini,cv,dagum_G,theil_T\nI,2020,0.2,0.3,0.2,0.05\nI,2021,0.19,0.29,0.19,0.04\n'],
    ['markov_transitions.csv', 'score,condition,from_class,to_class,count,probability,from_total,note\nI,all,1,1,3,0.75,4,\nI,all,1,2,1,0.25,4,\n'],
    ['sensitivity.csv', 'factor,first_order,total\nw,0.4,0.5\n'],
  ]);
  const bundle = bundleFromTexts(run, csvs);
  const { payload } = buildReportPayload(bundle, { lang: 'zh' });
  const sections = resultSections(payload, bundle);

  it('one section per analysis with tables, in registry order, then robustness', () => {
    expect(sections.map((s) => s.key)).toEqual(['inequality', 'markov', 'robustness']);
    expect(sections[0].title.zh).toBeTruthy();
    expect(sections[0].tables).toEqual(['inequality']);
    expect(sections[2].tables).toEqual(['sensitivity']);
  });

  it('the report charts whose data are there', () => {
    expect(sections[0].charts.map((c) => c.name)).toEqual(['gini', 'dagumShares', 'theil']);
    expect(sections[1].charts.map((c) => c.name)).toEqual(['markov']);
    expect(sections[2].charts.map((c) => c.name)).toEqual(['sobol']);
    expect(sections.every((s) => s.figures.length === 0)).toBe(true);
  });

  it('are the charts report.html draws for the same run: one declaration (src/report/html/sections.ts)', () => {
    const html = buildReportHtml(bundle, '/* echarts */').html;
    const inReport = [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);
    for (const s of sections) for (const c of s.charts) expect(inReport, `${s.key}: ${c.name}`).toContain(c.name);
    for (const s of sections) expect(html, s.key).toContain(`<section id="${s.key}">`);
  });
});

describe('resultSections: the lenses (models, efficiency, spatial models, value chains)', () => {
  const run = JSON.stringify({ nqpf: 'x', synthetic: true, seed: 1, spec: {}, inputs: [] });
  const csvs = new Map([
    ['models_coef.csv', 'model,term,estimate,se,t,p\n(1),x,0.5,0.1,5,0.001\n'],
    [
      'models_threshold_lr.csv',
      'model,thresholds,estimate,gamma,ssr,lr,critical\nT1,1,gamma1,0.2,10,5,7.35\nT1,1,gamma1,0.3,9,0,7.35\nT1,1,gamma1,0.4,10,4,7.35\n',
    ],
    ['efficiency_scores.csv', 'model,unit,period,score\nccr,A,2020,1\n'],
  ]);
  const bundle = bundleFromTexts(run, csvs);
  const { payload } = buildReportPayload(bundle, { lang: 'en' });

  it('an analysis without interactive charts shows its declared tables and the figures of its chart family', () => {
    const sections = resultSections(payload, bundle, 'en');
    const models = sections.find((s) => s.key === 'models')!;
    expect(models.tables).toEqual(['models_coef', 'models_threshold_lr']);
    expect(models.charts).toEqual([]);
    expect(models.figures.map((f) => f.id)).toEqual(['threshold_lr_T1_1']);
    expect(models.figures[0].titleEn).toContain('likelihood ratio');
    // every registry analysis with a declared table in the run has a section
    const declared = new Set(ANALYSIS_LIST.filter((a) => a.tables.some((t) => bundle.tables.has(t.name))).map((a) => a.key));
    expect(sections.map((s) => s.key)).toEqual([...declared]);
  });
});

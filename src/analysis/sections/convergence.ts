/** analyses.convergence: σ (CV, sd of logs) per period; absolute/conditional β (cross-section) and panel fixed-effects β. */
import { fail, NqpfError } from '../../core/errors.js';
import type { AnalysesSpec } from '../../spec/schema.js';
import { betaConvergence, panelBetaConvergence, sigmaConvergence } from '../convergence.js';
import { num, periodCell, scoreColumn, sectionScores, type AnalysisContext, type AnalysisTable, type Cell } from '../context.js';

type Spec = NonNullable<AnalysesSpec['convergence']>;

export function runConvergence(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
  const path = 'analyses.convergence';
  const P = ctx.scores;
  const nU = P.units.length;
  const nT = P.periods.length;
  if (nT < 2) fail('E_ANALYSIS_PERIODS', `${path} needs at least two periods`, { location: { path } });
  const find = (label: string | undefined, def: number, field: string): number => {
    if (label === undefined) return def;
    const t = P.periods.indexOf(String(label));
    if (t < 0) fail('E_ANALYSIS_PERIOD', `${path}.${field}: period "${label}" is not in the data`, { location: { path: `${path}.${field}` }, hint: `periods: ${P.periods.join(', ')}` });
    return t;
  };
  const t0 = find(spec.from, 0, 'from');
  const t1 = find(spec.to, nT - 1, 'to');
  if (t1 <= t0) fail('E_ANALYSIS_PERIOD', `${path}: "to" (${P.periods[t1]}) must come after "from" (${P.periods[t0]})`, { location: { path: `${path}.to` } });
  const elapsed = P.periodValues[t1] - P.periodValues[t0];
  const codes = sectionScores(ctx, spec.scores, path);
  const covCols = spec.covariates.map((c, i) => scoreColumn(ctx, c, `${path}.covariates.${i}`));
  const labels = { units: P.units, periods: P.periods };
  const sigma: Cell[][] = [];
  const beta: Cell[][] = [];
  for (const code of codes) {
    const x = scoreColumn(ctx, code, path);
    // The sd of logs needs x > 0: when a score has values ≤ 0, report the CV alone and say why.
    let logNote = '';
    let positive = true;
    for (let i = 0; i < x.length; i++) if (x[i] <= 0) positive = false;
    if (!positive) {
      logNote = 'sd of logs not computed: values ≤ 0';
      ctx.warn({ code: 'W_SIGMA_LOGS', message: `${path}: sd of logs of ${code} not computed (values ≤ 0)`, location: { path } });
    }
    const s = sigmaConvergence(x, nU, nT, { ...labels, logs: positive, dropMissing: spec.dropMissing });
    P.periods.forEach((p, t) => {
      const left = nU - s.n[t];
      const note = [logNote, left > 0 ? `${left} unit${left > 1 ? 's' : ''} without a score left out` : ''].filter(Boolean).join('; ');
      sigma.push([code, periodCell(p), s.n[t], num(s.mean[t]), num(s.sd[t]), num(s.cv[t]), num(s.sdLog[t]), note]);
    });

    const sub = x.subarray(t0 * nU, (t1 + 1) * nU);
    const subCov = covCols.map((c) => c.subarray(t0 * nU, (t1 + 1) * nU));
    const span = t1 - t0 + 1;
    const models: { name: string; run: () => Cell[][] }[] = [
      {
        name: 'absolute',
        run: () => crossSection(code, betaConvergence(sub, nU, span, { ...labels, periods: P.periods.slice(t0, t1 + 1), elapsed, dropMissing: spec.dropMissing }), 'absolute'),
      },
    ];
    if (spec.covariates.length) models.push({ name: 'conditional', run: () => crossSection(code, betaConvergence(sub, nU, span, { ...labels, periods: P.periods.slice(t0, t1 + 1), elapsed, covariates: subCov, covariateNames: spec.covariates, dropMissing: spec.dropMissing }), 'conditional') });
    if (spec.panel) {
      models.push({ name: 'panel_fe', run: () => panel(code, panelBetaConvergence(sub, nU, span, { ...labels, periods: P.periods.slice(t0, t1 + 1), dropMissing: spec.dropMissing }), 'panel_fe') });
      if (spec.covariates.length) models.push({ name: 'panel_fe_conditional', run: () => panel(code, panelBetaConvergence(sub, nU, span, { ...labels, periods: P.periods.slice(t0, t1 + 1), covariates: subCov, covariateNames: spec.covariates, dropMissing: spec.dropMissing }), 'panel_fe_conditional') });
    }
    for (const m of models) {
      try {
        beta.push(...m.run());
      } catch (e) {
        if (!(e instanceof NqpfError)) throw e;
        beta.push([code, m.name, P.periods[t0], P.periods[t1], 'beta', null, null, null, null, null, null, null, null, null, `${e.code}: ${e.message}`]);
      }
    }
  }
  return [
    { name: 'convergence_sigma', file: 'convergence_sigma.csv', header: ['score', 'period', 'n', 'mean', 'sd', 'cv', 'sd_log', 'note'], rows: sigma },
    { name: 'convergence_beta', file: 'convergence_beta.csv', header: ['score', 'model', 'from', 'to', 'term', 'estimate', 'se', 't', 'p', 'n', 'r2', 'speed', 'half_life', 'df', 'note'], rows: beta },
  ];

  function crossSection(code: string, r: ReturnType<typeof betaConvergence>, model: string): Cell[][] {
    return r.table.names.map((term, i) => [
      code, model, P.periods[t0], P.periods[t1], term, num(r.table.coef[i]), num(r.table.se[i]), num(r.table.t[i]), num(r.table.p[i]), r.n, num(r.r2),
      ...(i === r.table.names.indexOf(betaTerm(r.table.names)) ? [num(r.lambda), num(r.halfLife)] : [null, null]), r.df, i === 0 ? noteOf(r.reason, r.dropped) : '',
    ]);
  }
  function panel(code: string, r: ReturnType<typeof panelBetaConvergence>, model: string): Cell[][] {
    return r.table.names.map((term, i) => [
      code, model, P.periods[t0], P.periods[t1], term, num(r.table.coef[i]), num(r.table.se[i]), num(r.table.t[i]), num(r.table.p[i]), r.nObs, num(r.withinR2),
      ...(i === r.table.names.indexOf(betaTerm(r.table.names)) ? [num(r.lambda), num(r.halfLife)] : [null, null]), r.df, i === 0 ? noteOf(r.reason, r.dropped, 'within estimator, unit fixed effects, homoskedastic SE; R² is the within R²') : '',
    ]);
  }
}

function betaTerm(names: string[]): string {
  return names.find((n) => /beta|ln_?x|log/i.test(n) && !/intercept/i.test(n)) ?? names[names.length > 1 ? 1 : 0];
}

function noteOf(reason: string | null, dropped: string[], extra = ''): string {
  return [extra, reason ?? '', dropped.length ? `dropped: ${dropped.join(', ')}` : ''].filter(Boolean).join('; ');
}

/** The spec of `analyses.models` (issue 15): regressions, mediation and threshold models on the run's panel. */
import { z } from 'zod';
import { SE_TYPES } from '../panel/vcov.js';

const d = (text: string) => ({ description: text });

export const SeTypes = z
  .array(z.enum(SE_TYPES))
  .min(1)
  .meta(
    d(
      'Standard errors, each reported (the first in the regression table): conventional; hc0 (White); hc1 (n/(n − all parameters), Stata ' +
        '`regress, robust` with the fixed effects as dummies); cluster (by unit, Stata `xtreg, vce(cluster)`: G/(G−1)·(n−1)/(n−k′)); ' +
        'cluster_hc0 (no small-sample factor, plm `vcovHC(method = "arellano", type = "HC0")`); twoway_cluster (unit and period, ' +
        'Cameron–Gelbach–Miller); driscoll_kraay (Bartlett, plm `vcovSCC`).',
    ),
  );

export const RegressionSpec = z
  .strictObject({
    name: z.string().min(1).meta(d('Column heading of the model in the regression table, and its key in the tables (e.g. "(1)", "FE").')),
    formula: z
      .string()
      .min(1)
      .meta(
        d(
          'fixest-style formula: `y ~ x1 + log(x2) + l(x3, 1) + x1:x4 | unit + period`. Variables: any score of the run (index, ' +
            'dimension, alternative) or any data column (indicators as read, controls). Functions: log/ln, log10, exp, sqrt, abs, ' +
            'l/lag(x, k), f/lead(x, k), d/diff(x, k), center(x), std(x), I(expr); a:b interaction, a*b = a + b + a:b. After `|`: ' +
            'fixed effects unit and/or period.',
        ),
      ),
    estimator: z
      .enum(['ols', 'random'])
      .default('ols')
      .meta(d('ols: pooled OLS, or the within (fixed effects) estimator when the formula has `| unit`/`| period`; random: Swamy–Arora random effects.')),
    se: SeTypes.optional().meta(d('Standard errors of this model. Default: the section’s `se`.')),
    clusterBy: z.enum(['unit', 'period']).default('unit').meta(d('Cluster of `cluster` and `cluster_hc0`. Default: unit.')),
    lags: z.int().min(0).optional().meta(d('Driscoll–Kraay lag. Default: ⌊T^{1/4}⌋ (plm).')),
    hausman: z
      .boolean()
      .default(true)
      .meta(d('Random effects: also the Hausman test against the unit fixed-effects model of the same formula. Default: true.')),
    slopes: z
      .strictObject({
        x: z.string().min(1).meta(d('Term whose slope is moderated, as written in the formula (e.g. `log(rd_fte)`).')),
        by: z.string().min(1).meta(d('Moderator term as written in the formula (e.g. `center(rd_intensity)`); the interaction `x:by` must be a term.')),
        at: z.array(z.number()).optional().meta(d('Moderator values. Default: its mean − 1 SD, mean, mean + 1 SD over the estimation sample.')),
      })
      .optional()
      .meta(d('Moderation: simple slopes of `x` at values of the moderator `by`.')),
  })
  .meta(d('One linear panel model.'));

export const MediationSpec = z
  .strictObject({
    name: z.string().min(1).meta(d('Name of the mediation analysis in the tables.')),
    y: z.string().min(1).meta(d('Outcome (an expression, e.g. `Index_topsis`).')),
    x: z.string().min(1).meta(d('Explanatory variable (expression).')),
    m: z.string().min(1).meta(d('Mediator (expression).')),
    controls: z.array(z.string().min(1)).default([]).meta(d('Control terms (expressions). Default: none.')),
    effects: z.enum(['none', 'unit', 'period', 'twoway']).default('twoway').meta(d('Fixed effects of the three equations. Default: twoway.')),
    se: z.enum(SE_TYPES).default('cluster').meta(d('Standard errors of the paths and the Sobel test. Default: cluster.')),
    bootstrap: z.int().min(0).max(100000).default(1000).meta(d('Cluster-bootstrap draws of a·b (units resampled; 0: none). Default: 1000.')),
    level: z.number().gt(0).lt(1).default(0.95).meta(d('Level of the bootstrap percentile interval. Default: 0.95.')),
  })
  .meta(d('Stepwise mediation (Baron–Kenny) with fixed effects, Sobel test and the cluster bootstrap of the indirect effect.'));

export const ModelsSpec = z
  .strictObject({
    se: SeTypes.default(['cluster']),
    regressions: z.array(RegressionSpec).default([]).meta(d('Linear panel models, one column each in the regression table.')),
    mediation: z.array(MediationSpec).default([]).meta(d('Mediation analyses.')),
    decimals: z.int().min(1).max(8).default(4).meta(d('Decimals of the regression table. Default: 4.')),
  })
  .meta(d('Panel models on the run’s panel: pooled, fixed and random effects with Hausman test, mechanism tests (mediation, moderation).'));
export type ModelsSpec = z.output<typeof ModelsSpec>;

import { fail } from '../../core/errors.js';
import type { ImputeContext } from './types.js';

/**
 * Checks that `x` and `ctx` agree (length, period positions, group vector) before a kernel runs,
 * so a shape mistake in the caller is a named error instead of silently wrong fills.
 */
export function checkImputeInput(method: string, x: Float64Array, ctx: ImputeContext, needGroups = false): void {
  const { nUnits, nPeriods } = ctx;
  if (!Number.isInteger(nUnits) || !Number.isInteger(nPeriods) || nUnits < 0 || nPeriods < 0) {
    fail('E_BAD_INPUT', `impute method "${method}": nUnits and nPeriods must be non-negative integers (got ${nUnits}, ${nPeriods})`);
  }
  if (x.length !== nUnits * nPeriods) {
    fail(
      'E_BAD_INPUT',
      `impute method "${method}": values have length ${x.length} but the panel has ${nUnits} units × ${nPeriods} periods = ${nUnits * nPeriods}`,
      {
        hint: 'pass one indicator over the whole panel, period-major (index = t*nUnits + u)',
      },
    );
  }
  if (ctx.periodValues.length !== nPeriods) {
    fail('E_BAD_INPUT', `impute method "${method}": periodValues has length ${ctx.periodValues.length}, expected ${nPeriods}`);
  }
  if (needGroups) {
    if (!ctx.groups) {
      fail('E_NO_GROUPS', `impute method "${method}" needs a unit grouping, but none was given`, {
        hint: 'name the unit attribute that holds the groups (e.g. group: EurAsia_group or region) in the impute step',
      });
    }
    if (ctx.groups.length !== nUnits) {
      fail('E_BAD_INPUT', `impute method "${method}": groups has length ${ctx.groups.length}, expected one entry per unit (${nUnits})`);
    }
  }
}

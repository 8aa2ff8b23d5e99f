import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imputeGroupMean } from '../../../src/pipeline/impute/index.js';
import { countImputed, countMissing } from '../../../src/pipeline/impute/index.js';
import { close, parseCsvSimple, readRefTable, sharedAvailable, sharedPath } from '../../helpers/shared.js';

describe.skipIf(!sharedAvailable)('imputeGroupMean vs COINr 1.1.14 (ASEM default_Denominated → default_Imputed, i_mean_grp by EurAsia_group)', () => {
  it('imputeGroupMean reproduces default_Imputed for all 49 indicators (1e-9 rel)', () => {
    const den = readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Denominated.csv'), 'utf8'));
    const imp = readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Imputed.csv'), 'utf8'));
    const raw = parseCsvSimple(readFileSync(sharedPath('data/asem/asem_idata.csv'), 'utf8'));
    const h = raw[0];
    const groupOf = new Map(
      raw
        .slice(1)
        .filter((r) => r.length > 3)
        .map((r) => [r[h.indexOf('uCode')], r[h.indexOf('EurAsia_group')]]),
    );
    const units = [...den.rows.keys()];
    const labels = [...new Set(units.map((u) => groupOf.get(u)!))];
    const groups = Int32Array.from(units, (u) => labels.indexOf(groupOf.get(u)!));
    expect(labels.sort()).toEqual(['Asia', 'Europe']);
    expect(den.cols.length).toBe(49);
    let filled = 0;
    let mismatches = 0;
    for (const c of den.cols) {
      const x = Float64Array.from(units, (u) => den.rows.get(u)!.get(c)!);
      const y = imputeGroupMean(x, { nUnits: units.length, nPeriods: 1, periodValues: [2018], groups }, {});
      filled += countImputed(x, y);
      expect(countMissing(y)).toBe(0);
      units.forEach((u, i) => {
        if (!close(y[i], imp.rows.get(u)!.get(c)!)) mismatches++;
      });
    }
    expect(mismatches).toBe(0);
    expect(filled).toBeGreaterThan(0); // the reference does contain gaps to fill
  });
});

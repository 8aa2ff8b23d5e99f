import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dagum, dagumBrute } from '../../../src/analysis/inequality/dagum.js';
import { theil } from '../../../src/analysis/inequality/theil.js';
import { gini } from '../../../src/analysis/inequality/gini.js';
import { close, parseCsvSimple, sharedAvailable, sharedPath } from '../../helpers/shared.js';

/** R&D intensity (rd_intensity, %) of the 31 provinces in `year`, with their NBS four-region group. */
function load(year: string): { x: Float64Array; groups: Int32Array; labels: string[] } {
  const regions = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/regions.csv'), 'utf8').replace(/^\uFEFF/, ''));
  const regionOf = new Map(
    regions
      .slice(1)
      .filter((r) => r.length > 2)
      .map((r) => [r[0], r[2]]),
  );
  const rows = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/cn_provinces_scitech_2011_2022.csv'), 'utf8').replace(/^\uFEFF/, ''));
  const col = rows[0].indexOf('rd_intensity');
  const labels = ['East', 'Central', 'West', 'Northeast'];
  const xs: number[] = [];
  const gs: number[] = [];
  for (const r of rows.slice(1)) {
    if (r[1] !== year) continue;
    xs.push(r[col] === '' ? NaN : Number(r[col]));
    gs.push(labels.indexOf(regionOf.get(r[0])!));
  }
  return { x: Float64Array.from(xs), groups: Int32Array.from(gs), labels };
}

describe.skipIf(!sharedAvailable)('inequality on the CN provinces R&D intensity (real data)', () => {
  it('dagum equals dagumBrute to 1e-12 on every year 2011–2022 and decomposes exactly into the four NBS regions', () => {
    for (let y = 2011; y <= 2022; y++) {
      const { x, groups, labels } = load(String(y));
      expect(x.length).toBe(31);
      expect(Math.min(...groups)).toBe(0);
      const a = dagum(x, groups, labels, { dropMissing: true });
      const b = dagumBrute(x, groups, labels, { dropMissing: true });
      for (const k of ['gini', 'gw', 'gnb', 'gt'] as const) expect(close(a[k], b[k], 1e-12, 1e-15)).toBe(true);
      a.giniMatrix.forEach((v, i) => expect(close(v, b.giniMatrix[i], 1e-12, 1e-15)).toBe(true));
      expect(close(a.gw + a.gnb + a.gt, a.gini, 1e-12)).toBe(true);
      expect(close(a.gini, gini(x, { dropMissing: true }).value, 1e-12)).toBe(true);
      expect(a.gini).toBeGreaterThan(0.2); // R&D intensity is very unequal across provinces
      const t = theil(x, groups, labels, { dropMissing: true });
      expect(close(t.T.within + t.T.between, t.T.total, 1e-12)).toBe(true);
      expect(close(t.L!.within + t.L!.between, t.L!.total, 1e-12)).toBe(true);
    }
  });
});

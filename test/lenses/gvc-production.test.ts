/**
 * Production-based GVC participation (Wang, Wei, Yu & Zhu 2017) on decompr's leather: the four parts
 * forward and backward by sector and country and the participation indices equal an R reference written
 * from the paper with solve() (test/reference/gvc/production_leather.R → production_expected.json,
 * 1e-9 relative); identities: forward parts sum to value added, backward parts to final goods.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIcioCsv } from '../../src/io/read/icio.js';
import { leontiefFactors } from '../../src/lenses/gvc/leontief.js';
import { productionParticipation } from '../../src/lenses/gvc/production.js';
import { sharedAvailable, sharedPath } from '../helpers/shared.js';

interface Ref {
  va: number[];
  final: number[];
  forward: number[][];
  backward: number[][];
  forwardParticipation: number[];
  backwardParticipation: number[];
}
const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/gvc/production_expected.json'), 'utf8')) as Ref & { country: Ref };
const close = (a: number, b: number, what: string) =>
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1e-300, Math.abs(b)));

describe.skipIf(!sharedAvailable)('productionParticipation (Wang, Wei, Yu & Zhu 2017) on leather', () => {
  it('sector and country parts and participation indices equal R (1e-9); forward parts sum to VA, backward to final goods', async () => {
    const d = sharedPath('data/gvc');
    const t = await readIcioCsv({
      intermediate: resolve(d, 'leather_intermediate.csv'),
      final: resolve(d, 'leather_final.csv'),
      output: resolve(d, 'leather_output.csv'),
      countries: ['Argentina', 'Turkey', 'Germany'],
      industries: ['Agriculture', 'Textile', 'Transport'],
    });
    const p = productionParticipation(t, leontiefFactors(t));
    for (const [rows, r, what] of [
      [p.sectors, ref, 'sector'],
      [p.countries, ref.country, 'country'],
    ] as const) {
      expect(rows).toHaveLength(r.va.length);
      rows.forEach((x, i) => {
        close(x.va, r.va[i], `${what} ${i} va`);
        close(x.final, r.final[i], `${what} ${i} final`);
        x.forward.forEach((v, k) => close(v, r.forward[i][k], `${what} ${i} forward ${k}`));
        x.backward.forEach((v, k) => close(v, r.backward[i][k], `${what} ${i} backward ${k}`));
        close(x.forwardParticipation, r.forwardParticipation[i], `${what} ${i} forward participation`);
        close(x.backwardParticipation, r.backwardParticipation[i], `${what} ${i} backward participation`);
        close(
          x.forward.reduce((a, b) => a + b, 0),
          x.va,
          `${what} ${i} Σ forward = VA`,
        );
        close(
          x.backward.reduce((a, b) => a + b, 0),
          x.final,
          `${what} ${i} Σ backward = final goods`,
        );
      });
    }
  });
});

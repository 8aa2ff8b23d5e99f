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
import { valueChainTables } from '../../src/lenses/gvc/analysis.js';
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

  it('measure production writes gvc_production_country and gvc_production (zh/en names, the R values by label)', async () => {
    const d = sharedPath('data/gvc');
    const t = await readIcioCsv({
      intermediate: resolve(d, 'leather_intermediate.csv'),
      final: resolve(d, 'leather_final.csv'),
      output: resolve(d, 'leather_output.csv'),
      countries: ['ARG', 'TUR', 'DEU'],
      industries: ['D01T02', 'D13T15', 'D29'],
    });
    const tables = valueChainTables(t, { measures: ['production'] });
    expect(tables.map((x) => x.name)).toEqual(['gvc_production_country', 'gvc_production']);
    const [ct, st] = tables;
    const col = (x: (typeof tables)[number], k: string) => x.rows.map((r) => r[x.header.indexOf(k)] as number);
    expect(ct.header.slice(0, 3)).toEqual(['country', 'country_zh', 'country_en']);
    expect(ct.rows.map((r) => r[1])).toEqual(['阿根廷', '土耳其', '德国']);
    col(ct, 'forward_participation').forEach((v, i) => close(v, ref.country.forwardParticipation[i], `country ${i} forward`));
    col(ct, 'backward_participation').forEach((v, i) => close(v, ref.country.backwardParticipation[i], `country ${i} backward`));
    col(ct, 'bwd_GVC_C').forEach((v, i) => close(v, ref.country.backward[i][3], `country ${i} bwd_GVC_C`));
    expect(st.rows).toHaveLength(9);
    col(st, 'fwd_GVC_S').forEach((v, i) => close(v, ref.forward[i][2], `sector ${i} fwd_GVC_S`));
    col(st, 'backward_participation').forEach((v, i) => close(v, ref.backwardParticipation[i], `sector ${i} backward`));
  });
});

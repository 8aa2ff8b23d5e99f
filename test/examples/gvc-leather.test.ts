/**
 * Acceptance (issue 18): examples/gvc-leather.yaml — the value-chain section on decompr's `leather`
 * table (../shared/data/gvc) — writes gvc_leontief, gvc_kww, gvc_position, gvc_upstreamness, gvc_wwz,
 * gvc_production_country and gvc_production as CSV at full precision, and their cells equal the R
 * references (test/reference/gvc/expected.json from gvc_leather.R, wwz_expected.json from wwz_leather.R,
 * production_expected.json from production_leather.R) to 1e-9 relative after a round trip through the
 * written files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { parseCsvSimple, sharedAvailable, sharedDir } from '../helpers/shared.js';

const examples = resolve(import.meta.dirname, '../../examples');
const refDir = resolve(import.meta.dirname, '../reference/gvc');
const R = JSON.parse(readFileSync(join(refDir, 'expected.json'), 'utf8')) as Record<string, number[] & number[][]>;
const W = JSON.parse(readFileSync(join(refDir, 'wwz_expected.json'), 'utf8')) as {
  terms: string[];
  rows: { s: number; r: number; i: number; E: number; w: number[] }[];
};
const P = JSON.parse(readFileSync(join(refDir, 'production_expected.json'), 'utf8')) as {
  forward: number[][];
  backward: number[][];
  forwardParticipation: number[];
  backwardParticipation: number[];
  country: { forward: number[][]; backward: number[][]; forwardParticipation: number[]; backwardParticipation: number[] };
};
const C = ['Argentina', 'Turkey', 'Germany'];
const I = ['Agriculture', 'Textile_and_Leather', 'Transport_Equipment'];
const KWW = ['DVA_FIN', 'DVA_INT', 'DVA_INTrex', 'RDV_FIN', 'RDV_INT', 'DDC', 'FVA_FIN', 'FVA_INT', 'FDC'];
const close = (a: string | undefined, b: number, what: string) =>
  expect(Math.abs(Number(a) - b) / Math.max(Math.abs(b), 1e-12), `${what}: ${a} vs R ${b}`).toBeLessThan(1e-9);

describe.skipIf(!sharedAvailable)('examples/gvc-leather.yaml', () => {
  const out = mkdtempSync(join(tmpdir(), 'nqpf-gvc-example-'));
  const csv = (name: string) => {
    const [h, ...rows] = parseCsvSimple(readFileSync(join(out, `${name}.csv`), 'utf8'));
    return rows.map((r) => Object.fromEntries(h.map((k, j) => [k, r[j]])));
  };
  beforeAll(async () => {
    await runProject(resolve(examples, 'gvc-leather.yaml'), { env: { ...process.env, NQPF_SHARED: sharedDir }, out, workers: 1 });
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('gvc_kww and gvc_position: the nine terms, participation and position by country equal R', () => {
    const k = csv('gvc_kww');
    expect(k.map((r) => r.country)).toEqual(C);
    k.forEach((r, s) => {
      close(r.exports, R.exports[s], `exports ${C[s]}`);
      KWW.forEach((t, m) => close(r[t], R.kwwTerms[s][m], `${t} ${C[s]}`));
    });
    csv('gvc_position').forEach((r, s) => {
      close(r.participation, R.participation[s], `participation ${C[s]}`);
      close(r.position, R.position[s], `position ${C[s]}`);
    });
  });

  it('gvc_upstreamness and gvc_leontief (V B diag(E)) equal R cell by cell', () => {
    csv('gvc_upstreamness').forEach((r, k) => {
      expect([r.country, r.industry]).toEqual([C[Math.floor(k / 3)], I[k % 3]]);
      close(r.upstreamness, R.upstreamness[k], `U ${k}`);
      close(r.downstreamness, R.downstreamness[k], `D ${k}`);
    });
    const l = csv('gvc_leontief');
    expect(l.length).toBe(81);
    l.forEach((r, m) => close(r.value_added, R.VBE[Math.floor(m / 9)][m % 9], `VBE ${m}`));
  });

  it('gvc_wwz: the 16 terms of every exporter × partner × sector equal R', () => {
    const w = csv('gvc_wwz');
    expect(w.length).toBe(W.rows.length);
    W.rows.forEach((want, m) => {
      const r = w[m];
      expect([r.exporter, r.partner, r.industry]).toEqual([C[want.s - 1], C[want.r - 1], I[want.i - 1]]);
      close(r.exports, want.E, `E ${m}`);
      W.terms.forEach((t, k) => close(r[t], want.w[k], `${t} row ${m}`));
    });
  });

  it('gvc_production_country and gvc_production: the four parts forward and backward and both participation indices equal R', () => {
    const parts = ['D', 'RT', 'GVC_S', 'GVC_C'];
    const ct = csv('gvc_production_country');
    expect(ct.map((r) => r.country)).toEqual(C);
    ct.forEach((r, s) => {
      parts.forEach((p, k) => {
        close(r[`fwd_${p}`], P.country.forward[s][k], `${C[s]} fwd_${p}`);
        close(r[`bwd_${p}`], P.country.backward[s][k], `${C[s]} bwd_${p}`);
      });
      close(r.forward_participation, P.country.forwardParticipation[s], `${C[s]} forward participation`);
      close(r.backward_participation, P.country.backwardParticipation[s], `${C[s]} backward participation`);
    });
    const st = csv('gvc_production');
    expect(st.map((r) => `${r.country}.${r.industry}`)).toEqual(C.flatMap((c) => I.map((i) => `${c}.${i}`)));
    st.forEach((r, k) => {
      parts.forEach((p, m) => {
        close(r[`fwd_${p}`], P.forward[k][m], `sector ${k} fwd_${p}`);
        close(r[`bwd_${p}`], P.backward[k][m], `sector ${k} bwd_${p}`);
      });
      close(r.forward_participation, P.forwardParticipation[k], `sector ${k} forward participation`);
      close(r.backward_participation, P.backwardParticipation[k], `sector ${k} backward participation`);
    });
  });
});

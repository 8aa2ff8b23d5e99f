/**
 * What the efficiency figures (static ./efficiency.ts and ./maps.ts, interactive ./view/efficiency.ts) read of the
 * DEA tables (src/lenses/efficiency): which model is drawn and the mean decomposition of the productivity index per
 * step. Pure, browser-safe, no imports.
 */

/** A table as header + rows (the bundle's and the report payload's tables both fit). */
export interface EffTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** The model drawn: the analysed score (`analyses.score`) when it names a model of the table, else its first model. */
export function shownModel(t: EffTable, main: string | undefined): string | undefined {
  const j = t.header.indexOf('model');
  if (j < 0) return undefined;
  const models: string[] = [];
  for (const r of t.rows) if (!models.includes(String(r[j]))) models.push(String(r[j]));
  return main !== undefined && models.includes(main) ? main : models[0];
}

/** One step of a productivity index: the geometric means over the units of EC, TC (BPC for GML) and the index. */
export interface ChangeStep {
  from: string;
  to: string;
  ec: number | null;
  tc: number | null;
  index: number | null;
  /** Units with all three values (positive and finite). */
  n: number;
}

/**
 * The mean decomposition of `model` per step of efficiency_ml (ML / GML: columns ec, tc, ml) or efficiency_malmquist
 * (ec, tc, mi). Geometric means, as productivity indices are averaged (a unit's index is EC × TC, so the means
 * multiply too); a unit-step with an empty or non-positive value (an infeasible LP) is left out of all three.
 */
export function changeSteps(t: EffTable, model: string): { steps: ChangeStep[]; gml: boolean; kind: 'ML' | 'GML' | 'Malmquist' } {
  const c = (name: string) => t.header.indexOf(name);
  const [jm, jf, jt, je, jc] = [c('model'), c('from'), c('to'), c('ec'), c('tc')];
  const ji = c('ml') >= 0 ? c('ml') : c('mi');
  const jk = c('index');
  const acc = new Map<string, { from: string; to: string; s: [number, number, number]; n: number }>();
  let gml = false;
  for (const r of t.rows) {
    if (String(r[jm]) !== model) continue;
    if (jk >= 0 && r[jk] === 'gml') gml = true;
    const key = `${String(r[jf])}\u0000${String(r[jt])}`;
    let e = acc.get(key);
    if (!e) acc.set(key, (e = { from: String(r[jf]), to: String(r[jt]), s: [0, 0, 0], n: 0 }));
    const v = [r[je], r[jc], r[ji]];
    if (!v.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) continue;
    for (let k = 0; k < 3; k++) e.s[k] += Math.log(v[k] as number);
    e.n++;
  }
  const steps = [...acc.values()].map((e) => {
    const g = (k: number) => (e.n ? Math.exp(e.s[k] / e.n) : null);
    return { from: e.from, to: e.to, ec: g(0), tc: g(1), index: g(2), n: e.n };
  });
  return { steps, gml, kind: gml ? 'GML' : c('ml') >= 0 ? 'ML' : 'Malmquist' };
}

/** A step's mean as the percentage change on the previous period, (v − 1) × 100 (null stays null). */
export const pctChange = (v: number | null): number | null => (v === null ? null : (v - 1) * 100);

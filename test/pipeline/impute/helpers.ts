/** Build a period-major panel vector from per-unit series: rows[u][t] → index t*nU + u. */
export function panel(rows: number[][]): Float64Array {
  const nU = rows.length;
  const nT = rows[0].length;
  const x = new Float64Array(nU * nT);
  for (let u = 0; u < nU; u++) for (let t = 0; t < nT; t++) x[t * nU + u] = rows[u][t];
  return x;
}

/** Inverse of {@link panel}. */
export function unpanel(x: Float64Array, nU: number): number[][] {
  const nT = x.length / nU;
  return Array.from({ length: nU }, (_, u) => Array.from({ length: nT }, (_, t) => x[t * nU + u]));
}

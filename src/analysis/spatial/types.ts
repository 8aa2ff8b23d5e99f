/**
 * Spatial weights in compressed sparse row form (row i's neighbours are
 * `indices[indptr[i] .. indptr[i+1])` with weights `weights[...]`). Units are identified by
 * their position in `units`, which must match the order of the data vector analysed.
 * `style`: "B" binary (weights 1), "W" row-standardised (each non-empty row sums to 1).
 */
export interface SpatialWeights {
  units: string[];
  indptr: Int32Array;
  indices: Int32Array;
  weights: Float64Array;
  style: 'B' | 'W';
  /** Units kept without neighbours under an explicit island rule ("keep": zero lag). */
  islands: string[];
}

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
  /**
   * Units that had no neighbours and were linked by the island rule "nearest", in unit order (absent when
   * none were): what the run's spatial_islands table and methods text report.
   */
  linked?: LinkedIsland[];
}

/** A unit without neighbours that `islands: "nearest"` linked (analysis/spatial/weights.ts). */
export interface LinkedIsland {
  /** The unit that had no neighbours. */
  unit: string;
  /** The unit it is now linked to. */
  to: string;
  /** Their distance (km for great-circle coordinates). */
  distance: number;
  /** How `distance` was measured. */
  metric: 'euclidean' | 'greatcircle';
  /**
   * false: `to` is the unit's nearest unit (k = 1; ties: the lower unit position). true: an earlier island's
   * link to its nearest unit reached this unit (the reverse link `unit → to`), so it was not linked again.
   */
  reverse: boolean;
  /** The link goes both ways (added when the weights were otherwise symmetric), else only unit → to. */
  mutual: boolean;
}

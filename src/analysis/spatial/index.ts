/**
 * Spatial analysis: weights construction (contiguity pairs, GAL, matrices, GeoJSON polygons,
 * coordinates), global autocorrelation tests (Moran's I, Geary's C, Getis–Ord General G) and
 * local statistics (LISA, G_i*). File readers live in `src/io/read/spatial-file.ts`.
 */
export type { SpatialWeights } from './types.js';
export * from './weights.js';
export * from './geo.js';
export * from './global.js';
// normal.ts: local.ts exports its own `normalCdf(x, lower)`; only the names that do not clash are re-exported here.
export { erfc, erf, normalUpper } from './normal.js';
export * from './local.js';
export * from './builtin.js';

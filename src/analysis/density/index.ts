/**
 * Density analysis registry (conventions §1): kernels (`gaussian`, `epanechnikov`) and bandwidth
 * rules (`silverman` = R bw.nrd0, `scott` = R bw.nrd). Unknown names fail with
 * `invalid density kernel: "x" (known: …)` / `invalid bandwidth rule: …` and a did-you-mean hint.
 */
export { kde, kdeKernels, getKdeKernel } from './kde.js';
export type { KdeKernel, KdeGrid, KdeOptions, KdeResult } from './kde.js';
export { bwNrd0, bwNrd, bandwidthRules, getBandwidthRule } from './bandwidth.js';
export type { BandwidthRule } from './bandwidth.js';

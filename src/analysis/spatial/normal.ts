/** The normal distribution helpers of the spatial statistics live in `src/kernels/normal.ts` (one implementation). */
export { erf, erfc, normalCdf, normalUpper } from '../../kernels/normal.js';

/**
 * Treat step registry (conventions §1): method name → kernel. Unknown names fail with
 * `invalid treat method: "x" (known: none, coinr, …)`.
 */
import { unknownName } from '../../core/errors.js';
import type { TreatFn } from './types.js';
import { treatNone } from './none.js';
import { treatCoinr } from './coinr.js';
import { treatWinsoriseQuantile, quantileType7Sorted } from './winsorise-quantile.js';
import { treatLog } from './log.js';
import { treatLogCT, treatLogCTPlus, logCTInto, logCTPlusInto } from './log-ct.js';
import { treatBoxCox } from './boxcox.js';

export type { TreatFn, TreatReport } from './types.js';
export type { CoinrTreatOptions } from './coinr.js';
export type { WinsoriseQuantileOptions } from './winsorise-quantile.js';
export type { LogTreatOptions } from './log.js';
export type { BoxCoxOptions } from './boxcox.js';
export { treatNone, treatCoinr, treatWinsoriseQuantile, treatLog, treatLogCT, treatLogCTPlus, treatBoxCox, quantileType7Sorted, logCTInto, logCTPlusInto };

/** All treatment methods by registry name. */
export const treatMethods: Record<string, TreatFn> = {
  none: treatNone,
  coinr: treatCoinr,
  winsorise_quantile: treatWinsoriseQuantile,
  log: treatLog,
  log_ct: treatLogCT,
  log_ct_plus: treatLogCTPlus,
  boxcox: treatBoxCox,
};

/** The kernel registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getTreatMethod(name: string, path?: string): TreatFn {
  const f = Object.hasOwn(treatMethods, name) ? treatMethods[name] : undefined;
  if (!f) unknownName('treat method', name, Object.keys(treatMethods), path);
  return f;
}

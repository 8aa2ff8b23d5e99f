/**
 * Built-in indicator frameworks (评价指标体系) for new quality productive forces. A spec selects
 * one with `framework: { builtin: nqpf-three-factor }`; `nqpf init --framework <id>` scaffolds
 * a project from one. Definitions are plain data (no I/O), so they also load in the browser.
 */
import { unknownName } from '../core/errors.js';
import type { BuiltinFramework } from './types.js';
import { NQPF_THREE_FACTOR } from './nqpf-three-factor.js';
import { NQPF_TECH_DIGITAL_GREEN } from './nqpf-tech-digital-green.js';

export type { BuiltinFramework } from './types.js';
export { INDICATOR_CATALOGUE } from './indicators.js';
export type { CatalogueIndicator } from './indicators.js';

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}

/**
 * The built-in frameworks by id. The objects are frozen; use {@link getBuiltinFramework} for a
 * copy you may modify.
 */
export const BUILTIN_FRAMEWORKS: Record<string, BuiltinFramework> = deepFreeze({
  [NQPF_THREE_FACTOR.id]: NQPF_THREE_FACTOR,
  [NQPF_TECH_DIGITAL_GREEN.id]: NQPF_TECH_DIGITAL_GREEN,
});

/**
 * A fresh, mutable copy of the built-in framework `id`.
 * Throws `E_UNKNOWN_METHOD` (`invalid built-in framework: "x" (known: …)`, with a did-you-mean
 * hint) when the id is unknown; `path` is the spec location reported with it
 * (e.g. `framework.builtin`).
 *
 * @example getBuiltinFramework('nqpf-three-factor').nodes.length // 36 (1 root, 3 dimensions, 8 sub-dimensions, 24 indicators)
 */
export function getBuiltinFramework(id: string, path?: string): BuiltinFramework {
  const fw = Object.hasOwn(BUILTIN_FRAMEWORKS, id) ? BUILTIN_FRAMEWORKS[id] : undefined;
  if (!fw) return unknownName('built-in framework', id, Object.keys(BUILTIN_FRAMEWORKS), path);
  return structuredClone(fw);
}

export {
  DEMO_SEED,
  DEMO_FIRST_YEAR,
  DEMO_LAST_YEAR,
  DEMO_CSV_FILE,
  DEMO_MISSING_SHARE,
  DEMO_MODELS,
  demoIndicatorCodes,
  generateDemoPanel,
  generateDemoCsv,
} from './demo-data.js';
export type { DemoIndicatorModel, DemoPanelData } from './demo-data.js';

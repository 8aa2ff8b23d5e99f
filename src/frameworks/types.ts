import type { FrameworkNodeSpec } from '../core/framework-types.js';
import type { NQPF_NORMALISE } from './normalise.js';

/**
 * A framework (评价指标体系) shipped with nqpf. `nodes` is a flat list of
 * {@link FrameworkNodeSpec}s: one root (the index, no parent), aggregates, and indicators as leaves.
 * Use one in a spec with `framework: { builtin: <id> }`.
 */
export interface BuiltinFramework {
  /** Identifier used in specs and on the command line, e.g. `nqpf-three-factor`. */
  id: string;
  /** Chinese title. */
  nameZh: string;
  /** English title. */
  nameEn: string;
  /** What the framework measures and how it is organised. */
  description: string;
  /** Literature the indicator selection follows (free-text citations). */
  references: string[];
  /** The normalisation a project on this framework starts with (`steps.normalise` of `nqpf init` and of a new workbench project): min-max onto [0, 1], see ./normalise.ts. */
  normalise: typeof NQPF_NORMALISE;
  /** Nodes in tree order: root, then each dimension followed by its descendants. */
  nodes: FrameworkNodeSpec[];
}

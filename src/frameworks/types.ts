import type { FrameworkNodeSpec } from '../core/framework-types.js';

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
  /** Nodes in tree order: root, then each dimension followed by its descendants. */
  nodes: FrameworkNodeSpec[];
}

/**
 * One node of an indicator framework (评价指标体系) as written by a user, a built-in
 * framework or a COINr `iMeta` table. Indicators are the leaves; every other node is an
 * aggregate (index, dimension, sub-dimension …). The tree may have any depth.
 */
export interface FrameworkNodeSpec {
  /** Unique code (also the output column name). */
  code: string;
  /** Parent node code; absent/null for the root (the index). */
  parent?: string | null;
  /** Chinese name. */
  nameZh?: string;
  /** English name. */
  nameEn?: string;
  /** +1: more is better (正向); −1: less is better (负向). Default +1. */
  direction?: 1 | -1;
  /** Nominal weight relative to siblings (renormalised within the parent). Default 1. */
  weight?: number;
  /** Unit of measurement, e.g. "%", "万元", "件". */
  unit?: string;
  /** Data column holding the raw values when it differs from `code` (e.g. basic_share ← rd_basic). */
  column?: string;
  /** Data column to divide by in the denominate step (per capita, per GDP, …). */
  denominator?: string;
  /** Multiplier applied after division (e.g. 10000 for "per 10,000 people"). Default 1. */
  scale?: number;
  /** Target value for distance-to-target normalisation. */
  target?: number;
  /** Goalposts [low, high] for goalpost normalisation. */
  goalposts?: [number, number];
  /** Where the data usually come from (yearbook, table). */
  source?: string;
  /** Definition / how it is computed. */
  definition?: string;
  /** Explicit node type; by default a node with children is an aggregate, one without is an indicator. */
  type?: 'indicator' | 'aggregate';
}

/** Regression tests for executor behaviours found in review (see docs/methods.md, Known issues). */
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { executeLog } from '../../src/pipeline/run.js';
import { StepsSpec } from '../../src/spec/schema.js';
import { close } from '../helpers/shared.js';

const panel = (): Panel => ({
  units: ['a', 'b', 'c', 'd'],
  periods: ['2020'],
  periodValues: [2020],
  hasPeriod: true,
  indicators: ['x', 'y', 'z'],
  values: new Map([
    ['x', Float64Array.from([1, 2, 3, 4])],
    ['y', Float64Array.from([4, 1, 3, 2])],
    ['z', Float64Array.from([2, NaN, NaN, NaN])],
  ]),
  attributes: new Map(),
});

const fw = buildFramework([
  { code: 'I' },
  { code: 'D1', parent: 'I' },
  { code: 'D2', parent: 'I' },
  { code: 'x', parent: 'D1' },
  { code: 'y', parent: 'D1', direction: -1 },
  { code: 'z', parent: 'D2' },
]);
const run = (steps: unknown, f = fw) => executeLog({ raw: panel(), framework: f, log: resolveLog(StepsSpec.parse(steps), f) });

describe('executeLog regressions', () => {
  it('normalise none applies direction −1 (y = −x)', () => {
    const fw2 = buildFramework([{ code: 'I' }, { code: 'x', parent: 'I' }, { code: 'y', parent: 'I', direction: -1 }]);
    const r = run({ normalise: { method: 'none' } }, fw2);
    expect(Array.from(r.datasets.normalised.values.get('y')!)).toEqual([-4, -1, -3, -2]);
    expect(r.datasets.normalised.values.get('x')).toBe(r.datasets.treated.values.get('x')); // identity shares the array
  });

  it('an AHP matrix of the wrong size is refused with the node and its children', () => {
    let err: unknown;
    try {
      run({
        screen: { indicatorThreshold: 0.5 },
        weight: {
          nodes: {
            D1: {
              method: 'ahp',
              ahp: {
                matrix: [
                  [1, 2, 3],
                  [0.5, 1, 2],
                  [1 / 3, 0.5, 1],
                ],
              },
            },
          },
        },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NqpfError);
    expect((err as NqpfError).code).toBe('E_AHP_MATRIX');
    expect((err as NqpfError).message).toContain('2×2');
    expect((err as NqpfError).location?.path).toBe('steps.weight.nodes.D1.ahp.matrix');
  });

  it('an alternative whose node was screened out raises W_ALTERNATIVE_PRUNED', () => {
    const r = run({ screen: { indicatorThreshold: 0.5 }, aggregate: { alternatives: [{ code: 'D2_alt', node: 'D2', method: 'topsis' }] } });
    expect(r.framework.nodes.has('D2')).toBe(false);
    expect(r.warnings.map((w) => w.code)).toContain('W_ALTERNATIVE_PRUNED');
    expect(r.scoreCodes).not.toContain('D2_alt');
  });

  it('combine accepts ahp: 0.5 · AHP + 0.5 · equal at a node', () => {
    const r = run({
      screen: { indicatorThreshold: 0.5 },
      weight: {
        nodes: {
          D1: {
            method: 'combine',
            combine: { methods: ['ahp', 'equal'] },
            ahp: {
              matrix: [
                [1, 3],
                [1 / 3, 1],
              ],
            },
          },
        },
      },
    });
    const w = new Map(r.weights.map((x) => [x.node, x.effective]));
    // AHP of [[1,3],[1/3,1]] is (0.75, 0.25); equal is (0.5, 0.5).
    expect(close(w.get('x')!, 0.625)).toBe(true);
    expect(close(w.get('y')!, 0.375)).toBe(true);
  });
});

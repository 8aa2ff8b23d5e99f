import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../../src/core/framework.js';
import { resolveLog } from '../../../src/pipeline/log.js';
import { getWeightDescriptor, getWeightMethod, WEIGHT, weightMethods } from '../../../src/pipeline/weight/index.js';
import { StepsSpec, WEIGHT_METHODS } from '../../../src/spec/schema.js';

describe('weight registry', () => {
  it('the spec lists exactly the registry, in its order, and every method has a kernel and a row in docs/methods.md', () => {
    expect(WEIGHT_METHODS).toEqual(WEIGHT.map((d) => d.name));
    expect(Object.keys(weightMethods)).toEqual(WEIGHT.map((d) => d.name));
    const doc = readFileSync(new URL('../../../docs/methods.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### Weighting methods'), doc.indexOf('## Aggregate'));
    for (const d of WEIGHT) expect(section, d.name).toContain(`| \`${d.name}\` |`);
  });

  it('the spec’s combine.methods are the other methods of the registry, and each option is one method’s own', () => {
    const step = StepsSpec.shape.weight.unwrap();
    const methods = step.shape.combine.unwrap().shape.methods.element.options;
    expect(methods).toEqual(WEIGHT.map((d) => d.name).filter((n) => n !== 'combine'));
    const own = WEIGHT.flatMap((d) => Object.keys(d.options.shape));
    expect(Object.keys(step.shape)).toEqual(['method', 'scope', 'pooling', ...own, 'nodes']);
  });

  it('fromData marks exactly the data-driven methods (the methods text and weights.csv add their scope and pooling)', () => {
    expect(WEIGHT.filter((d) => d.fromData).map((d) => d.name)).toEqual(['entropy', 'critic', 'cv', 'sd', 'pca']);
  });

  it('getWeightMethod("entropyy") throws E_UNKNOWN_METHOD listing the known names', () => {
    expect(() => getWeightMethod('entropyy', 'steps.weight.method')).toThrowError(
      expect.objectContaining({
        code: 'E_UNKNOWN_METHOD',
        message: expect.stringContaining('known: nominal, equal, entropy'),
        hint: 'did you mean "entropy"?',
        location: { path: 'steps.weight.method' },
      }),
    );
    expect(() => getWeightDescriptor('ahq')).toThrowError(expect.objectContaining({ code: 'E_UNKNOWN_METHOD' }));
  });

  it('equal gives 1/m and nominal rescales the framework weights', () => {
    const cols = [Float64Array.of(1, 2), Float64Array.of(3, NaN), Float64Array.of(0, 0), Float64Array.of(5, 5)];
    expect(Array.from(getWeightMethod('equal')(cols, {}).weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(getWeightMethod('nominal')(cols, { weights: [1, 1, 2, 4] }).weights)).toEqual([0.125, 0.125, 0.25, 0.5]);
    expect(() => getWeightMethod('nominal')(cols, { weights: [1, 2] })).toThrowError(expect.objectContaining({ code: 'E_BAD_OPTION' }));
    expect(() => getWeightMethod('nominal')(cols, { weights: [1, -1, 1, 1] })).toThrowError(expect.objectContaining({ code: 'E_BAD_WEIGHT' }));
  });

  it('a kernel called directly validates its options with the method’s schema (E_BAD_OPTION naming the option)', () => {
    const cols = [Float64Array.of(1, 2, 3), Float64Array.of(2, 2, 5)];
    expect(() => getWeightMethod('pca')(cols, { on: 'covariance' })).toThrowError(
      expect.objectContaining({ code: 'E_BAD_OPTION', data: { option: 'on', value: 'covariance' } }),
    );
    expect(() => getWeightMethod('pca')(cols, { pcaOn: 'cov' })).toThrowError(
      expect.objectContaining({ code: 'E_BAD_OPTION', data: { option: 'pcaOn', value: 'cov' } }),
    );
    expect(() => getWeightMethod('sd')(cols, { shift: 1 })).toThrowError(
      expect.objectContaining({ code: 'E_BAD_OPTION', data: { option: 'shift', value: 1 } }),
    );
  });

  it('every method refuses columns of different lengths and infinite values', () => {
    for (const name of ['equal', 'entropy', 'critic', 'cv', 'sd', 'pca']) {
      expect(() => weightMethods[name]([Float64Array.of(1, 2), Float64Array.of(1)], {})).toThrowError(expect.objectContaining({ code: 'E_BAD_INPUT' }));
      expect(() => weightMethods[name]([Float64Array.of(1, Infinity, 3), Float64Array.of(1, 2, 3)], {})).toThrowError(
        expect.objectContaining({ code: 'E_NONFINITE' }),
      );
    }
  });
});

describe('weight methods’ checks when the log is resolved', () => {
  const fw = buildFramework([
    { code: 'I' },
    { code: 'D1', parent: 'I' },
    { code: 'D2', parent: 'I' },
    { code: 'x', parent: 'D1' },
    { code: 'y', parent: 'D1' },
    { code: 'z', parent: 'D2' },
  ]);
  const resolve = (weight: unknown) => () => resolveLog(StepsSpec.parse({ weight }), fw);

  it('ahp without a matrix fails with E_SPEC at the node’s ahp, or at steps.weight.ahp when the node has no entry', () => {
    expect(resolve({ nodes: { I: { method: 'ahp' } } })).toThrowError(
      expect.objectContaining({
        code: 'E_SPEC',
        message: 'steps.weight.nodes.I.ahp: method ahp needs a pairwise matrix',
        location: { path: 'steps.weight.nodes.I.ahp' },
      }),
    );
    expect(resolve({ method: 'ahp' })).toThrowError(expect.objectContaining({ code: 'E_SPEC', location: { path: 'steps.weight.ahp' } }));
  });

  it('combine needs its methods, and an ahp part the node’s matrix', () => {
    expect(resolve({ method: 'combine' })).toThrowError(expect.objectContaining({ code: 'E_SPEC', location: { path: 'steps.weight.combine' } }));
    expect(resolve({ nodes: { I: { method: 'combine', combine: { methods: ['ahp', 'entropy'] } } } })).toThrowError(
      expect.objectContaining({
        code: 'E_SPEC',
        message: "steps.weight.nodes.I: combine with ahp needs the node's ahp matrix",
        location: { path: 'steps.weight.nodes.I.ahp' },
      }),
    );
    expect(resolve({ nodes: { I: { method: 'combine', combine: { methods: ['nominal', 'entropy'] } } } })).not.toThrow();
  });
});

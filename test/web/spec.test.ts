/**
 * Pure modules of the workbench front end (no DOM): the spec model's tree operations and YAML
 * round trip (checked against the engine's own parser, parseSpec), the robustness presets
 * (validated by parseSpec), the schema-form helpers on the committed JSON Schema, and the CSV
 * reader against the test helper's independent parser.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';
import { parseSpec } from '../../src/spec/parse.js';
import { csvTable, num, parseCsv } from '../../web/src/csv.js';
import { appliesTo, simpleKind } from '../../web/src/schema-util.js';
import {
  childrenOf,
  defaultSpec,
  freshCode,
  moveSibling,
  removeNode,
  reparent,
  robustnessSection,
  rootOf,
  saatyLabel,
  specToYaml,
  subtree,
  yamlToSpec,
} from '../../web/src/spec.js';
import { parseCsvSimple } from '../helpers/shared.js';

const tree = (): FrameworkNodeSpec[] => [
  { code: 'I' },
  { code: 'A', parent: 'I' },
  { code: 'B', parent: 'I' },
  { code: 'a1', parent: 'A' },
  { code: 'a2', parent: 'A' },
  { code: 'b1', parent: 'B' },
];

describe('web/src/spec.ts tree operations', () => {
  it('rootOf / childrenOf / subtree read the flat parent list', () => {
    const n = tree();
    expect(rootOf(n)?.code).toBe('I');
    expect(childrenOf(n, 'A').map((x) => x.code)).toEqual(['a1', 'a2']);
    expect([...subtree(n, 'A')].sort()).toEqual(['A', 'a1', 'a2']);
  });

  it('moveSibling swaps with the neighbouring sibling and refuses at the ends', () => {
    const n = tree();
    expect(moveSibling(n, 'B', -1)).toBe(true);
    expect(childrenOf(n, 'I').map((x) => x.code)).toEqual(['B', 'A']);
    expect(moveSibling(n, 'B', -1)).toBe(false);
    expect(moveSibling(n, 'a2', 1)).toBe(false);
    expect(moveSibling(n, 'I', 1)).toBe(false);
  });

  it('reparent moves a node but never into its own subtree', () => {
    const n = tree();
    expect(reparent(n, 'a1', 'B')).toBe(true);
    expect(childrenOf(n, 'B').map((x) => x.code)).toEqual(['b1', 'a1']);
    expect(reparent(n, 'A', 'a2')).toBe(false);
    expect(reparent(n, 'A', 'A')).toBe(false);
    expect(reparent(n, 'A', 'nope')).toBe(false);
  });

  it('removeNode removes the node with its descendants', () => {
    const n = tree();
    expect(removeNode(n, 'A')).toBe(3);
    expect(n.map((x) => x.code)).toEqual(['I', 'B', 'b1']);
  });

  it('freshCode appends _2, _3 … to a used code', () => {
    const n = tree();
    expect(freshCode(n, 'C')).toBe('C');
    expect(freshCode(n, 'A')).toBe('A_2');
    n.push({ code: 'A_2', parent: 'I' });
    expect(freshCode(n, 'A')).toBe('A_3');
  });

  it('random sequences of moves keep every node, one root and parents that exist (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 30 }),
        (ops) => {
          const n = tree();
          for (const [op, i, j] of ops) {
            const a = n[i % n.length].code;
            const b = n[j % n.length].code;
            if (op === 0) moveSibling(n, a, 1);
            else if (op === 1) moveSibling(n, a, -1);
            else reparent(n, a, b);
          }
          expect(n.map((x) => x.code).sort()).toEqual(['A', 'B', 'I', 'a1', 'a2', 'b1']);
          expect(n.filter((x) => !x.parent)).toHaveLength(1);
          for (const x of n) if (x.parent) expect(n.some((y) => y.code === x.parent)).toBe(true);
          expect(subtree(n, 'I').size).toBe(6); // still one tree (no cycles)
        },
      ),
    );
  });

  it('saatyLabel maps reciprocals to 1/k', () => {
    expect(saatyLabel(1 / 3)).toBe('1/3');
    expect(saatyLabel(5)).toBe('5');
    expect(saatyLabel(1)).toBe('1');
  });
});

describe('web/src/spec.ts YAML', () => {
  it('specToYaml writes what parseSpec reads back, in canonical key order, without empty sections', () => {
    const s = defaultSpec('测试', 'zh');
    s.data = { file: 'x.csv', unit: 'province', period: 'year' };
    s.steps = { weight: { method: 'entropy' }, impute: { method: 'linear' } };
    s.outputs = { language: 'zh' };
    const text = specToYaml(s);
    expect(text).not.toContain('units:'); // empty object pruned
    expect(text.indexOf('impute')).toBeLessThan(text.indexOf('weight'));
    expect(text.indexOf('framework')).toBeLessThan(text.indexOf('steps'));
    const spec = parseSpec(text, { file: 'nqpf.yaml', env: {} });
    expect(spec.data.file).toBe('x.csv');
    expect(spec.framework.builtin).toBe('nqpf-three-factor');
    expect(spec.steps.weight.method).toBe('entropy');
    expect(yamlToSpec(text).spec).toEqual(JSON.parse(JSON.stringify(yamlToSpec(text).spec)));
  });

  it('yamlToSpec reports syntax errors and non-mappings instead of throwing', () => {
    expect(yamlToSpec('a: [1, 2').error).toBeTruthy();
    expect(yamlToSpec('- 1\n- 2').error).toMatch(/mapping/);
    expect(yamlToSpec('').spec).toEqual({});
  });

  it('robustnessSection gives a section the engine accepts, for every preset combination', () => {
    const presets = ['normalisation', 'weighting', 'weights'] as const;
    for (let mask = 1; mask < 8; mask++) {
      const chosen = presets.filter((_, i) => mask & (1 << i));
      const s = defaultSpec('r', 'en');
      s.data = { file: 'x.csv', unit: 'u', period: 'p' };
      s.robustness = robustnessSection(s, 20, [...chosen]);
      const spec = parseSpec(specToYaml(s), { file: 'nqpf.yaml', env: {} });
      expect(spec.robustness?.factors).toHaveLength(chosen.length);
      expect(spec.robustness?.uncertainty?.replications).toBe(20);
    }
  });
});

describe('web/src/schema-util.ts on the committed JSON Schema', () => {
  const schema = JSON.parse(readFileSync('schema/nqpf.schema.json', 'utf8'));
  const steps = schema.properties.steps.properties;

  it('every step has a form-able method enum (except denominate/screen, which have none)', () => {
    for (const s of ['impute', 'treat', 'normalise', 'weight', 'aggregate']) expect(simpleKind(steps[s].properties.method), s).toBe('enum');
    expect(simpleKind(steps.normalise.properties.range)).toBe('pair');
    expect(simpleKind(steps.treat.properties.winmax)).toBe('nullable-integer');
    expect(simpleKind(steps.weight.properties.nodes)).toBeUndefined();
  });

  it('appliesTo reads method prefixes of descriptions and ignores other prefixes', () => {
    const m = steps.normalise.properties.method.enum as string[];
    expect(appliesTo(steps.normalise.properties.mean.description, m)).toEqual(['zscore']);
    expect(appliesTo(steps.normalise.properties.ties.description, m)).toEqual(['rank', 'percentile', 'borda']);
    expect(appliesTo(steps.normalise.properties.scope.description, m)).toBeUndefined();
    expect(appliesTo('Data-driven methods: x', m)).toBeUndefined();
    expect(appliesTo(steps.weight.properties.shift.description, steps.weight.properties.method.enum)).toEqual(['entropy']);
  });
});

describe('web/src/csv.ts', () => {
  it('parses quotes, doubled quotes, CRLF and a BOM like the independent test parser', () => {
    const text = '\uFEFFunit,period,"a ""b""",c\r\n"北京, 市",2012,1.5,\r\n上海,2013,"2",NA\n';
    const mine = parseCsv(text);
    const ref = parseCsvSimple(text.slice(1));
    expect(mine).toEqual(ref);
    const t = csvTable(text);
    expect(t.header).toEqual(['unit', 'period', 'a "b"', 'c']);
    expect(t.rows).toHaveLength(2);
    expect(num(t.rows[0][2])).toBe(1.5);
    expect(num(t.rows[0][3])).toBeNaN();
    expect(num(t.rows[1][3])).toBeNaN();
  });
});

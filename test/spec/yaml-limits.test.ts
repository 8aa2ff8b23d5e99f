import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { parseSpec, parseYaml, prescanYaml } from '../../src/spec/parse.js';

const base = 'data: { file: d.csv, unit: province, period: year }\nframework: { builtin: nqpf-three-factor }\n';

function yamlError(text: string): NqpfError {
  try {
    parseSpec(text, { file: 's.yaml', env: {} });
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw new Error(`not an NqpfError: ${String(e)}`);
  }
  throw new Error('expected an error');
}

describe('YAML limits of parseSpec (also the CLI)', () => {
  it('alias bombs are named E_SPEC_YAML errors with a line, not a ReferenceError', () => {
    let laughs = 'lol0: &a0 [lol]\n';
    for (let i = 1; i < 12; i++)
      laughs += `lol${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const e = yamlError(base + laughs);
    expect(e.code).toBe('E_SPEC_YAML');
    expect(e.message).toMatch(/^too many aliases: they expand to more than 100000 nodes \(line \d+\)/);
    expect(e.location?.row).toBeGreaterThan(2);
    expect(e.location?.file).toBe('s.yaml');

    let merge = '%YAML 1.1\n---\n' + base + 'm0: &m0 {x0: 1}\n';
    for (let i = 1; i < 40; i++) merge += `m${i}: &m${i} {<<: [*m${i - 1}], x${i}: *m${i - 1}, y${i}: *m${i - 1}}\n`;
    expect(yamlError(merge).message).toMatch(/^too many aliases/);

    expect(yamlError(base + 'r: &r [1, *r]\n').message).toMatch(/^recursive alias \*r \(line 3\)/);
    expect(yamlError(base + 'u: *nowhere\n').message).toMatch(/^unknown alias \*nowhere \(line 3\)/);
  });

  it('harmless aliases are allowed: 150 aliases of a one-element list, 200 aliases of a scalar', () => {
    const list = parseYaml(`x: &a [1]\ny: [${Array(150).fill('*a').join(', ')}]\n`) as { y: unknown[] };
    expect(list.y).toHaveLength(150);
    expect(list.y[149]).toEqual([1]);
    const scalars = parseYaml(`x: &a v\ny: [${Array(200).fill('*a').join(', ')}]\n`) as { y: unknown[] };
    expect(scalars.y.every((v) => v === 'v')).toBe(true);
    // aliases in a real spec
    const s = parseSpec(`${base}units: { exclude: &ex [西部地区] }\nrobustness:\n  factors:\n    - { name: drop, type: exclusion, indicators: *ex }\n`, {
      env: {},
    });
    expect(s.robustness?.factors[0].indicators).toEqual(['西部地区']);
  });

  it('deep nesting is refused before the YAML library sees it: flow sequences 100k and 300k deep, flow maps, indentation, compact sequences', () => {
    for (const depth of [100_000, 300_000]) {
      const t0 = Date.now();
      const e = yamlError(`title: ${'['.repeat(depth)}${']'.repeat(depth)}\n${base}`);
      expect(e.code).toBe('E_SPEC_YAML');
      expect(e.message).toBe('YAML nesting deeper than 64 levels (line 1)');
      expect(Date.now() - t0).toBeLessThan(5000);
    }
    expect(yamlError(`${base}title: ${'{a: '.repeat(70)}1${'}'.repeat(70)}\n`).message).toBe('YAML nesting deeper than 64 levels (line 3)');
    let block = '';
    for (let i = 0; i < 80; i++) block += `${' '.repeat(i)}k${i}:\n`;
    expect(yamlError(base + block).message).toMatch(/^YAML nesting deeper than 64 levels \(line 67\)/);
    expect(yamlError(`${base}x:\n${'- '.repeat(80)}x\n`).message).toMatch(/^YAML nesting deeper than 64/);
    // a quote inside a plain scalar does not hide the brackets on the next line
    expect(yamlError(`${base}title: x'\n${'['.repeat(100)}\n`).message).toMatch(/^YAML nesting deeper than 64/);
  });

  it('brackets inside quoted, plain and block scalars are text, not nesting', () => {
    const deep = '['.repeat(100);
    expect(parseSpec(`${base}title: "${deep}"\n`, { env: {} }).title).toBe(deep);
    expect(parseSpec(`${base}title: '${deep}''s'\n`, { env: {} }).title).toBe(`${deep}'s`);
    expect(parseSpec(`${base}title: a${deep}\n`, { env: {} }).title).toBe(`a${deep}`);
    expect(parseSpec(`${base}title: |\n  ${deep}\n  more\n`, { env: {} }).title).toBe(`${deep}\nmore\n`);
    expect(() => prescanYaml(`a: ${'['.repeat(60)}${']'.repeat(60)}\n`)).not.toThrow();
  });

  it('size, duplicate keys, a NUL in the title and a huge number of keys: named errors in bounded time', () => {
    const big = yamlError(`${base}title: "${'x'.repeat(1_100_000)}"\n`);
    expect(big.code).toBe('E_SPEC_YAML');
    expect(big.message).toMatch(/^YAML too large: \d+ characters \(limit 1048576\)/);
    expect(yamlError(`${base}data: 1\n`).message).toBe('duplicate key "data" (line 3)');
    expect(parseSpec(`${base}title: "a\\0b"\n`, { env: {} }).title).toBe('a\0b');
    let keys = '';
    for (let i = 0; i < 40_000; i++) keys += `k${i}: 1\n`;
    // bounded work, as CPU time of this process (the wall time on a busy machine is not this code's: 30.6 s was seen)
    const cpu0 = process.cpuUsage();
    const e = yamlError(base + keys);
    expect(e.code).toBe('E_SPEC');
    expect(e.message).toContain('… and 39980 more');
    expect(e.message.length).toBeLessThan(2000);
    const cpu = process.cpuUsage(cpu0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(30_000);
  });
});

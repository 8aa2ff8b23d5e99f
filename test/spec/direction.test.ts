/**
 * Directions as a Chinese user writes them (issue 12): 负向, 正向, 逆向, 正 / 负, + / −, positive /
 * negative, benefit / cost — read as 1 or −1 when the spec is parsed.
 */
import { describe, expect, it } from 'vitest';
import { DIRECTION_WORDS, NEGATIVE_WORDS, POSITIVE_WORDS, toDirection } from '../../src/core/direction.js';
import { NqpfError } from '../../src/core/errors.js';
import { parseSpec } from '../../src/spec/parse.js';

const nodes = (dir: string) => `data: { file: d.csv, unit: u }
framework:
  nodes:
    - { code: I }
    - { code: a, parent: I, direction: ${dir} }
    - { code: b, parent: I }
`;

function specError(text: string, env: Record<string, string> = {}): NqpfError {
  try {
    parseSpec(text, { file: 's.yaml', env });
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('toDirection', () => {
  it('reads numbers, Chinese and English words and signs as 1 or −1, whatever the case and spaces', () => {
    for (const w of ['正向', '正', '正向指标', '效益型', 'positive', 'Positive', ' BENEFIT ', '+', '＋', '1', '+1', '1.0', 1])
      expect(toDirection(w), String(w)).toBe(1);
    for (const w of ['负向', '负', '逆向', '逆向指标', '成本型', 'negative', 'Cost', '-', '−', '－', '-1', '−1', -1])
      expect(toDirection(w), String(w)).toBe(-1);
    for (const w of ['', 'up', '2', 0, 2, -2, null, undefined, true, '负正']) expect(toDirection(w), String(w)).toBeUndefined();
    expect(new Set(DIRECTION_WORDS).size).toBe(POSITIVE_WORDS.length + NEGATIVE_WORDS.length);
  });
});

describe('direction words in the spec', () => {
  it.each([
    ['负向', -1],
    ['逆向', -1],
    ['负', -1],
    ['"-"', -1],
    ['"−1"', -1],
    ['negative', -1],
    ['cost', -1],
    ['Cost', -1],
    ['正向', 1],
    ['正', 1],
    ['"+"', 1],
    ['positive', 1],
    ['benefit', 1],
    ['-1', -1],
    ['1', 1],
  ])('direction: %s is read as %d when the spec is parsed', (word, dir) => {
    const s = parseSpec(nodes(word), { env: {} });
    expect(s.framework.nodes![1].direction).toBe(dir);
  });

  it('an unknown direction is an error naming the path and the accepted forms', () => {
    const e = specError(nodes('向上'));
    expect(e.code).toBe('E_SPEC');
    expect(e.location?.path).toBe('framework.nodes.1.direction');
    expect(e.message).toContain('framework.nodes.1.direction: expected a direction: 1, -1, 正向');
    expect(e.message).toContain('负向');
    expect(specError(nodes('2')).message).toContain('(found 2)');
  });
});

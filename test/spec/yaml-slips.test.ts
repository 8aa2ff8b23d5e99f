/**
 * YAML slips a Chinese user makes (issue 12): each is reported by its likely cause, at the line
 * and column of the offending character, with a hint in English and Chinese — not as the YAML
 * library's grammar message ("Implicit keys need to be on a single line" at 1:1).
 */
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { parseSpec } from '../../src/spec/parse.js';
import { repair, scanSlips } from '../../src/spec/yaml-slips.js';

const base = 'data: { file: d.csv, unit: province, period: year }\nframework: { builtin: nqpf-three-factor }\n';

function specError(text: string): NqpfError {
  try {
    parseSpec(text, { file: 's.yaml', env: {} });
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw new Error(`not an NqpfError: ${String(e)}`);
  }
  throw new Error('expected an error');
}

/** Row and column of an error, as `nqpf` prints them (`s.yaml:row:col`). */
const where = (e: NqpfError) => `${e.location?.row}:${e.location?.column}`;

describe('full-width punctuation', () => {
  it.each([
    ['a top-level key (the library said "Implicit keys need to be on a single line" at 1:1)', `title：新质生产力\n${base}`, '1:6', 'title: 新质生产力'],
    ['a top-level key with a space after it', `title： 新质生产力\n${base}`, '1:6', 'title: 新质生产力'],
    ['the only line (YAML reads one text, not a mapping)', 'title：新质生产力\n', '1:6', 'title: 新质生产力'],
    ['a nested key', 'data:\n  file：d.csv\n  unit: province\nframework: { builtin: nqpf-three-factor }\n', '2:7', 'file: d.csv'],
    ['the last key of a mapping', 'data:\n  file: d.csv\n  unit：province\nframework: { builtin: nqpf-three-factor }\n', '3:7', 'unit: province'],
    [
      'the only key of a mapping (YAML reads the text "file：d.csv")',
      'data:\n  file：d.csv\nframework: { builtin: nqpf-three-factor }\n',
      '2:7',
      'file: d.csv',
    ],
    ['a key inside { }', 'data: { file：d.csv, unit: province }\nframework: { builtin: nqpf-three-factor }\n', '1:13', 'data: { file: d.csv, unit: province }'],
    ['a step option', `${base}steps:\n  weight:\n    method：entropy\n  aggregate: { method: arithmetic }\n`, '5:11', 'method: entropy'],
  ])('a full-width colon after %s is named, at its line and column', (_what, text, at, fixed) => {
    const e = specError(text);
    expect(e.code).toBe('E_SPEC_YAML');
    expect(e.message).toMatch(/^full-width colon "：" at line \d+, column \d+/);
    expect(where(e)).toBe(at);
    expect(e.message).toContain(`line ${at.split(':')[0]}, column ${at.split(':')[1]}`);
    expect(e.message).not.toMatch(/Implicit keys|single line/);
    expect(e.hint).toContain(`write: ${fixed}`);
    expect(e.hint).toContain('全角冒号');
    expect(e.hint).toContain(`第 ${at.split(':')[0]} 行第 ${at.split(':')[1]} 列`);
    expect(e.location?.file).toBe('s.yaml');
  });

  it('a full-width colon where YAML allows it — inside a value, in a list item, in a comment — is not an error', () => {
    const s = parseSpec(`title: 数据来源：中国统计年鉴\n# 注：这是注释\nunits:\n  exclude:\n    - 合计：全国\n${base}`, { env: {} });
    expect(s.title).toBe('数据来源：中国统计年鉴');
    expect(s.units.exclude).toEqual(['合计：全国']);
  });

  it('an error elsewhere is not blamed on a legitimate full-width colon above it', () => {
    const e = specError(`units:\n  exclude:\n    - 合计：全国\n${base}steps:\n\tweight: { method: entropy }\n`);
    expect(e.message).toMatch(/^tab character in the indentation at line 7, column 1/);
  });

  it('a full-width comma inside [ ] or { }', () => {
    const e = specError('data: {file: d.csv，unit: province}\nframework: { builtin: nqpf-three-factor }\n');
    expect(e.message).toMatch(/^full-width comma "，" at line 1, column 19/);
    expect(where(e)).toBe('1:19');
    expect(e.hint).toContain('write: data: {file: d.csv, unit: province}');
    expect(e.hint).toContain('全角逗号');
  });

  it('Chinese quotation marks around a value that holds ": "', () => {
    const e = specError(`${base}title: “新质: 生产力”\n`);
    expect(e.message).toMatch(/^full-width quotation mark "“" at line 3, column 8/);
    expect(e.hint).toContain('write: title: "新质: 生产力"');
  });

  it('full-width parentheses and comma for a list, and full-width digits for a number', () => {
    const range = specError(`${base}steps:\n  normalise: { range: （0，100） }\n`);
    expect(range.message).toMatch(/^full-width parenthesis "（" at line 4, column 23/);
    expect(range.message).toContain('steps.normalise.range');
    expect(range.hint).toContain('write: normalise: { range: [0, 100] }');
    const seed = specError(`${base}seed: １２３\n`);
    expect(seed.message).toMatch(/^full-width digit "１" at line 3, column 7/);
    expect(seed.hint).toContain('write: seed: 123');
    expect(seed.hint).toContain('全角数字');
  });
});

describe('tabs and indentation', () => {
  it('a tab in the indentation is named at the tab', () => {
    const e = specError('data:\n  file: d.csv\n \tunit: province\n');
    expect(e.code).toBe('E_SPEC_YAML');
    expect(e.message).toMatch(/^tab character in the indentation at line 3, column 2: YAML indents with spaces only/);
    expect(where(e)).toBe('3:2');
    expect(e.hint).toContain('Tab');
    expect(e.hint).toContain('提示');
  });

  it('a line indented deeper than its siblings (the library said "Nested mappings are not allowed in compact mappings" on the line above)', () => {
    const e = specError('data:\n  file: d.csv\n   unit: province\nframework: { builtin: nqpf-three-factor }\n');
    expect(e.message).toMatch(/^inconsistent indentation at line 3: it is indented by 3 spaces, deeper than the line above/);
    expect(e.message).not.toMatch(/compact mappings/);
    expect(where(e)).toBe('3:4');
    expect(e.hint).toContain('here 2');
    expect(e.hint).toContain('缩进不一致');
  });

  it('a line indented between two levels', () => {
    const e = specError('data:\n    file: d.csv\n  unit: province\nframework: { builtin: nqpf-three-factor }\n');
    expect(e.message).toMatch(/^inconsistent indentation at line 3: it is indented by 2 spaces, which matches no level above/);
    expect(where(e)).toBe('3:3');
  });

  it('list items of a framework: an item field indented wrongly', () => {
    const e = specError('data: { file: d.csv, unit: u }\nframework:\n  nodes:\n    - code: I\n    - code: a\n       parent: I\n');
    expect(e.message).toMatch(/^inconsistent indentation at line 6/);
    expect(e.hint).toContain('here 6');
  });
});

describe('other slips', () => {
  it('no space after ":"', () => {
    const e = specError('data:\n  file:d.csv\n  unit: province\nframework: { builtin: nqpf-three-factor }\n');
    expect(e.message).toMatch(/^no space after ":" at line 2, column 7/);
    expect(e.hint).toContain('write: file: d.csv');
  });

  it('a key without its ":"', () => {
    const e = specError('data\n  file: d.csv\n  unit: province\nframework: { builtin: nqpf-three-factor }\n');
    expect(e.message).toMatch(/^missing ":" at line 1, column 5/);
    expect(e.hint).toContain('write: data:');
  });

  it('a mapping written on its parent’s line', () => {
    const e = specError('data: file: d.csv\n');
    expect(e.message).toMatch(/^the value of "data" at line 1 holds ": "/);
    expect(e.hint).toContain('data: {file: d.csv}');
  });

  it('values that start with a character YAML reserves', () => {
    expect(specError(`${base}title: @新质\n`).message).toMatch(/^the value at line 3, column 8 starts with "@", a character YAML reserves/);
    const star = specError(`${base}units: { exclude: [*合计] }\n`);
    expect(star.hint).toContain('"*合计"');
    const lone = specError('data: { file: d.csv, unit: u }\nframework:\n  nodes:\n    - { code: I }\n    - { code: a, parent: I, direction: - }\n');
    expect(lone.message).toMatch(/^a lone "-" at line 5/);
    expect(lone.hint).toContain('负向');
    const bracket = specError(`${base}title: [草稿] 新质生产力\n`);
    expect(bracket.message).toMatch(/^the value at line 3, column 8 starts with "\["/);
    expect(bracket.hint).toContain('write: title: "[草稿] 新质生产力"');
  });

  it('${VAR} unquoted inside [ ] or { } (where YAML reads its "{" as a mapping) is named, with the quoted form to write', () => {
    const e = specError(`${base}steps:\n  normalise: { range: [0, \${HI}] }\n`);
    expect(e.code).toBe('E_SPEC_YAML');
    expect(e.message).toMatch(/^\$\{…\} at line 4, column 27 is inside \[ \] or \{ \}/);
    expect(e.hint).toContain('write: normalise: { range: [0, "${HI}"] }');
  });

  it('a Windows path in double quotes', () => {
    const e = specError('data:\n  file: "C:\\Users\\张三\\data.csv"\n  unit: u\n');
    expect(e.message).toMatch(/^backslash in double quotes at line 2, column 12/);
    expect(e.hint).toContain('C:/Users/');
  });

  it('the library’s own message is kept in data for programs', () => {
    const e = specError(`title：新质生产力\n${base}`);
    expect((e.data as { yaml: { message: string } }).yaml.message).toBe('Implicit keys need to be on a single line');
  });
});

describe('scanSlips', () => {
  it('finds candidates with the exact column and a repair; never throws on odd text', () => {
    const text = 'title：新质\ndata: {a：1，b: 2}\n';
    const c = scanSlips(text);
    expect(c.map((x) => [x.kind, x.line, x.col])).toEqual([
      ['fullwidth-colon', 1, 6],
      ['fullwidth-colon', 2, 9],
      ['fullwidth-comma', 2, 11],
    ]);
    expect(repair(text, c[0])).toBe('title: 新质\ndata: {a：1，b: 2}\n');
    for (const odd of ['', '\n\n', '"unclosed', '- - -', '{[{[', '|\n  x：y\n', 'a: |\n  k：v\nb：c\n', '\t\t：']) expect(() => scanSlips(odd)).not.toThrow();
    // block scalar text is not YAML structure
    expect(scanSlips('a: |\n  k：v\nb：c\n').map((x) => x.line)).toEqual([3]);
  });

  it('stays linear on a long line', () => {
    const t0 = performance.now();
    scanSlips(`x: ${'：'.repeat(500_000)}\n${'a：'.repeat(100_000)}`);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

/**
 * Problems in the user's language (web/src/error-text.ts, issue 13): in Chinese, what the code
 * means (the catalogue) instead of the raw code, and where — the spec fields' names along the path
 * (from the schema's labels) or the row and column — on the problems the server really reports.
 */
import { describe, expect, it } from 'vitest';
import { specJsonSchemaText } from '../../src/spec/json-schema.js';
import { validateSpecText } from '../../src/server/spec-check.js';
import { pathLabels, problemHead, problemText, problemWhere } from '../../web/src/error-text.js';

const SCHEMA = JSON.parse(specJsonSchemaText());

describe('pathLabels', () => {
  it('names the fields along a spec path in either language; record keys and indices stay as written', () => {
    expect(pathLabels(SCHEMA, 'steps.impute.method', 'zh')).toEqual(['构建步骤', '缺失值填补', '方法']);
    expect(pathLabels(SCHEMA, 'steps.impute.method', 'en')).toEqual(['Construction steps', 'Impute', 'Method']);
    expect(pathLabels(SCHEMA, 'steps.weight.nodes.Labour.method', 'zh')).toEqual(['构建步骤', '赋权', '逐节点赋权', 'Labour', '方法']);
    expect(pathLabels(SCHEMA, 'analyses.spatial.alternative', 'zh')).toEqual(['分析', '空间自相关', '备择假设']);
    expect(pathLabels(SCHEMA, 'steps.aggregate.alternatives.0.code', 'zh')).toEqual(['构建步骤', '合成', '备选得分', '0', '代码']);
    expect(pathLabels(undefined, 'steps.impute.method', 'zh')).toEqual([]);
  });
});

describe('problemText', () => {
  it('a spec error from the server, in Chinese: the meaning of its code and the fields it is in, not E_SPEC and a bare path', () => {
    const r = validateSpecText('data: { file: d.csv, unit: u }\nframework: { builtin: nqpf-three-factor }\nsteps:\n  impute: { method: carry_forwad }\n');
    expect(r.ok).toBe(false);
    const e = r.errors[0];
    expect(e.path).toBe('steps.impute.method');
    const zh = problemText(e, 'zh', SCHEMA);
    expect(zh.startsWith(`${problemHead(e.code, 'zh')}（位置：构建步骤 › 缺失值填补 › 方法（steps.impute.method））：`)).toBe(true);
    expect(problemHead(e.code, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    expect(problemText(e, 'en', SCHEMA)).toContain('steps.impute.method');
  });

  it('a data problem (E_XLSX_FIELDS) in Chinese: 工作表某行在表头范围之外仍有数值, with row and column', () => {
    const p = { code: 'E_XLSX_FIELDS', message: 'row 3 has a value in column F, right of the header', row: 3, column: 'F', hint: 'delete it' };
    expect(problemText(p, 'zh')).toBe(
      '工作表某行在表头范围之外仍有数值（位置：第 3 行，列 F）：row 3 has a value in column F, right of the header — delete it',
    );
    expect(problemWhere(p, 'en')).toBe('row 3, column F');
    expect(problemText({ code: 'E_NOT_CATALOGUED', message: 'm' }, 'zh')).toBe('E_NOT_CATALOGUED：m');
  });
});

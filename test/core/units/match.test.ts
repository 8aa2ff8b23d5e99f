import { describe, expect, it } from 'vitest';
import { normaliseUnitName, stripAdminSuffix, suggestNames, suggestionLimit, unitKey } from '../../../src/core/units/match.js';

describe('normaliseUnitName / unitKey', () => {
  it('applies NFKC (full width → ASCII), drops all whitespace and lower-cases', () => {
    expect(normaliseUnitName('ＢＥＩＪＩＮＧ')).toBe('beijing');
    expect(normaliseUnitName(' Inner\u3000 Mongolia\t')).toBe('innermongolia');
    expect(normaliseUnitName('１１００００')).toBe('110000');
  });
  it('strips one administrative suffix from Chinese names only, longest first', () => {
    expect(unitKey('广西壮族自治区')).toBe('广西');
    expect(unitKey('新疆维吾尔自治区')).toBe('新疆');
    expect(unitKey('宁夏回族自治区')).toBe('宁夏');
    expect(unitKey('内蒙古自治区')).toBe('内蒙古');
    expect(unitKey('香港特别行政区')).toBe('香港');
    expect(unitKey('北京市')).toBe('北京');
    expect(unitKey('河北省')).toBe('河北');
    expect(stripAdminSuffix('省')).toBe('省'); // never to empty
    expect(unitKey('Xinshi')).toBe('xinshi'); // Latin names untouched
  });
});

describe('suggestNames(name, candidates, k)', () => {
  const c = (item: string, ...spellings: string[]) => ({ item, spellings: [item, ...spellings] });
  const provinces = [c('山西'), c('江苏'), c('浙江'), c('江西'), c('山东'), c('四川'), c('西藏', '西藏自治区', 'Tibet')];
  it('allows one edit for 1–5 character keys and ⌊len/3⌋ beyond', () => {
    expect([1, 2, 3, 5, 6, 9].map(suggestionLimit)).toEqual([1, 1, 1, 1, 2, 3]);
    expect(suggestNames('Tibte', provinces)).toEqual([]); // transposition = 2 edits on 5 letters
    expect(suggestNames('Tibett', provinces)).toEqual(['西藏']);
  });
  it('orders equally near candidates by known glyph confusions, then catalogue order', () => {
    expect(suggestNames('江两', provinces)).toEqual(['江西', '江苏']); // 两 ~ 西
    expect(suggestNames('江苏苏', provinces)).toEqual(['江苏']);
    expect(suggestNames('山两', provinces)).toEqual(['山西', '山东']);
    expect(suggestNames('四藏', provinces)).toEqual(['西藏', '四川']); // 四 ~ 西
  });
  it('returns one entry per candidate and at most k', () => {
    expect(suggestNames('西藏自治', provinces)).toEqual(['西藏']);
    expect(suggestNames('江x', provinces, 1)).toEqual(['江苏']);
  });
});

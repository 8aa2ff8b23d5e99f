import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../../helpers/shared.js';
import { UnitRegistry, resolveUnits, type UnitRecord, type UnknownUnit } from '../../../src/core/units/registry.js';
import { NqpfError } from '../../../src/core/errors.js';

function caught(f: () => unknown): NqpfError {
  try {
    f();
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('expected an NqpfError');
}

describe('UnitRegistry.provinces().lookup(name)', () => {
  const reg = UnitRegistry.provinces();
  const beijing = ['北京', '北京市', 'Beijing', 'beijing', 'BEIJING', '110000', 'ＢＥＩＪＩＮＧ', '１１００００', ' 北京 ', '北京\u3000', 'Peking'];
  for (const name of beijing) {
    it(`finds Beijing (110000) for ${JSON.stringify(name)}`, () => {
      expect(reg.lookup(name)?.code).toBe('110000');
    });
  }
  const others: [string, string][] = [
    ['广西壮族自治区', '450000'],
    ['广西', '450000'],
    ['Inner Mongolia', '150000'],
    ['inner  mongolia', '150000'],
    ['InnerMongolia', '150000'],
    ['内蒙古自治区', '150000'],
    ['新疆维吾尔自治区', '650000'],
    ['宁夏回族自治区', '640000'],
    ['西藏自治区', '540000'],
    ['Tibet', '540000'],
    ['Xizang', '540000'],
    ['黑龙江省', '230000'],
    ['Shanxi', '140000'],
    ['Shaanxi', '610000'],
    ['重庆市', '500000'],
  ];
  for (const [name, code] of others) {
    it(`finds ${code} for ${JSON.stringify(name)}`, () => {
      expect(reg.lookup(name)?.code).toBe(code);
    });
  }
  it('returns undefined for unknown or empty names and for a bare suffix', () => {
    expect(reg.lookup('两藏')).toBeUndefined();
    expect(reg.lookup('')).toBeUndefined();
    expect(reg.lookup('   ')).toBeUndefined();
    expect(reg.lookup('省')).toBeUndefined();
    expect(reg.lookup('Hong Kong')).toBeUndefined();
  });
  it('holds the 31 provinces with code, zh, zh_full, en, region, region_zh and capital lon/lat attributes', () => {
    const recs = reg.records();
    expect(recs).toHaveLength(31);
    expect(new Set(recs.map((r) => r.code)).size).toBe(31);
    expect(reg.lookup('Guangxi')?.attributes).toEqual({
      code: '450000',
      zh: '广西',
      zh_full: '广西壮族自治区',
      en: 'Guangxi',
      region: 'West',
      region_zh: '西部',
      lon: '108.37',
      lat: '22.82',
    });
    expect(reg.lookup('辽宁')?.attributes.region_zh).toBe('东北');
    expect(reg.knownNames()).toHaveLength(31);
    expect(reg.knownNames()[0]).toBe('北京');
    expect(reg.label).toBe('cn-provinces');
  });
});

describe('UnitRegistry.fromRecords(records, label)', () => {
  const cities: UnitRecord[] = [
    { code: 'SJZ', names: ['石家庄市', 'Shijiazhuang'], attributes: { province: '河北', tier: '2' } },
    { code: 'JLS', names: ['吉林市', 'Jilin City'], attributes: { province: '吉林' } },
    { code: 'JLP', names: ['吉林省'], attributes: {} },
    { code: 'CC', names: [], attributes: {} },
  ];
  it('matches names, suffix-stripped Chinese names and codes, and keeps the attributes', () => {
    const reg = UnitRegistry.fromRecords(cities, 'units.csv');
    expect(reg.lookup('石家庄')?.code).toBe('SJZ');
    expect(reg.lookup('SHIJIAZHUANG')?.attributes).toEqual({ province: '河北', tier: '2' });
    expect(reg.lookup('sjz')?.code).toBe('SJZ');
    expect(reg.lookup('CC')?.code).toBe('CC');
    expect(reg.knownNames()).toEqual(['石家庄市', '吉林市', '吉林省', 'CC']);
    expect(reg.label).toBe('units.csv');
  });
  it('treats a stripped name shared by two units (吉林市 / 吉林省) as ambiguous: only full names match', () => {
    const reg = UnitRegistry.fromRecords(cities, 'units.csv');
    expect(reg.lookup('吉林')).toBeUndefined();
    expect(reg.lookup('吉林市')?.code).toBe('JLS');
    expect(reg.lookup('吉林省')?.code).toBe('JLP');
  });
  it('copies the records (later changes to the caller’s objects do not leak in)', () => {
    const recs: UnitRecord[] = [{ code: 'A', names: ['Alpha'], attributes: { g: '1' } }];
    const reg = UnitRegistry.fromRecords(recs, 't');
    recs[0].attributes.g = '2';
    recs[0].names.push('Beta');
    expect(reg.lookup('alpha')?.attributes.g).toBe('1');
    expect(reg.lookup('Beta')).toBeUndefined();
  });
  it('refuses a repeated code or a spelling shared by two units with E_UNITS_DUPLICATE', () => {
    const e1 = caught(() =>
      UnitRegistry.fromRecords(
        [
          { code: 'A', names: [], attributes: {} },
          { code: 'A', names: [], attributes: {} },
        ],
        'u.csv',
      ),
    );
    expect(e1.code).toBe('E_UNITS_DUPLICATE');
    expect(e1.message).toMatch(/"A".*u\.csv/);
    const e2 = caught(() =>
      UnitRegistry.fromRecords(
        [
          { code: 'A', names: ['North'], attributes: {} },
          { code: 'B', names: ['NORTH '], attributes: {} },
        ],
        'u.csv',
      ),
    );
    expect(e2.code).toBe('E_UNITS_DUPLICATE');
    expect(e2.message).toMatch(/north.*"A".*"B"/);
  });
});

describe('resolveUnits(raw, registry, aliases, where)', () => {
  const reg = UnitRegistry.provinces();
  const where = { file: 'data.csv', column: 'province' };

  it('maps every distinct raw spelling to its record, keyed by the raw string', () => {
    const m = resolveUnits(['北京', '北京市', 'Beijing', '上海', '北京', ''], reg, undefined, where);
    expect([...m.keys()]).toEqual(['北京', '北京市', 'Beijing', '上海']);
    expect(m.get('北京市')?.code).toBe('110000');
    expect(m.get('上海')?.code).toBe('310000');
  });
  it('applies aliases first (keys are raw names, values any known spelling)', () => {
    const m = resolveUnits(['Peking Univ. region', 'x'], reg, { 'Peking Univ. region': 'Beijing', x: '上海市' }, where);
    expect(m.get('Peking Univ. region')?.code).toBe('110000');
    expect(m.get('x')?.code).toBe('310000');
  });
  it('an alias whose target is unknown is an error at units.aliases.<key>, even if unused', () => {
    const e = caught(() => resolveUnits(['北京'], reg, { 两藏: '西臧' }, where));
    expect(e.code).toBe('E_UNKNOWN_UNIT_ALIAS');
    expect(e.location?.path).toBe('units.aliases.两藏');
    expect(e.message).toMatch(/西臧.*did you mean 西藏/);
    expect(e.hint).toMatch(/两藏: 西藏/);
  });
  it('throws ONE E_UNKNOWN_UNITS listing every unknown name with counts, suggestions and an aliases hint', () => {
    const e = caught(() => resolveUnits(['北京', 'Beijng', 'Beijng', 'Zhejaing', 'Atlantis'], reg, {}, where));
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    expect(e.location).toEqual({ file: 'data.csv', column: 'province' });
    const unknown = (e.data as { unknown: UnknownUnit[] }).unknown;
    expect(unknown.map((u) => [u.name, u.count, u.suggestions[0]])).toEqual([
      ['Beijng', 2, '北京'],
      ['Zhejaing', 1, '浙江'],
      ['Atlantis', 1, undefined],
    ]);
    expect(e.message).toMatch(/3 unit names/);
    expect(e.message).toMatch(/"Beijng" \(2 occurrences; did you mean 北京\?\)/);
    expect(e.hint).toContain('units:\n  aliases:\n    Beijng: 北京\n    Zhejaing: 浙江');
    expect(e.hint).toMatch(/units\.exclude: \["Atlantis"\]/);
  });
});

describe.skipIf(!sharedAvailable)('resolveUnits on the real cn-scitech long file (column province)', () => {
  const rows = sharedAvailable ? parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/cn_provinces_scitech_long.csv'), 'utf8').replace(/^\uFEFF/, '')) : [];
  const col = rows.length ? rows[0].indexOf('province') : -1;
  const names = rows
    .slice(1)
    .filter((r) => r.length > 1)
    .map((r) => r[col]);
  const reg = UnitRegistry.provinces();
  const where = { file: 'cn_provinces_scitech_long.csv', column: 'province' };

  it('reports all eight transcription errors at once with sensible first suggestions', () => {
    const e = caught(() => resolveUnits(names, reg, undefined, where));
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    const unknown = (e.data as { unknown: UnknownUnit[] }).unknown;
    const byName = new Map(unknown.map((u) => [u.name, u]));
    expect([...byName.keys()].sort()).toEqual(['两藏', '内蒙占', '四藏', '尔部地区', '山两', '江两', '江四', '浙汀'].sort());
    // first suggestion = the province the row belongs to (checked against which province-year is
    // missing its value under the correct name: e.g. 江西 lacks 2015 v4_cg_zlsyx_fm, found under 江四)
    const first: Record<string, string> = { 两藏: '西藏', 四藏: '西藏', 内蒙占: '内蒙古', 浙汀: '浙江', 山两: '山西', 江两: '江西', 江四: '江西' };
    for (const [raw, want] of Object.entries(first)) expect(byName.get(raw)?.suggestions[0], raw).toBe(want);
    // 尔部地区 is an OCR'd 东部地区 (East-region total; its value = Σ of the ten eastern provinces):
    // no province resembles it, and the hint points to units.exclude.
    expect(byName.get('尔部地区')?.suggestions).toEqual([]);
    expect(byName.get('江两')?.count).toBe(2);
    expect(byName.get('内蒙占')?.count).toBe(2);
    expect(byName.get('两藏')?.count).toBe(1);
    for (const raw of byName.keys()) expect(e.message).toContain(`"${raw}"`);
    expect(e.hint).toMatch(/units:\n {2}aliases:\n/);
    expect(e.hint).toContain('    两藏: 西藏');
    expect(e.hint).toContain('    内蒙占: 内蒙古');
    expect(e.hint).toMatch(/units\.exclude: \["尔部地区"\]/);
    expect(e.format()).toMatch(/^cn_provinces_scitech_long\.csv:province: 8 unit names/);
  });

  it('resolves every name to the 31 provinces with the aliases the hint proposes (totals row excluded)', () => {
    const aliases = { 两藏: '西藏', 四藏: '西藏', 内蒙占: '内蒙古', 浙汀: '浙江', 山两: '山西', 江两: '江西', 江四: '江西' };
    const kept = names.filter((n) => n !== '尔部地区'); // what units.exclude does
    const m = resolveUnits(kept, reg, aliases, where);
    expect(m.size).toBe(38);
    expect(new Set([...m.values()].map((r) => r.code)).size).toBe(31);
    expect(m.get('两藏')?.attributes.zh).toBe('西藏');
    expect(m.get('内蒙占')?.code).toBe('150000');
    // every province then has the full 226 rows (= the cleanest provinces' count)
    const perCode = new Map<string, number>();
    for (const n of kept) perCode.set(m.get(n)!.code, (perCode.get(m.get(n)!.code) ?? 0) + 1);
    expect(perCode.get('540000')).toBe(226); // 西藏 224 + 两藏 + 四藏
    expect(perCode.get('360000')).toBe(226); // 江西 223 + 江两 ×2 + 江四
    expect(perCode.get('150000')).toBe(226); // 内蒙古 224 + 内蒙占 ×2
  });
});

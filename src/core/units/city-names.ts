/**
 * Names of China's prefecture-level units as people write them: the kind of unit from its full
 * official name, the short name statistical tables print (石家庄市 → 石家庄, 延边朝鲜族自治州 → 延边,
 * 大兴安岭地区 → 大兴安岭, 兴安盟 → 兴安), the customary short form of an autonomous prefecture
 * (恩施州) and the romanised name (pinyin, with an apostrophe before a syllable that starts with a,
 * o or e: Xi'an, Lu'an, Pu'er). Pure string functions; the generator of ./cities-data.ts and
 * ./cities.ts use them.
 */

/** Kinds of prefecture-level unit (plus the four municipalities, which city panels include). */
export type CityKind = 'municipality' | 'city' | 'prefecture' | 'autonomous-prefecture' | 'league';

/** Chinese labels of {@link CityKind}. */
export const CITY_KIND_ZH: Readonly<Record<CityKind, string>> = {
  municipality: '直辖市',
  city: '地级市',
  prefecture: '地区',
  'autonomous-prefecture': '自治州',
  league: '盟',
};

/**
 * Ethnic names that stand between a prefecture's place name and 自治州 (延边朝鲜族自治州, 博尔塔拉蒙古
 * 自治州, 克孜勒苏柯尔克孜自治州). Longest first: 蒙古族 must be tried before 蒙古.
 */
export const ETHNIC_NAMES: readonly string[] = [
  '柯尔克孜',
  '布依族',
  '朝鲜族',
  '土家族',
  '哈尼族',
  '景颇族',
  '傈僳族',
  '蒙古族',
  '哈萨克',
  '苗族',
  '藏族',
  '羌族',
  '彝族',
  '侗族',
  '傣族',
  '白族',
  '壮族',
  '回族',
  '蒙古',
];

/** The kind of a prefecture-level unit from its full name (地区, 盟, 自治州, else a city). */
export function cityKindOf(fullName: string): Exclude<CityKind, 'municipality'> {
  if (fullName.endsWith('自治州')) return 'autonomous-prefecture';
  if (fullName.endsWith('地区')) return 'prefecture';
  if (fullName.endsWith('盟')) return 'league';
  return 'city';
}

/**
 * The short name: the full name without 市/地区/盟, or for an autonomous prefecture without 自治州
 * and the ethnic names before it (红河哈尼族彝族自治州 → 红河). Names that would become shorter than
 * two characters keep their suffix.
 */
export function shortCityName(fullName: string): string {
  let s = fullName;
  if (s.endsWith('自治州')) {
    s = s.slice(0, -3);
    for (let again = true; again; ) {
      again = false;
      for (const e of ETHNIC_NAMES) {
        if (s.endsWith(e) && s.length - e.length >= 2) {
          s = s.slice(0, -e.length);
          again = true;
          break;
        }
      }
    }
    return s;
  }
  for (const suf of ['地区', '盟', '市']) {
    if (s.endsWith(suf) && s.length - suf.length >= 2) return s.slice(0, -suf.length);
  }
  return s;
}

/**
 * Romanised name from pinyin syllables (tone marks removed; ü kept): syllables joined, the first
 * letter upper case, an apostrophe before a non-initial syllable starting with a, o or e
 * (["xi","an"] → "Xi'an", ["pu","er"] → "Pu'er", ["e","zhou"] → "Ezhou").
 */
export function romanise(syllables: readonly string[]): string {
  const joined = syllables
    .map((s, i) => {
      const t = s.toLowerCase();
      return i > 0 && /^[aoe]/.test(t) ? `'${t}` : t;
    })
    .join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

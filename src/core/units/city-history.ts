/**
 * Changes of China's prefecture-level units since 2005, for city panels that span them, and
 * {@link harmoniseCityRows}, which brings a panel to one year's boundaries.
 *
 * Source: the Ministry of Civil Affairs' year-end tables of GB/T 2260 codes (县及县以上行政区划代码)
 * for 2005–2011 and 2013–2017 and the table of April 2019, as collected in the public repository
 * cn/GB2260 (files mca/YYYY12.tsv, mca/201904.tsv), compared year to year at prefecture level, and
 * the current list (./cities-data.ts, equal to the NBS 2023 codes) for the 2019 merger of 莱芜 into
 * 济南, which the April 2019 table does not show yet. Checked 2026-12 (issue 19). Every change
 * between two tables is listed; none happened at prefecture level between 2019 and 2023.
 *
 * `year` is the first data year under the new boundaries: yearbook data for year Y describe the
 * divisions at the end of Y, and every change below took effect before the end of its year.
 */
import { CITY_KIND_ZH } from './city-names.js';

/** One change of a prefecture-level unit. */
export interface CityChange {
  /** First data year under the new boundaries. */
  year: number;
  /**
   * renamed: same code, new name; recoded: a 地区 became a 地级市 (new code and name, same
   * territory); merged: the unit was joined to another; abolished: the unit was divided among
   * others; new: a unit appeared (raised from county level, or created).
   */
  kind: 'renamed' | 'recoded' | 'merged' | 'abolished' | 'new';
  /** The unit before the change (not for `new` units created from nothing). */
  from?: { code: string; name: string };
  /** The unit after the change (the successor for merged; absent for abolished). */
  to?: { code: string; name: string };
  /** Where the territory of an abolished unit went. */
  split?: string[];
  /** What happened, in one sentence. */
  en: string;
  zh: string;
}

const recoded = (year: number, fromCode: string, fromName: string, toCode: string, toName: string): CityChange => ({
  year,
  kind: 'recoded',
  from: { code: fromCode, name: fromName },
  to: { code: toCode, name: toName },
  en: `${fromName} (prefecture, ${fromCode}) became the prefecture-level city ${toName} (${toCode}) in ${year}`,
  zh: `${year} 年${fromName}（${CITY_KIND_ZH.prefecture}，${fromCode}）撤地设市为${toName}（${toCode}）`,
});

/** The changes, oldest first. */
export const CITY_CHANGES: readonly CityChange[] = [
  {
    year: 2007,
    kind: 'renamed',
    from: { code: '530800', name: '思茅市' },
    to: { code: '530800', name: '普洱市' },
    en: '思茅市 was renamed 普洱市 in 2007 (code 530800 unchanged)',
    zh: '2007 年思茅市更名为普洱市（代码 530800 不变）',
  },
  {
    year: 2010,
    kind: 'renamed',
    from: { code: '420600', name: '襄樊市' },
    to: { code: '420600', name: '襄阳市' },
    en: '襄樊市 was renamed 襄阳市 in 2010 (code 420600 unchanged)',
    zh: '2010 年襄樊市更名为襄阳市（代码 420600 不变）',
  },
  {
    year: 2011,
    kind: 'abolished',
    from: { code: '341400', name: '巢湖市' },
    split: ['合肥市', '芜湖市', '马鞍山市'],
    en: 'the prefecture-level 巢湖市 (341400) was abolished in 2011; its counties went to 合肥, 芜湖 and 马鞍山',
    zh: '2011 年撤销地级巢湖市（341400），所辖县区分别划归合肥、芜湖、马鞍山',
  },
  recoded(2011, '522200', '铜仁地区', '520600', '铜仁市'),
  recoded(2011, '522400', '毕节地区', '520500', '毕节市'),
  {
    year: 2012,
    kind: 'new',
    to: { code: '460300', name: '三沙市' },
    en: 'the prefecture-level city 三沙市 (460300) was established in 2012',
    zh: '2012 年设立地级三沙市（460300）',
  },
  recoded(2013, '632100', '海东地区', '630200', '海东市'),
  recoded(2014, '542300', '日喀则地区', '540200', '日喀则市'),
  recoded(2014, '542100', '昌都地区', '540300', '昌都市'),
  {
    year: 2015,
    kind: 'new',
    from: { code: '469003', name: '儋州市' },
    to: { code: '460400', name: '儋州市' },
    en: '儋州市 was raised from county level (469003) to a prefecture-level city (460400) in 2015',
    zh: '2015 年儋州市由县级市（469003）升为地级市（460400）',
  },
  recoded(2015, '542600', '林芝地区', '540400', '林芝市'),
  recoded(2015, '652100', '吐鲁番地区', '650400', '吐鲁番市'),
  recoded(2016, '542200', '山南地区', '540500', '山南市'),
  recoded(2016, '652200', '哈密地区', '650500', '哈密市'),
  recoded(2017, '542400', '那曲地区', '540600', '那曲市'),
  {
    year: 2019,
    kind: 'merged',
    from: { code: '371200', name: '莱芜市' },
    to: { code: '370100', name: '济南市' },
    en: 'the prefecture-level 莱芜市 (371200) was merged into 济南市 (370100) in 2019',
    zh: '2019 年撤销地级莱芜市（371200），并入济南市（370100）',
  },
];

/** How {@link harmoniseCityRows} treats a unit absorbed by another (莱芜 into 济南). */
export type AbsorbedPolicy = 'drop' | 'merge';

/** What {@link harmoniseCityRows} does. */
export interface HarmoniseResult {
  /** Per input row: the unit code it belongs to under the target year's boundaries, or null to drop the row. */
  target: (string | null)[];
  /** One note per change that affected the panel (en and zh), in {@link CITY_CHANGES} order. */
  notes: { en: string; zh: string }[];
}

/**
 * Bring the rows of a city panel to the boundaries of `toYear`.
 *
 * Rows are (unit code, year) with current codes for renamed and recoded units (the registry maps
 * old names to them) and the old codes for units that no longer exist (莱芜 371200, 巢湖 341400).
 * - merged unit (莱芜 → 济南, 2019), toYear ≥ 2019: its rows are dropped (`drop`) or given to the
 *   successor (`merge`: the caller adds their values to the successor's row of the same year —
 *   right for totals such as GDP or patents, wrong for ratios); toYear < 2019: kept, and the note
 *   says the successor's later rows include it.
 * - abolished unit (巢湖, 2011), toYear ≥ 2011: its rows are dropped (it was divided; no single
 *   successor); toYear < 2011: kept, with a note.
 * - new unit (三沙 2012, 儋州 2015), toYear before its year: its rows are dropped.
 * - renamed and recoded units: rows kept (same territory); a note names the change.
 * Cost O(rows + changes).
 */
export function harmoniseCityRows(rows: readonly { code: string; year: number }[], toYear: number, absorbed: AbsorbedPolicy): HarmoniseResult {
  const target: (string | null)[] = rows.map((r) => r.code);
  const notes: { en: string; zh: string }[] = [];
  const present = new Set(rows.map((r) => r.code));
  for (const c of CITY_CHANGES) {
    const fromCode = c.from?.code;
    const toCode = c.to?.code;
    if (c.kind === 'renamed' || c.kind === 'recoded') {
      if (toCode && present.has(toCode)) notes.push({ en: `${c.en}; its rows before and after are one unit`, zh: `${c.zh}；前后各年视为同一单元` });
      continue;
    }
    if (c.kind === 'new') {
      if (!toCode || !present.has(toCode) || toYear >= c.year) continue;
      let n = 0;
      rows.forEach((r, i) => {
        if (r.code === toCode) {
          target[i] = null;
          n++;
        }
      });
      notes.push({
        en: `${c.en}: its ${n} row(s) dropped to keep the ${toYear} boundaries`,
        zh: `${c.zh}：为保持 ${toYear} 年区划，删除其 ${n} 行`,
      });
      continue;
    }
    if (!fromCode || !present.has(fromCode)) continue;
    if (toYear < c.year) {
      notes.push({
        en: `${c.en}: kept separate for the ${toYear} boundaries; ${
          c.kind === 'merged' ? `rows of ${c.to?.name} from ${c.year} on include it` : `rows of ${c.split?.join(', ')} from ${c.year} on include parts of it`
        }`,
        zh: `${c.zh}：按 ${toYear} 年区划单列；${c.kind === 'merged' ? `${c.to?.name} ${c.year} 年起的数据包含该地` : `${c.split?.join('、')} ${c.year} 年起的数据包含其部分辖区`}`,
      });
      continue;
    }
    const merge = c.kind === 'merged' && absorbed === 'merge' && toCode;
    let n = 0;
    rows.forEach((r, i) => {
      if (r.code === fromCode) {
        target[i] = merge ? toCode : null;
        n++;
      }
    });
    notes.push(
      merge
        ? { en: `${c.en}: its ${n} row(s) added to ${c.to?.name}`, zh: `${c.zh}：其 ${n} 行并入${c.to?.name}` }
        : {
            en: `${c.en}: its ${n} row(s) dropped for the ${toYear} boundaries${c.kind === 'merged' ? ` (rows of ${c.to?.name} before ${c.year} exclude it)` : ''}`,
            zh: `${c.zh}：按 ${toYear} 年区划删除其 ${n} 行${c.kind === 'merged' ? `（${c.to?.name} ${c.year} 年以前的数据不含该地）` : ''}`,
          },
    );
  }
  return { target, notes };
}

/**
 * Every prefecture-level change of 2010–2023 applied by a panel that spans it (issue 19 acceptance: "every 2010–2023
 * code change in the history table is applied by a test panel that spans it"). The changes are typed here from the
 * Ministry of Civil Affairs' GB/T 2260 year-end tables (codes before and after, first data year under the new
 * boundaries), not read from CITY_CHANGES; the panel 2009–2023 names each unit as a yearbook of that year does. For
 * each change, in the year before it and the year of it:
 * - matching: the name of the time resolves to the unit (renamed/recoded: the successor's code, one unit throughout);
 *   the old name from the change year on is refused as outdated, naming the successor (none for 巢湖, divided); a
 *   new unit named in a year before it became prefecture-level is taken with a note (W_CITY_HISTORY);
 * - harmonising (docs/methods.md, "Harmonising") to the year before and to the year of the change: renamed and
 *   recoded units keep every row under the current code; a new unit's rows are dropped for earlier boundaries and
 *   kept from its year; an abolished unit is kept (with a note) for earlier boundaries and dropped from its year; a
 *   merged unit likewise, or its rows go to the successor with `absorbed: merge`.
 */
import { describe, expect, it } from 'vitest';
import { CITY_CHANGES, harmoniseCityRows } from '../../../src/core/units/city-history.js';
import { CityMatcher, checkCityNames } from '../../../src/core/units/city-match.js';

type Change = { year: number; kind: 'renamed' | 'recoded' | 'abolished' | 'merged' | 'new'; old?: [string, string]; now?: [string, string] };

/** [short name as reported, code]: before (old) and after (now) the change. */
const CHANGES: Change[] = [
  { year: 2010, kind: 'renamed', old: ['襄樊', '420600'], now: ['襄阳', '420600'] },
  { year: 2011, kind: 'abolished', old: ['巢湖', '341400'] },
  { year: 2011, kind: 'recoded', old: ['铜仁地区', '522200'], now: ['铜仁', '520600'] },
  { year: 2011, kind: 'recoded', old: ['毕节地区', '522400'], now: ['毕节', '520500'] },
  { year: 2012, kind: 'new', now: ['三沙', '460300'] },
  { year: 2013, kind: 'recoded', old: ['海东地区', '632100'], now: ['海东', '630200'] },
  { year: 2014, kind: 'recoded', old: ['日喀则地区', '542300'], now: ['日喀则', '540200'] },
  { year: 2014, kind: 'recoded', old: ['昌都地区', '542100'], now: ['昌都', '540300'] },
  { year: 2015, kind: 'new', now: ['儋州', '460400'] },
  { year: 2015, kind: 'recoded', old: ['林芝地区', '542600'], now: ['林芝', '540400'] },
  { year: 2015, kind: 'recoded', old: ['吐鲁番地区', '652100'], now: ['吐鲁番', '650400'] },
  { year: 2016, kind: 'recoded', old: ['山南地区', '542200'], now: ['山南', '540500'] },
  { year: 2016, kind: 'recoded', old: ['哈密地区', '652200'], now: ['哈密', '650500'] },
  { year: 2017, kind: 'recoded', old: ['那曲地区', '542400'], now: ['那曲', '540600'] },
  { year: 2019, kind: 'merged', old: ['莱芜', '371200'], now: ['济南', '370100'] },
];

const YEARS = Array.from({ length: 15 }, (_, i) => 2009 + i);
/** The names a yearbook of year y reports: each unit as it was then, 济南 throughout (莱芜's successor). */
const named = (y: number): string[] => [
  '济南',
  ...CHANGES.flatMap((c) => {
    if (c.kind === 'merged') return y < c.year ? [c.old![0]] : [];
    if (c.kind === 'abolished') return y < c.year ? [c.old![0]] : [];
    if (c.kind === 'new') return y >= c.year ? [c.now![0]] : [];
    return [y < c.year ? c.old![0] : c.now![0]];
  }),
];

describe('the 2010–2023 changes, each applied by a panel 2009–2023 that spans it', () => {
  const m = new CityMatcher();
  const rows = YEARS.flatMap((year) => named(year).map((name) => ({ name, year, row: 0 })));
  const { units, issues } = checkCityNames(rows, m);
  const panel = rows.map((r, i) => ({ name: r.name, year: r.year, code: units[i]?.code ?? '' }));
  const codeOf = (name: string, year: number) => panel.find((r) => r.name === name && r.year === year)?.code;

  it('the history table holds exactly these changes for 2010–2023 (and none after 2019)', () => {
    const got = CITY_CHANGES.filter((c) => c.year >= 2010 && c.year <= 2023).map((c) => [c.year, c.kind, c.from?.code, c.to?.code]);
    const want = CHANGES.map((c) => [
      c.year,
      c.kind,
      c.kind === 'new' ? (c.now![0] === '儋州' ? '469003' : undefined) : c.old![1],
      c.kind === 'abolished' ? undefined : c.now![1],
    ]);
    expect(got).toEqual(want);
  });

  it('matching: every name of its time resolves, renamed and recoded units are one unit (the current code)', () => {
    expect(issues).toEqual([]);
    for (const c of CHANGES) {
      if (c.kind === 'renamed' || c.kind === 'recoded') {
        expect([codeOf(c.old![0], c.year - 1), codeOf(c.now![0], c.year)], c.old![0]).toEqual([c.now![1], c.now![1]]);
      } else if (c.kind === 'new') expect(codeOf(c.now![0], c.year), c.now![0]).toBe(c.now![1]);
      else expect(codeOf(c.old![0], c.year - 1), c.old![0]).toBe(c.old![1]);
    }
  });

  it('matching: an old name in the year of its change is refused as outdated, naming the successor', () => {
    for (const c of CHANGES.filter((x) => x.old)) {
      const r = checkCityNames([{ name: c.old![0], year: c.year, row: 7 }], m);
      expect(
        r.issues.map((x) => [x.code, x.rows]),
        c.old![0],
      ).toEqual([['E_CITY_OUTDATED', [7]]]);
      if (c.kind === 'abolished') expect(r.issues[0].suggestions).toEqual([]);
      else expect(r.issues[0].suggestions[0]?.startsWith(`${c.now![0]}市`), c.old![0]).toBe(true);
    }
  });

  it('matching: a unit that became prefecture-level (三沙 2012, 儋州 2015) named in an earlier year is taken with a note', () => {
    for (const c of CHANGES.filter((x) => x.kind === 'new')) {
      const before = checkCityNames([{ name: c.now![0], year: c.year - 1, row: 2 }], m);
      expect([before.units[0]?.code, before.issues], c.now![0]).toEqual([c.now![1], []]);
      expect(
        before.notes.map((n) => n.en.includes(`rows before ${c.year} are not of a prefecture-level unit`)),
        c.now![0],
      ).toEqual([true]);
      expect(before.notes[0].zh).toContain(`${c.year} 年以前的行并非地级单位的数据`);
      expect(checkCityNames([{ name: c.now![0], year: c.year, row: 2 }], m).notes, c.now![0]).toEqual([]);
    }
  });

  it('harmonising to the year before and the year of each change', () => {
    for (const c of CHANGES) {
      for (const to of [c.year - 1, c.year]) {
        const h = harmoniseCityRows(panel, to, 'drop');
        const rowsOf = (code: string) => panel.flatMap((r, i) => (r.code === code ? [h.target[i]] : []));
        const at = `${c.kind} ${c.old?.[0] ?? c.now![0]} ${c.year}, to ${to}`;
        if (c.kind === 'renamed' || c.kind === 'recoded') {
          expect(rowsOf(c.now![1]), at).toEqual(YEARS.map(() => c.now![1]));
        } else if (c.kind === 'new') {
          const n = YEARS.filter((y) => y >= c.year).length;
          expect(rowsOf(c.now![1]), at).toEqual(Array(n).fill(to < c.year ? null : c.now![1]));
        } else {
          const n = YEARS.filter((y) => y < c.year).length;
          expect(rowsOf(c.old![1]), at).toEqual(Array(n).fill(to < c.year ? c.old![1] : null));
          if (to < c.year)
            expect(
              h.notes.some((x) => x.en.includes(c.old![1]) && x.en.includes('kept separate')),
              at,
            ).toBe(true);
          if (c.kind === 'merged') {
            const merged = harmoniseCityRows(panel, to, 'merge');
            expect(
              panel.flatMap((r, i) => (r.code === c.old![1] ? [merged.target[i]] : [])),
              at,
            ).toEqual(Array(n).fill(to < c.year ? c.old![1] : c.now![1]));
          }
        }
      }
    }
  });
});

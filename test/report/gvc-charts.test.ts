/**
 * valueChainCharts (issue 18): the GVC position–participation scatter and the stacked composition of
 * gross exports, from gvc_position / gvc_kww tables holding the R reference values of decompr's
 * leather (test/reference/gvc/expected.json) — points at R's participation and position, labelled by
 * country name in the chart's language; the four stacked parts add up to gross exports.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunBundle } from '../../src/report/bundle.js';
import { allCharts, getChartFamily } from '../../src/report/charts/index.js';

const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/gvc/expected.json'), 'utf8')) as {
  participation: number[];
  position: number[];
  exports: number[];
  kwwTerms: number[][];
};
const C = [
  ['Argentina', '阿根廷', 'Argentina'],
  ['Turkey', '土耳其', 'Türkiye'],
  ['Germany', '德国', 'Germany'],
];

function bundle(): RunBundle {
  const pos = {
    name: 'gvc_position',
    header: ['country', 'country_zh', 'country_en', 'participation', 'position'],
    rows: C.map((c, s) => [...c, ref.participation[s], ref.position[s]]),
  };
  const kwwRows = C.map((c, s) => {
    const T = ref.kwwTerms[s];
    return [...c, ref.exports[s], T[0] + T[1] + T[2], T[3] + T[4], T[6] + T[7], T[5] + T[8]];
  });
  const kww = { name: 'gvc_kww', header: ['country', 'country_zh', 'country_en', 'exports', 'vax', 'rdv', 'fva', 'pdc'], rows: kwwRows };
  return {
    run: { nqpf: 'test', synthetic: false, seed: 1, spec: {}, inputs: [] },
    tables: new Map([
      ['gvc_position', pos],
      ['gvc_kww', kww],
    ]),
  } as unknown as RunBundle;
}

describe('valueChainCharts', () => {
  it('the scatter has one point per country at R’s (participation, position), named in zh or en', () => {
    for (const lang of ['zh', 'en'] as const) {
      const [scatter] = getChartFamily('valueChains')(bundle(), lang);
      expect(scatter.id).toBe('gvc_position_scatter');
      const data = (scatter.option.series as { data: { value: number[]; name: string }[] }[])[0].data;
      expect(data.map((d) => d.name)).toEqual(C.map((c) => c[lang === 'zh' ? 1 : 2]));
      data.forEach((d, s) => expect(d.value).toEqual([ref.participation[s], ref.position[s]]));
    }
  });

  it('the composition bars stack value-added exports, returned DVA, FVA and pure double counting to gross exports', () => {
    const bars = getChartFamily('valueChains')(bundle(), 'en')[1];
    expect(bars.id).toBe('gvc_kww_composition');
    const series = bars.option.series as { data: number[]; stack: string }[];
    expect(series.length).toBe(4);
    for (let s = 0; s < 3; s++) expect(Math.abs(series.reduce((a, x) => a + x.data[s], 0) - ref.exports[s])).toBeLessThan(1e-9 * ref.exports[s]);
  });

  it('no value-chain tables, no charts (allCharts of an empty bundle has none of them)', () => {
    const empty = { run: { nqpf: 't', synthetic: false, seed: 1, spec: {}, inputs: [] }, tables: new Map() } as unknown as RunBundle;
    expect(allCharts(empty, 'en').filter((c) => c.id.startsWith('gvc_'))).toEqual([]);
  });
});

/**
 * Units without neighbours linked by `islands: nearest` are named (issue 19, transparency of the city weights):
 * W.linked records them, the spatial section writes spatial_islands.csv, and the methods text (zh and en) names
 * exactly these units, how they were linked and each link.
 *
 * Expected values: hand calculation for the small cases; for the city demo, the neighbour lists of spdep::poly2nb
 * (test/reference/cities/contiguity.json) restricted to the panel's 287 cities (lisa-codes.csv) and a haversine
 * on sf's centroids written out here, islands taken in code order as test/reference/cities/lisa.R does.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../../src/app/run-project.js';
import { readRunDir } from '../../../src/io/read/run-dir.js';
import { methodsText } from '../../../src/report/methods-text.js';
import { reorder, standardise, weightsFromPairs } from '../../../src/analysis/spatial/weights.js';
import { UnitRegistry } from '../../../src/core/units/registry.js';
import { SPATIAL_ISLANDS, spatialWeightsText } from '../../../src/analysis/spatial/analysis.js';
import { weightsProvinceContiguity } from '../../../src/analysis/spatial/builtin.js';
import type { MethodsWriter } from '../../../src/analysis/descriptor.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const REF = join(ROOT, 'test/reference/cities');

describe('W.linked: the islands that islands: nearest linked', () => {
  const units = ['A', 'B', 'C', 'D', 'E'];
  // A–B–C–D in a row, E apart: its nearest is D at √(0.5² + 2²) = √4.25 (C: √(1.5² + 2²) = 2.5).
  const xy = Float64Array.of(0, 0, 1, 0, 2, 0, 3, 0, 3.5, 2);
  const pairs: [string, string][] = [
    ['A', 'B'],
    ['B', 'C'],
    ['C', 'D'],
  ];

  it('one isolated unit of five: linked to its nearest unit both ways', () => {
    const W = weightsFromPairs(units, pairs, { islands: 'nearest', coordinates: xy, style: 'B' });
    expect(W.linked).toEqual([{ unit: 'E', to: 'D', distance: Math.sqrt(4.25), metric: 'euclidean', reverse: false, mutual: true }]);
    expect(W.islands).toEqual([]);
    // carried through a restyle and a reordering
    expect(standardise(W, 'W').linked).toEqual(W.linked);
    expect(reorder(W, ['E', 'D', 'C', 'B', 'A']).linked).toEqual(W.linked);
  });

  it('two islands nearest to each other: the second is reached by the first one’s link; one way when the pairs are directed', () => {
    const u7 = [...units, 'F', 'G'];
    const xy7 = Float64Array.of(0, 0, 1, 0, 2, 0, 3, 0, 3.5, 2, 10, 0, 11, 0);
    const W = weightsFromPairs(u7, [...pairs, ['E', 'D']], { islands: 'nearest', coordinates: xy7 });
    expect(W.linked).toEqual([
      { unit: 'F', to: 'G', distance: 1, metric: 'euclidean', reverse: false, mutual: true },
      { unit: 'G', to: 'F', distance: 1, metric: 'euclidean', reverse: true, mutual: true },
    ]);
    // directed pairs: no reverse links, so each island gets its own one-way link (E's nearest is D)
    const D = weightsFromPairs(units, pairs, { islands: 'nearest', coordinates: xy, symmetric: false });
    expect(D.linked?.map((l) => [l.unit, l.to, l.mutual])).toEqual([
      ['D', 'C', false],
      ['E', 'D', false],
    ]);
  });

  it('no field when nothing was linked', () => {
    expect('linked' in weightsFromPairs(units, [...pairs, ['D', 'E']])).toBe(false);
    expect('linked' in weightsFromPairs(units, pairs, { islands: 'keep' })).toBe(false);
  });
});

/** The islands list of the sentence ("没有邻居（…）" / "had no neighbours (…)") and its links. */
function islandsOf(text: string, zh: boolean): { islands: string[]; links: string[] } {
  const m = zh ? /没有邻居（([^）]*)）[^：]*：([^；。]*)/.exec(text) : /had no neighbours \(([^)]*)\);[^:]*: (.*?)(?:;|\.(?: |$))/.exec(text);
  if (!m) return { islands: [], links: [] };
  const split = (s: string) => (zh ? s.split('、') : s.split(/, | and /));
  return { islands: split(m[1]), links: split(m[2]).map((l) => l.replace(/\s*[（(].*$/, '')) };
}

async function methods(spec: string): Promise<{ zh: string; en: string; rows: string[][] }> {
  const out = join(mkdtempSync(join(tmpdir(), 'nqpf-islands-out-')), 'out');
  await runProject(spec, { out, workers: 1, env: {} });
  const bundle = await readRunDir(out);
  const text = (lang: 'zh' | 'en') =>
    methodsText(bundle, lang)
      .paragraphs.map((p) => p.text)
      .join('\n');
  const csv = readFileSync(join(out, 'spatial_islands.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  return { zh: text('zh'), en: text('en'), rows: csv.map((l) => l.split(',')) };
}

describe('the methods text names the linked islands', () => {
  it('a hand-made 5-unit contiguity (GeoJSON squares) with one isolated unit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-islands-'));
    const sq = (id: string, x: number, y: number) => ({
      type: 'Feature',
      id,
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 1, y],
            [x + 1, y + 1],
            [x, y + 1],
            [x, y],
          ],
        ],
      },
    });
    // P1–P4 side by side; P5 apart, centroid (4, 3.5): nearest P4 (3.5, 0.5) at √(0.5² + 3²) = √9.25 ≈ 3.0414
    const feats = [sq('P1', 0, 0), sq('P2', 1, 0), sq('P3', 2, 0), sq('P4', 3, 0), sq('P5', 3.5, 3)];
    writeFileSync(join(dir, 'units.geojson'), JSON.stringify({ type: 'FeatureCollection', features: feats }));
    const rows = ['unit,year,a,b'];
    ['P1', 'P2', 'P3', 'P4', 'P5'].forEach((u, i) => [2020, 2021].forEach((y, t) => rows.push(`${u},${y},${3 + i * 2 + t},${9 - i + t * 2}`)));
    writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'nqpf.yaml'),
      [
        'title: islands',
        'seed: 1',
        'data: { file: data.csv, unit: unit, period: year }',
        'framework:',
        '  nodes:',
        '    - { code: IDX }',
        '    - { code: a, parent: IDX }',
        '    - { code: b, parent: IDX }',
        'analyses:',
        '  weights: { file: units.geojson, islands: nearest }',
        '  spatial: { permutations: 0, local: false }',
        'outputs: { report: false, docx: false, xlsx: false, figures: none }',
        '',
      ].join('\n'),
    );
    const r = await methods(join(dir, 'nqpf.yaml'));
    expect(r.rows[0]).toEqual(['unit', 'linked_to', 'distance', 'metric', 'link', 'direction']);
    expect(r.rows.slice(1).map((x) => [x[0], x[1], x[3], x[4], x[5]])).toEqual([['P5', 'P4', 'euclidean', 'nearest', 'both']]);
    expect(Number(r.rows[1][2])).toBeCloseTo(Math.sqrt(9.25), 12);
    expect(islandsOf(r.zh, true)).toEqual({ islands: ['P5'], links: ['P5—P4'] });
    expect(islandsOf(r.en, false)).toEqual({ islands: ['P5'], links: ['P5–P4'] });
    expect(r.zh).toContain('按 units.geojson 中各多边形质心间的欧氏距离各与其最近的单元相连（k = 1），连接取双向（对称）：P5—P4（3.0）。');
    expect(r.en).toContain(
      'Under these weights 1 unit had no neighbours (P5); it was linked to its nearest unit (k = 1) by the Euclidean distance between the centroids ' +
        'of the polygons in units.geojson, both ways (the link is added to both units, so W stays symmetric): P5–P4 (3.0).',
    );
  }, 120_000);

  it('the city demo: the cities without a neighbour among the panel’s cities under queen contiguity (spdep poly2nb)', async () => {
    // independent expectation: spdep's neighbour lists restricted to the panel, sf's centroids, a haversine
    const ref = JSON.parse(readFileSync(join(REF, 'contiguity.json'), 'utf8')) as {
      queen: Record<string, string[]>;
      centroids: Record<string, [number, number]>;
    };
    const panel = readFileSync(join(REF, 'lisa-codes.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    const cityOf = new Map(panel.map(([city, code]) => [code, city]));
    const codes = [...cityOf.keys()].sort();
    expect(codes).toHaveLength(287);
    const inPanel = new Set(codes);
    const nb = new Map(codes.map((c) => [c, new Set((ref.queen[c] ?? []).filter((x) => inPanel.has(x)))]));
    const hav = (a: string, b: string) => {
      const [x1, y1] = ref.centroids[a];
      const [x2, y2] = ref.centroids[b];
      const r = Math.PI / 180;
      const h = Math.sin(((y2 - y1) * r) / 2) ** 2 + Math.cos(y1 * r) * Math.cos(y2 * r) * Math.sin(((x2 - x1) * r) / 2) ** 2;
      return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
    };
    const islands = codes.filter((c) => nb.get(c)!.size === 0);
    const links: [string, string, number][] = [];
    for (const c of islands) {
      if (nb.get(c)!.size > 0) continue; // reached by an earlier island's link
      let best = '';
      let bd = Infinity;
      for (const o of codes) if (o !== c && hav(c, o) < bd) [best, bd] = [o, hav(c, o)];
      nb.get(c)!.add(best);
      nb.get(best)!.add(c);
      links.push([c, best, bd]);
    }
    const zhNames = islands.map((c) => cityOf.get(c)!);
    const enOf = (c: string) => UnitRegistry.cities().lookup(c)!.attributes.en;
    // the six are 海口, 三亚, 拉萨, 西宁, 乌鲁木齐 and 克拉玛依 (the last reached by 乌鲁木齐's link)
    expect(zhNames.length).toBe(6);

    const dir = mkdtempSync(join(tmpdir(), 'nqpf-islands-city-'));
    const demo = readFileSync(join(ROOT, 'examples/cn-cities-demo.yaml'), 'utf8');
    const spec = demo
      .replace(/file: demo\//, `file: ${join(ROOT, 'examples/demo')}/`)
      .replace(
        /\nanalyses:[\s\S]*$/,
        '\nanalyses:\n  weights: { method: contiguity, islands: nearest, style: W }\n  spatial: { permutations: 0, local: false }\n',
      )
      .replace(/\noutputs:\n {2}language: zh\n/, '\noutputs: { language: zh, report: false, docx: false, xlsx: false, figures: none }\n');
    expect(spec).toContain('figures: none');
    writeFileSync(join(dir, 'cities.yaml'), spec);
    const r = await methods(join(dir, 'cities.yaml'));

    const zh = islandsOf(r.zh, true);
    const en = islandsOf(r.en, false);
    expect([...zh.islands].sort()).toEqual([...zhNames].sort());
    expect([...en.islands].sort()).toEqual(islands.map(enOf).sort());
    expect([...zh.links].sort()).toEqual(links.map(([a, b]) => `${cityOf.get(a)}—${cityOf.get(b)}`).sort());
    expect([...en.links].sort()).toEqual(links.map(([a, b]) => `${enOf(a)}–${enOf(b)}`).sort());
    expect(r.zh).toContain('按内置城市地图中各市多边形质心间的大圆距离各与其最近的城市相连（k = 1），连接取双向（对称）');
    expect(r.zh).toContain('克拉玛依由乌鲁木齐的连接获得邻居，不再另行连接');
    expect(r.en).toContain('Karamay gets its neighbour from the link of Urumqi and was not linked again');
    // spatial_islands.csv: one row per island, the links' great-circle lengths as the haversine on sf's centroids
    const rows = r.rows.slice(1);
    expect(rows.map((x) => x[0]).sort()).toEqual([...zhNames].sort());
    for (const [a, b, d] of links) {
      const row = rows.find((x) => x[0] === cityOf.get(a))!;
      expect([row[1], row[3], row[4], row[5]]).toEqual([cityOf.get(b), 'greatcircle', 'nearest', 'both']);
      expect(Math.abs(Number(row[2]) - d) / d).toBeLessThan(1e-9);
    }
  }, 180_000);
});

describe('the basis of the nearest unit in the sentence', () => {
  /** A methods writer over one spatial_islands table built from `W.linked`. */
  const writer = (zh: boolean, analyses: Record<string, unknown>, linked: NonNullable<ReturnType<typeof weightsFromPairs>['linked']>, registry?: string) => {
    const t = SPATIAL_ISLANDS.build(
      linked.map((l) => ({
        unit: l.unit,
        linked_to: l.to,
        distance: l.distance,
        metric: l.metric,
        link: l.reverse ? 'reverse' : 'nearest',
        direction: l.mutual ? 'both' : 'one',
      })),
    );
    const reg = registry === 'cn-provinces' ? UnitRegistry.provinces() : undefined;
    return {
      zh,
      t: (a: string, b: string) => (zh ? a : b),
      list: (xs: string[]) => (zh ? xs.join('、') : xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs.join('')),
      name: (c: string) => c,
      analyses,
      registry,
      unit: (u: string) => {
        const r = reg?.lookup(u);
        return r ? (zh ? r.attributes.zh : r.attributes.en) : u;
      },
      table: (n: string) => (n === t.name ? t : undefined),
    } as unknown as MethodsWriter;
  };

  it('provinces: Hainan without its conventional link, linked to the nearest capital (Nanning: Guangxi, ≈ 372 km by hand)', () => {
    const units = ['广东', '广西', '海南', '湖南'];
    const W = weightsProvinceContiguity(units, ['440000', '450000', '460000', '430000'], { hainan: 'none', islands: 'nearest' });
    expect(W.linked?.map((l) => [l.unit, l.to, l.metric, l.mutual])).toEqual([['海南', '广西', 'greatcircle', true]]);
    const ws = { weights: { method: 'contiguity', hainan: 'none', islands: 'nearest' } };
    const zh = spatialWeightsText(writer(true, ws, W.linked!, 'cn-provinces'));
    const en = spatialWeightsText(writer(false, ws, W.linked!, 'cn-provinces'));
    expect(zh).toContain('在上述权重下有 1 个省份没有邻居（海南），按省会城市间的大圆距离各与其最近的省份相连（k = 1），连接取双向（对称）：海南—广西（');
    expect(en).toContain(
      'Under these weights 1 province had no neighbours (Hainan); it was linked to its nearest province (k = 1) by the great-circle distance',
    );
    expect(en).toContain('between the provincial capitals, both ways');
    // by hand, Haikou (110.3°E, 20.0°N) to Nanning (108.4°E, 22.8°N): Δy = 2.8° ≈ 311 km, Δx = 1.9° · cos 21.4° ≈ 197 km,
    // ≈ 368 km (Guangzhou, 113.3°E 23.1°N: ≈ 458 km)
    const d = Number(/Hainan–Guangxi \((\d+\.\d) km\)\./.exec(en)![1]);
    expect(Math.abs(d - 368)).toBeLessThan(15);
  });

  it('given coordinates and one-way links: the coordinate columns and the direction are stated', () => {
    const units = ['A', 'B', 'C', 'D', 'E'];
    const xy = Float64Array.of(0, 0, 1, 0, 2, 0, 3, 0, 3.5, 2);
    const W = weightsFromPairs(
      units,
      [
        ['A', 'B'],
        ['B', 'C'],
        ['C', 'D'],
      ],
      { islands: 'nearest', coordinates: xy, symmetric: false },
    );
    const ws = { weights: { file: 'pairs.csv', coordinates: ['x', 'y'], islands: 'nearest' } };
    expect(spatialWeightsText(writer(true, ws, W.linked!))).toContain(
      '在上述权重下有 2 个单元没有邻居（D、E），按各单元坐标（x、y）间的欧氏距离各与其最近的单元相连（k = 1），连接为单向（仅由该单元指向最近单元）：D → C（1）、E → D（2.1）。',
    );
    expect(spatialWeightsText(writer(false, ws, W.linked!))).toContain(
      "Under these weights 2 units had no neighbours (D and E); each was linked to its nearest unit (k = 1) by the Euclidean distance between the units' " +
        'coordinates (x, y), one way (from the unit to its nearest only): D → C (1) and E → D (2.1).',
    );
  });
});

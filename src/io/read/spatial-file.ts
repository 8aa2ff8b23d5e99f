/**
 * Readers for spatial weights files: neighbour pairs (CSV/TSV/XLSX, e.g. `province,neighbor`),
 * GAL (GeoDa/spdep), GeoJSON polygons (queen/rook contiguity) and full n×n matrices
 * (CSV/TSV/XLSX with unit names in the first column and the header). Text encodings are
 * detected as for data files (`decodeText`: UTF-8 with/without BOM, GBK/GB18030, UTF-16).
 * Errors carry the file (and row where it helps).
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fail, NqpfError } from '../../core/errors.js';
import type { SpatialWeights } from '../../analysis/spatial/types.js';
import {
  alignCoordinates,
  failUnknownUnits,
  reorder,
  weightsFromGal,
  weightsFromMatrix,
  weightsFromPairs,
  type WeightsOptions,
} from '../../analysis/spatial/weights.js';
import { weightsFromGeoJSON, type GeoJSONWeightsOptions } from '../../analysis/spatial/geo.js';
import { parseNumericCell, type Cell } from './cells.js';
import { parseCsv, detectDelimiter } from './csv.js';
import { decodeText } from './encoding.js';
import { readTable, type Table } from './table.js';

/** File formats {@link readSpatialWeights} understands. */
export type SpatialFileFormat = 'pairs' | 'gal' | 'geojson' | 'matrix';

/** Options of the readers (shared weights options plus format-specific ones). */
export interface SpatialFileOptions extends WeightsOptions {
  /** Unit order of the result (the data order). Default: as the file lists them. */
  units?: string[];
  /** Force the format (default: by extension — .gal, .geojson/.json; CSV/XLSX: pairs when two columns, else matrix). */
  format?: SpatialFileFormat;
  /** Pairs: the two columns holding unit and neighbour (default: the first two). */
  columns?: [string, string];
  /** Pairs: links go both ways (default true). */
  symmetric?: boolean;
  /** GAL: ids are unit names (default) or 1-based positions in `units`. */
  ids?: 'names' | 'positions';
  /** GeoJSON: queen (default) or rook contiguity. */
  contiguity?: 'queen' | 'rook';
  /** GeoJSON: property holding the unit name. */
  idProperty?: string;
  /** GeoJSON: relative vertex tolerance (default 1e-9). */
  tolerance?: number;
  /** XLSX: worksheet to read. */
  sheet?: string;
}

async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      fail('E_FILE_NOT_FOUND', `spatial weights file not found: ${resolve(path)}`, {
        location: { file: path },
        hint: 'check the name and extension; relative paths are resolved from the current directory',
      });
    }
    fail('E_FILE_READ', `cannot read ${resolve(path)}: ${err.message}`, { location: { file: path } });
  }
  return decodeText(bytes, path).text;
}

/** Re-throw an NqpfError from a builder with the file added to its location. */
function withFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NqpfError && !e.location?.file) {
      throw new NqpfError(e.code, `${file}: ${e.message}`, { location: { ...e.location, file }, hint: e.hint, data: e.data });
    }
    throw e;
  }
}

function cellText(c: Cell): string {
  return c === null || c === undefined ? '' : String(c).trim();
}

/**
 * Neighbour pairs file, e.g. `adjacency.csv` with header `province,neighbor`: one undirected
 * pair per row (directed with `symmetric: false`). Names not among `opts.units` fail with
 * `E_UNKNOWN_UNITS` naming the file and the row of the first one, with suggestions; empty
 * cells fail naming the row. Default unit order: first appearance in the file (units only in
 * the data and in no pair need `opts.units`, and are then islands).
 */
export async function readAdjacencyPairs(path: string, opts: SpatialFileOptions = {}): Promise<SpatialWeights> {
  const t = await readTable(path, { sheet: opts.sheet });
  return pairsFromTable(t, opts);
}

function pairsFromTable(t: Table, opts: SpatialFileOptions): SpatialWeights {
  const file = t.file;
  let ca = 0;
  let cb = 1;
  if (opts.columns) {
    ca = t.header.indexOf(opts.columns[0]);
    cb = t.header.indexOf(opts.columns[1]);
    const miss = opts.columns.filter((_c, k) => (k === 0 ? ca : cb) < 0);
    if (miss.length) {
      fail('E_COLUMN_NOT_FOUND', `${file}: no column ${miss.map((c) => `"${c}"`).join(', ')} (columns: ${t.header.join(', ')})`, {
        location: { file },
        hint: 'set columns to the names of the unit and neighbour columns',
      });
    }
  } else if (t.header.length < 2) {
    fail('E_FILE_FORMAT', `${file}: a neighbour pairs file needs two columns (unit, neighbour), found ${t.header.length}`, {
      location: { file },
      hint: 'header example: province,neighbor',
    });
  }
  const pairs: [string, string][] = [];
  const firstRow = new Map<string, number>();
  t.rows.forEach((r, k) => {
    const a = cellText(r[ca]);
    const b = cellText(r[cb]);
    const row = t.rowNumbers[k];
    if (a === '' || b === '') {
      fail('E_BAD_INPUT', `${file}: row ${row} has an empty unit or neighbour`, {
        location: { file, row, column: t.header[a === '' ? ca : cb] },
        hint: 'every row must name two units',
      });
    }
    for (const u of [a, b]) if (!firstRow.has(u)) firstRow.set(u, row);
    pairs.push([a, b]);
  });
  const units = opts.units ?? [...firstRow.keys()];
  if (opts.units) {
    const known = new Set(units);
    const unknown = [...firstRow.keys()].filter((u) => !known.has(u));
    if (unknown.length) {
      const row = Math.min(...unknown.map((u) => firstRow.get(u)!));
      try {
        failUnknownUnits(`${file}`, unknown, units, opts.path, file);
      } catch (e) {
        if (e instanceof NqpfError) throw new NqpfError(e.code, e.message, { location: { file, row }, hint: e.hint, data: e.data });
        throw e;
      }
    }
  }
  return withFile(file, () => weightsFromPairs(units, pairs, { ...opts, symmetric: opts.symmetric ?? true }));
}

/** GAL file (see `weightsFromGal`); `opts.units` fixes the unit order, `opts.ids` how ids are read. */
export async function readGalFile(path: string, opts: SpatialFileOptions = {}): Promise<SpatialWeights> {
  const text = await readText(path);
  return weightsFromGal(text, opts.units, { ...opts, file: path });
}

/** GeoJSON FeatureCollection of polygons → contiguity weights (see `weightsFromGeoJSON`). */
export async function readGeoJSONFile(path: string, opts: SpatialFileOptions = {}): Promise<SpatialWeights> {
  const text = await readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail('E_FILE_FORMAT', `${path} is not valid JSON: ${(e as Error).message}`, {
      location: { file: path },
      hint: 'export the boundaries as GeoJSON (RFC 7946)',
    });
  }
  const gopts: GeoJSONWeightsOptions = { ...opts };
  return withFile(path, () => weightsFromGeoJSON(json as Parameters<typeof weightsFromGeoJSON>[0], gopts));
}

/**
 * Full n×n weights matrix: the header lists the units (after a first, label cell which may be
 * empty in CSV), each row starts with a unit name followed by its n weights. Row and column
 * names must be the same set (rows may be in another order; they are matched by name). Empty
 * cells are refused (use 0 for "not a neighbour"); see `weightsFromMatrix` for the value rules.
 */
export async function readWeightsMatrixFile(path: string, opts: SpatialFileOptions = {}): Promise<SpatialWeights> {
  const ext = extname(path).toLowerCase();
  let t: Table;
  if (ext === '.xlsx') {
    t = await readTable(path, { sheet: opts.sheet });
  } else {
    let text = await readText(path);
    const d = detectDelimiter(text);
    if (text.startsWith(d)) text = `unit${text}`; // empty top-left cell
    const csv = parseCsv(text, path);
    t = { file: path, header: csv.header, rows: csv.rows, rowNumbers: csv.rowNumbers, encoding: '', sha256: '' };
  }
  return matrixFromTable(t, opts);
}

function matrixFromTable(t: Table, opts: SpatialFileOptions): SpatialWeights {
  const file = t.file;
  const cols = t.header.slice(1);
  const n = cols.length;
  if (n < 2) fail('E_FILE_FORMAT', `${file}: a weights matrix needs a header with the unit names`, { location: { file, row: 1 } });
  if (t.rows.length !== n) {
    fail('E_FILE_FORMAT', `${file}: the header names ${n} units but there are ${t.rows.length} rows`, {
      location: { file },
      hint: 'the matrix must be square: one row per unit, in any order',
    });
  }
  const colPos = new Map(cols.map((c, j) => [c, j]));
  const rows: Float64Array[] = new Array(n);
  const unknown: string[] = [];
  t.rows.forEach((r, k) => {
    const name = cellText(r[0]);
    const row = t.rowNumbers[k];
    const j = colPos.get(name);
    if (j === undefined) {
      unknown.push(name);
      return;
    }
    if (rows[j]) fail('E_DUPLICATE_ROWS', `${file}: two rows for unit "${name}"`, { location: { file, row } });
    const v = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      const x = parseNumericCell(r[c + 1] ?? null, { file, row, column: cols[c] });
      if (x !== x)
        fail('E_BAD_INPUT', `${file}: empty weight for (${name}, ${cols[c]})`, {
          location: { file, row, column: cols[c] },
          hint: 'write 0 for "not a neighbour"',
        });
      v[c] = x;
    }
    rows[j] = v;
  });
  if (unknown.length) failUnknownUnits(`${file} (row names)`, unknown, cols, opts.path, file);
  // Coordinates follow `opts.units`; the matrix builds W in its header order first.
  const coordinates =
    opts.coordinates && opts.units && opts.islands === 'nearest'
      ? withFile(file, () => alignCoordinates(opts.coordinates!, opts.units!, cols, opts.path))
      : opts.coordinates;
  const W = withFile(file, () => weightsFromMatrix(cols, rows, { ...opts, coordinates }));
  return opts.units ? withFile(file, () => reorder(W, opts.units!, opts.path)) : W;
}

/**
 * Read spatial weights from a file, choosing the reader by `opts.format` or the extension:
 * `.gal` → GAL, `.geojson`/`.json` → GeoJSON, `.csv`/`.tsv`/`.txt`/`.xlsx` → neighbour pairs when
 * the table has two columns, else a full matrix. With `opts.units` the result follows that order.
 *
 * @example await readSpatialWeights('adjacency.csv', { units: panel.units, style: 'W' })
 */
export async function readSpatialWeights(path: string, opts: SpatialFileOptions = {}): Promise<SpatialWeights> {
  const ext = extname(path).toLowerCase();
  let format = opts.format;
  if (format !== undefined && !['pairs', 'gal', 'geojson', 'matrix'].includes(format)) {
    fail('E_BAD_OPTION', `invalid spatial weights format: "${String(format)}" (known: pairs, gal, geojson, matrix)`, {
      location: opts.path ? { path: `${opts.path}.format` } : undefined,
    });
  }
  if (!format) {
    if (ext === '.gal') format = 'gal';
    else if (ext === '.geojson' || ext === '.json') format = 'geojson';
    else if (['.csv', '.tsv', '.txt', '.xlsx'].includes(ext)) format = undefined;
    else {
      fail('E_FILE_FORMAT', `${path}: cannot tell the spatial weights format from "${ext || '(no extension)'}"`, {
        location: { file: path },
        hint: 'use .csv/.xlsx (pairs or matrix), .gal or .geojson, or set format',
      });
    }
  }
  if (format === 'gal') return readGalFile(path, opts);
  if (format === 'geojson') return readGeoJSONFile(path, opts);
  if (format === 'matrix') return readWeightsMatrixFile(path, opts);
  if (format === 'pairs') return readAdjacencyPairs(path, opts);
  // Tabular, format by shape: two columns = pairs, else matrix.
  if (ext === '.xlsx') {
    const t = await readTable(path, { sheet: opts.sheet });
    return t.header.length === 2 ? pairsFromTable(t, opts) : matrixFromTable(t, opts);
  }
  const text = await readText(path);
  const d = detectDelimiter(text);
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0];
  return firstLine.split(d).length === 2 ? readAdjacencyPairs(path, opts) : readWeightsMatrixFile(path, opts);
}

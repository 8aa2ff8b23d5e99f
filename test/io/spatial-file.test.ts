import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs, weightsSummary, type SpatialWeights } from '../../src/analysis/spatial/weights.js';
import { readAdjacencyPairs, readGalFile, readGeoJSONFile, readSpatialWeights, readWeightsMatrixFile } from '../../src/io/read/spatial-file.js';
import { writeXlsx } from '../../src/io/write/xlsx-write.js';
import { catchNqpfAsync } from './catch-nqpf.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'nqpf-spatial-'));
const put = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

function dense(W: SpatialWeights): number[][] {
  const n = W.units.length;
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) M[i][W.indices[k]] = W.weights[k];
  return M;
}

describe.skipIf(!sharedAvailable)('readAdjacencyPairs on adjacency.csv', () => {
  const file = sharedPath('data/cn-scitech/adjacency.csv');
  const regions = sharedAvailable
    ? parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/regions.csv'), 'utf8').replace(/^\uFEFF/, ''))
        .slice(1)
        .filter((r) => r[0])
    : [];
  const units = regions.map((r) => r[0]);

  it('readAdjacencyPairs(file, {units}) gives 31 units, 138 links, no islands, the data order', async () => {
    const W = await readAdjacencyPairs(file, { units, style: 'B' });
    expect(W.units).toEqual(units);
    const s = weightsSummary(W);
    expect(s).toMatchObject({ n: 31, links: 138, islands: [], asymmetric: false });
    const rows = parseCsvSimple(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
      .slice(1)
      .filter((r) => r.length === 2 && r[0]);
    expect(dense(W)).toEqual(
      dense(
        weightsFromPairs(
          units,
          rows.map((r) => [r[0], r[1]] as [string, string]),
          { style: 'B' },
        ),
      ),
    );
  });

  it('readSpatialWeights detects a two-column CSV as pairs; default order is first appearance', async () => {
    const W = await readSpatialWeights(file);
    expect(W.units).toHaveLength(31);
    expect(W.units[0]).toBe('北京');
    expect(W.style).toBe('W');
  });
});

describe('neighbour pairs files', () => {
  it('reads a GBK file and names an unknown province with file, row and a suggestion', async () => {
    const p = put('adj-gbk.csv', iconv.encode('province,neighbor\n北京,天津\n天津,河北\n内蒙占,河北\n', 'gbk'));
    const e = await catchNqpfAsync(() => readAdjacencyPairs(p, { units: ['北京', '天津', '河北', '内蒙古'] }));
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    expect(e.location).toMatchObject({ file: p, row: 4 });
    expect(e.message).toContain('内蒙占');
    expect(e.hint).toContain('内蒙古');
    const ok = await readAdjacencyPairs(p, { style: 'B' });
    expect(ok.units).toEqual(['北京', '天津', '河北', '内蒙占']);
  });

  it('an empty neighbour cell fails naming the row; named columns are honoured', async () => {
    const p = put('adj-empty.csv', 'from,to\nA,B\nB,\n');
    const e = await catchNqpfAsync(() => readAdjacencyPairs(p));
    expect(e.location).toMatchObject({ file: p, row: 3, column: 'to' });
    const q = put('adj-cols.csv', 'note,to,from\nx,B,A\ny,C,B\n');
    const W = await readAdjacencyPairs(q, { columns: ['from', 'to'], style: 'B' });
    expect(W.units).toEqual(['A', 'B', 'C']);
    expect(weightsSummary(W).links).toBe(4);
    expect((await catchNqpfAsync(() => readAdjacencyPairs(q, { columns: ['from', 'too'] }))).code).toBe('E_COLUMN_NOT_FOUND');
  });

  it('reads pairs from an XLSX workbook', async () => {
    const p = join(dir, 'adj.xlsx');
    await writeXlsx(p, [
      {
        name: 'pairs',
        header: ['unit', 'neighbour'],
        rows: [
          ['A', 'B'],
          ['B', 'C'],
          ['C', 'D'],
        ],
      },
    ]);
    const W = await readSpatialWeights(p, { style: 'B' });
    expect(W.units).toEqual(['A', 'B', 'C', 'D']);
    expect(weightsSummary(W).links).toBe(6);
  });
});

describe('GAL files', () => {
  it('readGalFile reads a GeoDa GAL in the requested unit order', async () => {
    const p = put('w.gal', '0 3 shp NAME\r\nA 1\r\nB\r\nB 2\r\nA C\r\nC 1\r\nB\r\n');
    const W = await readGalFile(p, { units: ['C', 'B', 'A'], style: 'B' });
    expect(W.units).toEqual(['C', 'B', 'A']);
    expect(dense(W)).toEqual([
      [0, 1, 0],
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect((await readSpatialWeights(p)).units).toEqual(['A', 'B', 'C']);
  });

  it('a missing GAL file is E_FILE_NOT_FOUND; a bad record names file and line', async () => {
    expect((await catchNqpfAsync(() => readGalFile(join(dir, 'none.gal')))).code).toBe('E_FILE_NOT_FOUND');
    const p = put('bad.gal', '2\nA 1\nB C\nB 1\nA\n');
    const e = await catchNqpfAsync(() => readGalFile(p));
    expect(e.location).toMatchObject({ file: p, row: 3 });
  });
});

describe('GeoJSON files', () => {
  // Two unit squares side by side and one touching only at a corner.
  const fc = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: 'L' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
              [0, 0],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { name: 'R' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [1, 0],
              [2, 0],
              [2, 1],
              [1, 1],
              [1, 0],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { name: 'K' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [2, 1],
              [3, 1],
              [3, 2],
              [2, 2],
              [2, 1],
            ],
          ],
        },
      },
    ],
  };

  it('readGeoJSONFile: queen links the corner-touching square, rook does not', async () => {
    const p = put('sq.geojson', JSON.stringify(fc));
    const Q = await readGeoJSONFile(p, { style: 'B' });
    expect(dense(Q)).toEqual([
      [0, 1, 0],
      [1, 0, 1],
      [0, 1, 0],
    ]);
    const e = await catchNqpfAsync(() => readSpatialWeights(p, { contiguity: 'rook' }));
    expect(e.code).toBe('E_ISLANDS');
    expect(e.message).toContain('K');
    expect(e.location?.file).toBe(p);
    const R = await readSpatialWeights(p, { contiguity: 'rook', islands: 'keep', units: ['K', 'R', 'L'] });
    expect(R.units).toEqual(['K', 'R', 'L']);
    expect(R.islands).toEqual(['K']);
  });

  it('islands: "nearest" with coordinates in data order links the island to the unit nearest by name, not by feature position', async () => {
    const p = put('sq2.geojson', JSON.stringify(fc));
    // features L, R, K; the data order is K, L, R. K is nearest L; read in feature order the same numbers would put K nearest R.
    const W = await readSpatialWeights(p, {
      contiguity: 'rook',
      islands: 'nearest',
      units: ['K', 'L', 'R'],
      coordinates: Float64Array.of(0, 0, 1, 0, 5, 0),
      style: 'B',
    });
    expect(W.units).toEqual(['K', 'L', 'R']);
    expect(dense(W)).toEqual([
      [0, 1, 0],
      [1, 0, 1],
      [0, 1, 0],
    ]);
  });

  it('invalid JSON is E_FILE_FORMAT naming the file', async () => {
    const p = put('bad.geojson', '{"type": "FeatureCollection", ');
    const e = await catchNqpfAsync(() => readGeoJSONFile(p));
    expect(e.code).toBe('E_FILE_FORMAT');
    expect(e.location?.file).toBe(p);
  });
});

describe('full matrix files', () => {
  it('islands: "nearest" with coordinates in data order links an all-zero row to the unit nearest by name', async () => {
    const p = put('island.csv', ',a,b,c\na,0,1,0\nb,1,0,0\nc,0,0,0\n');
    // data order c, a, b with c nearest b; in header order (a, b, c) the same numbers would put c nearest a
    const W = await readSpatialWeights(p, {
      format: 'matrix',
      islands: 'nearest',
      units: ['c', 'a', 'b'],
      coordinates: Float64Array.of(0, 0, 5, 0, 1, 0),
      style: 'B',
    });
    expect(W.units).toEqual(['c', 'a', 'b']);
    expect(dense(W)).toEqual([
      [0, 0, 1],
      [0, 0, 1],
      [1, 1, 0],
    ]);
  });
  it('reads a CSV matrix with an empty top-left cell and rows in another order', async () => {
    const p = put('m.csv', ',a,b,c\nc,0,1,0\na,0,2,2\nb,1,0,3\n');
    const W = await readWeightsMatrixFile(p);
    expect(W.units).toEqual(['a', 'b', 'c']);
    expect(dense(W)).toEqual([
      [0, 0.5, 0.5],
      [0.25, 0, 0.75],
      [0, 1, 0],
    ]);
    const auto = await readSpatialWeights(p, { units: ['c', 'b', 'a'], style: 'B' });
    expect(auto.units).toEqual(['c', 'b', 'a']);
    expect(weightsSummary(auto).asymmetric).toBe(true);
  });

  it('refuses negative and empty cells and unknown row names, naming file and cell', async () => {
    const neg = put('neg.csv', 'unit,a,b\na,0,-1\nb,1,0\n');
    const e1 = await catchNqpfAsync(() => readWeightsMatrixFile(neg));
    expect(e1.message).toContain('negative');
    expect(e1.location?.file).toBe(neg);
    const empty = put('empty.csv', 'unit,a,b\na,0,\nb,1,0\n');
    const e2 = await catchNqpfAsync(() => readWeightsMatrixFile(empty));
    expect(e2.location).toMatchObject({ file: empty, row: 2, column: 'b' });
    const unk = put('unk.csv', 'unit,a,b\na,0,1\nbb,1,0\n');
    const e3 = await catchNqpfAsync(() => readWeightsMatrixFile(unk));
    expect(e3.code).toBe('E_UNKNOWN_UNITS');
    expect(e3.message).toContain('bb');
  });
});

/**
 * Reader of the generic wide ICIO layout (issue 18): three or four CSV files, each with sector
 * labels in its first column — intermediate use Z (n × n), final demand by destination (n × G·F),
 * gross output (n × 1) and optionally value added (n × 1). This is what R's `write.csv` of decompr's
 * `leather` object gives (row names in an unnamed first column, named `sector` here). Countries and
 * industries are passed in (the files of that layout do not carry them); the row labels must be
 * 1…n or `country.industry` / `country_industry` in order. Validation is the kernel's
 * ({@link icioTable}); this layer adds the file, row and column to parse errors.
 */
import { readFile } from 'node:fs/promises';
import { fail } from '../../core/errors.js';
import { type IcioTable, icioTable } from '../../lenses/gvc/table.js';
import { parseCsv } from './csv.js';
import { decodeText } from './encoding.js';

/** Where the parts of a wide ICIO table are, and its labels. */
export interface IcioCsvFiles {
  intermediate: string;
  final: string;
  output?: string;
  valueAdded?: string;
  countries: readonly string[];
  industries: readonly string[];
  /** Relative balance tolerance (default: the kernel's, 1e-6). */
  tolerance?: number;
}

interface Block {
  labels: string[];
  values: Float64Array;
  cols: number;
}

async function readBlock(file: string): Promise<Block> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ', `cannot read ${file}: ${(e as Error).message}`, { location: { file } });
  }
  let { text } = decodeText(bytes, file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // R's write.csv leaves the row-name column unnamed ("" or nothing before the first delimiter)
  if (text.startsWith('""')) text = `"sector"${text.slice(2)}`;
  else if (/^[,;\t]/.test(text)) text = `sector${text}`;
  const csv = parseCsv(text, file, { headerRow: 1 });
  const cols = csv.header.length - 1;
  if (cols < 1) fail('E_ICIO_TABLE', `${file} has no value columns`, { location: { file } });
  const values = new Float64Array(csv.rows.length * cols);
  csv.rows.forEach((row, r) => {
    for (let c = 0; c < cols; c++) {
      const s = row[c + 1].trim();
      const v = s === '' ? Number.NaN : Number(s);
      if (!Number.isFinite(v)) {
        fail('E_ICIO_TABLE', `${file}: "${s}" is not a number (row ${csv.rowNumbers[r]}, column ${csv.header[c + 1]})`, {
          location: { file, row: csv.rowNumbers[r], column: csv.header[c + 1] },
        });
      }
      values[r * cols + c] = v;
    }
  });
  return { labels: csv.rows.map((r) => r[0].trim()), values, cols };
}

function checkRows(b: Block, file: string, sectors: string[]): void {
  if (b.labels.length !== sectors.length) {
    fail('E_ICIO_TABLE', `${file} has ${b.labels.length} rows; the countries × industries need ${sectors.length}`, { location: { file } });
  }
  b.labels.forEach((l, i) => {
    const ok = l === String(i + 1) || l === sectors[i] || l === sectors[i].replace('.', '_');
    if (!ok)
      fail('E_ICIO_TABLE', `${file}: row ${i + 2} is labelled "${l}", expected "${sectors[i]}" or ${i + 1}`, { location: { file, row: i + 2, column: 1 } });
  });
}

/**
 * Read and validate a wide ICIO table from CSV files. Cost: one pass over each file, then the
 * kernel's O(n²) validation.
 * @example await readIcioCsv({ intermediate: 'z.csv', final: 'y.csv', output: 'x.csv', countries: ['ARG', 'TUR', 'DEU'], industries: ['A', 'B', 'C'] })
 */
export async function readIcioCsv(f: IcioCsvFiles): Promise<IcioTable> {
  const sectors = f.countries.flatMap((c) => f.industries.map((i) => `${c}.${i}`));
  const n = sectors.length;
  const z = await readBlock(f.intermediate);
  checkRows(z, f.intermediate, sectors);
  if (z.cols !== n) fail('E_ICIO_TABLE', `${f.intermediate} has ${z.cols} value columns, need ${n}`, { location: { file: f.intermediate } });
  const y = await readBlock(f.final);
  checkRows(y, f.final, sectors);
  const one = async (file: string | undefined, what: string) => {
    if (!file) return undefined;
    const b = await readBlock(file);
    checkRows(b, file, sectors);
    if (b.cols !== 1) fail('E_ICIO_TABLE', `${file} (${what}) has ${b.cols} value columns, need 1`, { location: { file } });
    return b.values;
  };
  const X = await one(f.output, 'output');
  const VA = await one(f.valueAdded, 'value added');
  return icioTable({ countries: f.countries, industries: f.industries, Z: z.values, Y: y.values, X, VA }, { tolerance: f.tolerance, file: f.final });
}

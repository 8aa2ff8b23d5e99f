import { readFileSync } from 'node:fs';

/** A NIST StRD univariate data set: the data and the certified values from its header. */
export interface NistUnivariate {
  name: string;
  data: Float64Array;
  mean: number;
  sd: number;
}

/**
 * Parse a NIST StRD univariate `.dat` file. The header says where the data are
 * (`Data            : lines 61 to 5060     (= 5000)`) and certifies the sample mean
 * (`... ybar:  4.53480000000000`) and standard deviation (`... s:  2.86733906028871`).
 * Written independently of src/io (plain string handling), so the reference does not trust the
 * code under test.
 */
export function readNistUnivariate(path: string, name: string): NistUnivariate {
  const lines = readFileSync(path, 'latin1').split(/\r?\n/);
  const header = lines.slice(0, 60).join('\n');
  const range = /Data\s*:\s*lines\s+(\d+)\s+to\s+(\d+)\s+\(=\s*(\d+)\)/.exec(header);
  const mean = /ybar:\s*([-+0-9.eE]+)/.exec(header);
  const sd = /\bs:\s*([-+0-9.eE]+)/.exec(header);
  if (!range || !mean || !sd) throw new Error(`${path}: not a NIST univariate file`);
  const from = Number(range[1]);
  const to = Number(range[2]);
  const values: number[] = [];
  for (let l = from; l <= to; l++) {
    for (const tok of lines[l - 1].trim().split(/\s+/)) if (tok !== '') values.push(Number(tok));
  }
  if (values.length !== Number(range[3]) || values.some((v) => !Number.isFinite(v))) {
    throw new Error(`${path}: expected ${range[3]} values, parsed ${values.length}`);
  }
  return { name, data: Float64Array.from(values), mean: Number(mean[1]), sd: Number(sd[1]) };
}

/** Log relative error: correct significant digits, −log10(|x − c| / |c|); 15 when x equals c. */
export function lre(x: number, c: number): number {
  if (x === c) return 15;
  if (c === 0) return -Math.log10(Math.abs(x));
  return -Math.log10(Math.abs(x - c) / Math.abs(c));
}

/** Exact value of num/den (BigInt) rounded to a double (within one ulp). */
function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const neg = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const shift = b.toString(2).length - a.toString(2).length + 70;
  const q = shift >= 0 ? (a << BigInt(shift)) / b : a / (b << BigInt(-shift));
  const v = Number(q) * Math.pow(2, -shift);
  return neg ? -v : v;
}

/**
 * Mean and sample sd of the data *as stored in binary* (each double taken at its exact value),
 * in exact rational arithmetic: with a_i = x_i·2^E integers, S = Σa_i, Q = Σa_i²,
 * mean = S / (n·2^E) and var = (nQ − S²) / (n(n−1)·2^{2E}). A different algorithm from the code
 * under test: it separates the kernel's rounding error from the error of converting the decimal
 * data to binary (which alone limits NumAcc3/4 to ~8–10 digits against the decimal certified sd).
 */
export function exactMeanSd(x: Float64Array): { mean: number; sd: number } {
  let e = 0;
  for (const v of x) {
    let k = 0;
    while (!Number.isInteger(v * Math.pow(2, k))) k++;
    if (k > e) e = k;
  }
  const scale = Math.pow(2, e);
  let s = 0n;
  let q = 0n;
  for (const v of x) {
    const a = BigInt(v * scale);
    s += a;
    q += a * a;
  }
  const n = BigInt(x.length);
  const pow = 1n << BigInt(e);
  const mean = ratio(s, n * pow);
  const variance = ratio(n * q - s * s, n * (n - 1n) * pow * pow);
  return { mean, sd: Math.sqrt(variance) };
}

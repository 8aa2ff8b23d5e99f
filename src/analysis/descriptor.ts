/**
 * Analysis descriptors (conventions §2, issue 11): each analysis is one folder exporting one
 * {@link AnalysisDescriptor} — its spec key, its spec section as a zod schema (defaults and
 * descriptions inside), `run(context, spec)`, the tables it writes (each declared once with
 * {@link table}), `methods(section, writer)` (its methods paragraph: choices, formulas and citations) and, optionally,
 * the paper tables it contributes to `tables.docx`. The runner, the spec's `analyses` section,
 * the "has analyses" check and the Word tables iterate the registry (`./registry.ts`).
 *
 * A table declaration fixes the table's name, file, and ordered columns with their kind, zh/en
 * headers and paper decimals. Rows are built as objects keyed by the declared columns, so a
 * renamed column is a type error wherever a row is built or read; {@link TableDecl.build} turns
 * them into the positional rows the CSV/XLSX writers take (header = column keys, in declaration
 * order). Pure: no I/O.
 */
import type { z } from 'zod';
import { fail } from '../core/errors.js';
import type { CellFormat } from '../core/number-format.js';
import type { Loose } from '../core/loose.js';
import type { Problem } from '../core/problems.js';
import type { AnalysisContext, AnalysisTable, Cell } from './context.js';

/** What a column holds: text, an integer count, a real number, or a period label (a year becomes a number). */
export type ColumnKind = 'text' | 'int' | 'num' | 'period';

export interface Column {
  readonly kind: ColumnKind;
  /** Header in a Chinese paper table / report. */
  readonly zh: string;
  /** Header in an English paper table / report. */
  readonly en: string;
  /** Decimals when shown in a paper table (CSV and XLSX always keep full precision). Default 4. */
  readonly decimals?: number;
  /** A p-value: shown as `<0.001` below 0.001, else with three decimals (core/number-format.ts). */
  readonly pValue?: boolean;
  /**
   * Display labels of coded text values (`within` → 组内 / Within), for paper tables, the report and
   * the Chinese workbook; the CSV keeps the code.
   */
  readonly values?: Readonly<Record<string, { readonly zh: string; readonly en: string }>>;
  /**
   * Labels of text that varies (notes such as `dropped: 北京, 天津`): the first pattern that
   * matches gives the label, `$1` … its groups. A note joined with `; ` is labelled part by part.
   */
  readonly patterns?: readonly { readonly re: RegExp; readonly zh: string; readonly en: string }[];
  /** Shown only in this language's tables (the zh / en twin of a label column, e.g. `class_zh`). */
  readonly lang?: 'zh' | 'en';
  /**
   * The cell names something the run knows by a code: a framework node (`node`: indicator or
   * score code), a unit (`unit`) or a unit group (`group`: e.g. the NBS region East). Paper tables
   * and the report show its name in their language (东部 / East); the CSV keeps the code.
   */
  readonly ref?: 'node' | 'unit' | 'group';
  /** Present only in some runs (e.g. a measure not asked for): {@link TableDecl.build} takes the ones to include. */
  readonly optional?: boolean;
  /** A group of columns whose headers come from the run (subsystems, indicators, break numbers): the row holds one cell per header. */
  readonly spread?: boolean;
}

export type Columns = Readonly<Record<string, Column>>;

type CellOf<C extends Column> = C['kind'] extends 'text' ? string | null : C['kind'] extends 'period' ? string | number : number | null;
/** Keys of the optional columns of `C`. */
export type OptionalKeys<C extends Columns> = { [K in keyof C]: C[K] extends { optional: true } ? K : never }[keyof C] & string;
/** Keys of the spread column groups of `C`. */
export type SpreadKeys<C extends Columns> = { [K in keyof C]: C[K] extends { spread: true } ? K : never }[keyof C] & string;
type PlainKeys<C extends Columns> = Exclude<keyof C & string, OptionalKeys<C> | SpreadKeys<C>>;

/** One row as an object: every declared column by its key (optional columns may be left out; a spread group is an array). */
export type Row<C extends Columns> = { [K in PlainKeys<C>]: CellOf<C[K]> } & { [K in OptionalKeys<C>]?: CellOf<C[K]> } & {
  [K in SpreadKeys<C>]: readonly (number | string | null)[];
};

/** A row read back from a written table: the declared (non-spread) columns by key; null when absent. */
export type ReadRow<C extends Columns> = { [K in Exclude<keyof C & string, SpreadKeys<C>>]: Cell };

/** What {@link TableDecl.build} needs besides the rows. */
export interface BuildOptions<C extends Columns> {
  /** Optional columns to include (default none). */
  include?: readonly OptionalKeys<C>[];
  /** Headers of each spread group (required when the table has one). */
  spread?: { readonly [K in SpreadKeys<C>]: readonly string[] };
}

/**
 * Whether and how the HTML report shows a table: `true` every written column; `{ columns }` those
 * columns (in that order, the ones the run wrote); `{ omit }` every written column but those.
 * Absent: not shown (the CSV and XLSX still hold it).
 */
export type ReportShow<K extends string = string> = true | { readonly columns: readonly K[] } | { readonly omit: readonly K[] };

/** What every table declaration shows of itself, whatever its columns (for loops over the registry). */
export interface TableInfo {
  readonly name: string;
  readonly file: string;
  readonly zh: string;
  readonly en: string;
  readonly columns: Columns;
  /** Shown in the HTML report (see {@link ReportShow}). */
  readonly report?: ReportShow;
  /** A coded value of column `k` in language `lang` (see {@link Column.values}, {@link Column.patterns}). */
  value(k: string, v: Cell, lang: 'zh' | 'en'): Cell;
}

/** A table declared once: name, file, ordered columns. */
export interface TableDecl<C extends Columns = Columns> {
  /** Table name: the XLSX sheet and the key the report and Word tables look it up by. */
  readonly name: string;
  /** CSV file written into the run directory. */
  readonly file: string;
  /** Caption in Chinese / English. */
  readonly zh: string;
  readonly en: string;
  readonly columns: C;
  /** Shown in the HTML report (see {@link ReportShow}); absent: files only. */
  readonly report?: ReportShow<keyof C & string>;
  /** The table of a run from its rows (objects), in the writers' positional form. Cost: O(cells). */
  build(rows: readonly Row<C>[], opts?: BuildOptions<C>): AnalysisTable;
  /** Read a written table back (header + positional rows, e.g. from its CSV): rows keyed by the declared columns. */
  read(t: { header: readonly string[]; rows: readonly (readonly Cell[])[] }): { rows: ReadRow<C>[]; has: (k: keyof C & string) => boolean };
  /** Header of column `k` in language `lang`. */
  label(k: keyof C & string, lang: 'zh' | 'en'): string;
  /** Paper decimals of column `k` (undefined: the table's default). */
  decimals(k: keyof C & string): number | undefined;
  /** Display format of column `k`: `p` for p-values, `int` / `num` by kind, `text` for text and periods. */
  format(k: keyof C & string): CellFormat;
  /** A coded value of column `k` in language `lang` (the value itself when the column declares no label for it). */
  value(k: keyof C & string, v: Cell, lang: 'zh' | 'en'): Cell;
  /**
   * The header, decimals and formats of paper-table columns `keys`, in that order — spread into a
   * {@link PaperTable} so the table shows the declared headers and number formats.
   */
  paper(keys: readonly (keyof C & string)[], lang: 'zh' | 'en'): Pick<PaperTable, 'header' | 'columnDecimals' | 'columnFormats'>;
}

/** The display format of a declared column. */
export function columnFormat(c: Column): CellFormat {
  return c.pValue ? 'p' : c.kind === 'int' ? 'int' : c.kind === 'num' ? 'num' : 'text';
}

/** Numbers as cells: NaN → null (the writers leave both empty), except in a period column. */
const cellOf = (period: boolean, v: unknown): Cell => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v !== v && !period ? null : v;
  return v as Cell;
};

/**
 * Every row's cells in header order (see {@link TableDecl.build}): a function of its own, shared by all tables, so that
 * the optimising compiler compiles this loop once with generic (megamorphic) property reads rather than each table's
 * `build` closure in turn, which it compiled again whenever a table with rows of another shape came (with --trace-opt:
 * 4-6 compiles of `build` in the city example's analyses, 100-260 ms of compiler-thread time at load ≈ 10).
 */
function rowCells(
  rows: readonly Record<string, unknown>[],
  colKey: readonly string[],
  colPeriod: readonly boolean[],
  colSpread: readonly number[],
  width: number,
  name: string,
): Cell[][] {
  const nCol = colKey.length;
  const out: Cell[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const obj = rows[r];
    const cells: Cell[] = new Array(width);
    let p = 0;
    for (let c = 0; c < nCol; c++) {
      const v = obj[colKey[c]];
      const sw = colSpread[c];
      if (sw < 0) cells[p++] = cellOf(colPeriod[c], v);
      else {
        const vs = v as readonly Cell[];
        if (vs.length !== sw) fail('E_INTERNAL', `table ${name}, row ${r + 1}: column group "${colKey[c]}" has ${vs.length} cells for ${sw} headers`);
        for (let i = 0; i < sw; i++) cells[p++] = cellOf(colPeriod[c], vs[i]);
      }
    }
    out[r] = cells;
  }
  return out;
}

/**
 * Declare a table once. `columns` is ordered: its keys are the CSV header, in that order.
 *
 * @example
 *   export const SDE = table({ name: 'sde', file: 'sde.csv', zh: '标准差椭圆', en: 'Standard deviational ellipse',
 *     columns: { score: { kind: 'text', zh: '得分', en: 'Score' }, theta: { kind: 'num', zh: '转角 θ', en: 'Rotation θ', decimals: 2 } } });
 *   SDE.build([{ score: 'Index', theta: 23.5 }]) // → { name: 'sde', file: 'sde.csv', header: ['score', 'theta'], rows: [['Index', 23.5]] }
 */
export function table<const C extends Columns>(d: {
  name: string;
  file: string;
  zh: string;
  en: string;
  columns: C;
  report?: ReportShow<keyof C & string>;
}): TableDecl<C> {
  const keys = Object.keys(d.columns) as (keyof C & string)[];
  return {
    ...d,
    build(rows, opts = {}) {
      const include = new Set<string>(opts.include ?? []);
      const spread = (opts.spread ?? {}) as Record<string, readonly string[]>;
      const used = keys.filter((k) => !d.columns[k].optional || include.has(k));
      const header: string[] = [];
      for (const k of used) {
        if (!d.columns[k].spread) header.push(k);
        else {
          const names = spread[k];
          if (!names) fail('E_INTERNAL', `table ${d.name}: the headers of column group "${k}" are missing`);
          header.push(...names);
        }
      }
      // The columns once (key, kind, spread width), then every row into a preallocated array of the header's width.
      const colPeriod = used.map((k) => d.columns[k].kind === 'period');
      const colSpread = used.map((k) => (d.columns[k].spread ? spread[k].length : -1));
      const out = rowCells(rows as readonly Record<string, unknown>[], used, colPeriod, colSpread, header.length, d.name);
      return { name: d.name, file: d.file, header, rows: out };
    },
    read(t) {
      const ix = new Map(keys.filter((k) => !d.columns[k].spread).map((k) => [k, t.header.indexOf(k)]));
      const rows = t.rows.map((r) => {
        const o: Record<string, Cell> = {};
        for (const [k, j] of ix) o[k] = j < 0 ? null : (r[j] ?? null);
        return o as ReadRow<C>;
      });
      return { rows, has: (k) => t.header.includes(k) };
    },
    label: (k, lang) => d.columns[k][lang],
    decimals: (k) => d.columns[k].decimals,
    format: (k) => columnFormat(d.columns[k]),
    value(k, v, lang) {
      const col = d.columns[k];
      if (typeof v !== 'string' || (!col.values && !col.patterns)) return v;
      const one = (x: string): string => {
        if (col.values && Object.hasOwn(col.values, x)) return col.values[x][lang];
        for (const p of col.patterns ?? []) {
          const m = p.re.exec(x);
          if (m) return p[lang].replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
        }
        return x;
      };
      const whole = one(v);
      if (whole !== v || !v.includes('; ')) return whole;
      return v
        .split('; ')
        .map(one)
        .join(lang === 'zh' ? '；' : '; ');
    },
    paper(ks, lang) {
      return {
        header: ks.map((k) => d.columns[k][lang]),
        columnDecimals: ks.map((k) => d.columns[k].decimals),
        columnFormats: ks.map((k) => columnFormat(d.columns[k])),
      };
    },
  };
}

/** A table for a paper (three-line table in `tables.docx`). */
export interface PaperTable {
  /** Caption without its number ("表 n" / "Table n." is prepended). */
  caption: string;
  header: string[];
  rows: Cell[][];
  /** Lines under the table (units, sources, method). The star legend is added automatically. */
  notes?: string[];
  /** Append significance stars to `column` from the p-values in `pColumn` (both header names). */
  stars?: { column: string; pColumn: string };
  /** Decimals of non-integer numbers. Default 4. */
  decimals?: number;
  /** Decimals per header column (e.g. from the columns' declared `decimals`); `decimals` where undefined. */
  columnDecimals?: (number | undefined)[];
  /**
   * Number format per header column (core/number-format.ts: `int`, `num`, `p`, `text`); where
   * undefined, the star p-column is `p` and any other column is `num` when it holds a non-integer
   * (so its integers get the decimals too), else integers as integers.
   */
  columnFormats?: (CellFormat | undefined)[];
}

/** What an analysis sees of a finished run when it writes its paper tables. */
export interface PaperContext {
  lang: 'zh' | 'en';
  zh: boolean;
  /** A written table by name (header + positional rows). */
  table(name: string): { header: string[]; rows: Cell[][] } | undefined;
  /** Display name of a framework code in the language (the code itself when unknown). */
  name(code: string): string;
  /** Display name of what a {@link Column.ref} column holds: a node's name, a unit's or a group's name in the language. */
  ref(kind: 'node' | 'unit' | 'group', code: Cell): Cell;
  /** A period label for a caption: `2023 年` / `2023`. */
  period(p: Cell): string;
}

/**
 * Cells of a declared table for a paper: coded values by the column's `values` labels, and
 * `ref` columns by name, in the context's language. Numbers are left to the table's formats.
 */
export function paperCell<C extends Columns>(c: PaperContext, d: TableDecl<C>, k: keyof C & string, v: Cell): Cell {
  const col = d.columns[k];
  const labelled = d.value(k, v, c.lang);
  if (labelled !== v || !col.ref || v === null || v === '') return labelled;
  return c.ref(col.ref, v);
}

/** The latest period among `periods` (numeric labels by value, others the last one), or undefined. */
export function latestPeriod(periods: readonly Cell[]): Cell | undefined {
  const ps = periods.filter((p) => p !== null && p !== '');
  if (!ps.length) return undefined;
  if (ps.every((p) => /^-?\d+(\.\d+)?$/.test(String(p)))) return ps.reduce((a, x) => (Number(x) > Number(a) ? x : a));
  return ps[ps.length - 1];
}

/** Join display names in the language: 北京、天津 / Beijing, Tianjin. */
export function listOf(c: { zh: boolean }, names: readonly string[]): string {
  return names.join(c.zh ? '、' : ', ');
}

/**
 * What an analysis writes its methods paragraph with: the report's methods writer (report/
 * methods-text.ts), which knows the language, the framework's names, the bibliography
 * (report/references.ts, by key) and the run's tables.
 */
export interface MethodsWriter {
  readonly zh: boolean;
  /** zh or en text. */
  t(zh: string, en: string): string;
  /** Parenthetical author–year citation of reference keys. */
  cite(...keys: string[]): string;
  /** Narrative citation: "Saltelli 等（2010）" / "Saltelli et al. (2010)". */
  citeN(key: string): string;
  /** A list in running text (、 / "a, b and c"). */
  list(items: string[]): string;
  /** Display name of a framework code. */
  name(code: string): string;
  /** Quoted display name of a framework code. */
  q(code: string): string;
  /** English: "the <name>" for a framework node, the bare code otherwise. */
  the(code: string): string;
  /** Score codes as a Chinese sentence names them (quoted names of framework codes). */
  scoreLabel(codes: string[]): string;
  /** The scores a section names (its `scores`, else the analyses' default score). */
  scoresOf(section: Loose): string[];
  /** The analyses' default score (`analyses.score`, else the root). */
  readonly defaultScore: string;
  /**
   * How units are grouped ("按国家统计局…四大区域（4 组）分组" / "grouped into the NBS … regions (4 groups)"): by
   * analyses.group (else units.group), or by unit attribute `attr` (a section's own grouping).
   */
  groupText(attr?: string): string;
  /** The recorded `analyses` section (e.g. its `weights`). */
  readonly analyses: Loose;
  /** The recorded `units.registry` (cn-provinces, cn-cities), if any: built-in weights are described by it. */
  readonly registry?: string;
  /** A unit of the data by name in the writer's language (the registry's English name in English text), if known. */
  unit?(name: string): string;
  /** The run's period labels. */
  periods(): string[];
  /** Whether the run wrote table `name`; its header and rows. */
  has(name: string): boolean;
  table(name: string): { header: string[]; rows: Cell[][] } | undefined;
}

/** A methods paragraph: its heading and sentences, in the writer's language. */
export interface MethodsParagraph {
  heading: string;
  sentences: string[];
}

/**
 * One analysis. `S` is its spec section's zod schema; the section runs when present in
 * `analyses`. `run` returns the tables of the run (built from `tables`); errors without a spec
 * path get `analyses.<key>` from the runner.
 */
export interface AnalysisDescriptor<Key extends string = string, S extends z.ZodType = z.ZodType> {
  readonly key: Key;
  /** Heading of the analysis's section in the report and the methods text. */
  readonly title: { readonly zh: string; readonly en: string };
  /** The section's spec (strict object; defaults and descriptions inside). */
  readonly spec: S;
  /** Every table the analysis can write. */
  readonly tables: readonly TableInfo[];
  run(ctx: AnalysisContext, spec: z.output<S>): AnalysisTable[];
  /**
   * The methods paragraph for the section as recorded in run.json (`sec`, loosely typed: a run
   * directory may come from an older nqpf), written when the run wrote any of `tables`.
   */
  methods(sec: Loose, w: MethodsWriter): MethodsParagraph;
  /** Tables for `tables.docx` from the written run (none when the analysis has no paper table). */
  paperTables?(c: PaperContext): PaperTable[];
  /**
   * What a resolved section needs besides its scores: unit groups (`analyses.group` or
   * `units.group`; or the section's own grouping attributes, each with its spec path, e.g.
   * `analyses.inequality.groups`) or spatial weights (`analyses.weights`). Checked before a run
   * (`app/check-project.ts`, shared by `nqpf validate` and `nqpf run`); `run` asks the same
   * function, so the check and the run cannot disagree. Absent: neither. Score codes need no
   * declaration: the fields `score`, `scores`, `subsystems` and `covariates` of every section are
   * checked against the framework codes and alternative scores.
   */
  requires?(spec: z.output<S>): { groups?: boolean | readonly { attr: string; path: string }[]; weights?: boolean };
  /**
   * Names the section may read from the data file besides the framework's columns (e.g. the
   * variables of model formulas). The reader keeps those present in the data (names that are not
   * data columns may be scores of the run); the section gets them as `ctx.data`.
   */
  dataColumns?(spec: z.output<S>): string[];
  /**
   * Problems of the section found before a run (`nqpf validate`, `app/check-project.ts`), each with
   * its spec path: what the section names that neither the run's scores (`scores`: the framework's
   * aggregates — index and dimensions — and alternative scores; `indicators`: its indicator codes)
   * nor the data's columns (`data`: every column read) provide, settings that contradict each other.
   * Absent: only the common checks (score fields, groups, weights).
   */
  check?(spec: z.output<S>, known: { readonly scores: readonly string[]; readonly indicators: readonly string[]; readonly data: readonly string[] }): Problem[];
  /** Text files the analysis writes beside its tables, from its tables (e.g. the LaTeX regression table). */
  files?(tables: readonly AnalysisTable[], lang: 'zh' | 'en'): { file: string; text: string }[];
  /**
   * Score columns the analysis adds for the other analyses (the efficiency lens's DEA scores): `names` from the
   * section, known before a run (`nqpf validate` accepts them wherever a score is named: `analyses.score`, a
   * section's `scores`, model formulas); `values` from the analysis's own tables, one column per name in the
   * scores panel's layout (period-major: `t × units + u`; NaN where there is no value). The runner runs such
   * analyses first and adds their columns to `ctx.scores` before the others run.
   */
  addsScores?: {
    names(spec: z.output<S>): string[];
    values(tables: readonly AnalysisTable[], ctx: AnalysisContext, spec: z.output<S>): Map<string, Float64Array>;
  };
}

/** Declare an analysis (keeps its key and spec types for the registry). */
export function analysis<const Key extends string, S extends z.ZodType>(d: AnalysisDescriptor<Key, S>): AnalysisDescriptor<Key, S> {
  return d;
}

// ---------------------------------------------------------------------------- paper helpers

/** zh or en text by the context's language. */
export const L = (c: { zh: boolean }, zh: string, en: string): string => (c.zh ? zh : en);

/** Join caption parts, with a space where a Latin letter or digit meets a CJK character ("2022 年 Index_topsis 得分"). */
export function cat(...parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (!p) continue;
    const a = out.slice(-1);
    const b = p[0];
    const latin = (ch: string): boolean => /[A-Za-z0-9_')]/.test(ch);
    const cjk = (ch: string): boolean => /[\u4e00-\u9fff]/.test(ch);
    out += out && ((latin(a) && cjk(b)) || (cjk(a) && latin(b))) ? ` ${p}` : p;
  }
  return out;
}

/** True when the rows hold more than one score (a Score column is then shown). */
export function manyScores(rows: readonly { score: Cell }[]): boolean {
  return new Set(rows.map((r) => String(r.score))).size > 1;
}

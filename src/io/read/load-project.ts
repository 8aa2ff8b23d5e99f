/**
 * Load a project from its spec file: spec → framework → unit list → data panel → resolved log.
 * All file reading happens here; the engine below receives plain values.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { fail, nearest, NqpfError, type Location } from '../../core/errors.js';
import { applyNodeOverrides, buildFramework, type Framework } from '../../core/framework.js';
import type { FrameworkNodeSpec } from '../../core/framework-types.js';
import type { Warning } from '../../core/logger.js';
import type { Panel } from '../../core/panel.js';
import { throwProblems, type Problem } from '../../core/problems.js';
import { UnitRegistry, matchUnits, resolveUnits, unknownUnitsHint } from '../../core/units/registry.js';
import { getBuiltinFramework } from '../../frameworks/index.js';
import { presentAnalyses } from '../../analysis/registry.js';
import { resolveLog, type PipelineLog } from '../../pipeline/log.js';
import { missingFileNote, type EnvReference } from '../../spec/env-refs.js';
import { parseSpecDocument } from '../../spec/parse.js';
import type { Spec } from '../../spec/schema.js';
import { missingMarkers } from './cells.js';
import { frameworkFromTable } from './framework-file.js';
import { cityTableAttributes, resolveCityUnits } from './city-units.js';
import { buildPanel } from './panel-build.js';
import { keepRows, readTable, sheetNote, type ReadTableOptions, type Table } from './table.js';

export interface InputFile {
  role: 'spec' | 'data' | 'units' | 'framework' | 'weights';
  /** Path as written relative to the spec directory (absolute when outside it). */
  path: string;
  sha256: string;
  encoding?: string;
}

export interface LoadedProject {
  spec: Spec;
  specFile: string;
  specDir: string;
  specText: string;
  /** The spec's `${VAR}` references as written (recorded instead of their values; see spec/env-refs.ts). */
  envRefs: EnvReference[];
  panel: Panel;
  framework: Framework;
  frameworkNodes: FrameworkNodeSpec[];
  log: PipelineLog;
  inputs: InputFile[];
  warnings: Warning[];
  /** Unit attribute used for group ranks (units.group, else "region" when present). */
  groupAttr?: string;
  /** For messages about the data of a workbook with several sheets: which sheet was read, and the others. */
  dataSheetNote?: string;
  /** Where a unit-period's value of a data column is in the data file (file as the spec names it, row, column). */
  locateCell?: (unit: string, period: string, column: string) => Location | undefined;
}

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  /**
   * Where to collect the problems of the data (unknown units, duplicated rows, non-numeric cells,
   * empty indicator columns …; see `buildPanel`). Given: they are pushed here and the project is
   * returned with a panel of the good rows, so that the caller can add its own checks and report
   * everything together (`app/check-project.ts`). Absent: they are thrown as one error once the
   * data are read.
   */
  problems?: Problem[];
  /** Called with the parsed spec before any data file is read (a run starts its robustness workers then). */
  onSpec?: (spec: Spec) => void;
}

/** Parse a spec file (no data read). */
export async function loadSpecFile(
  specPath: string,
  opts: LoadOptions = {},
): Promise<{ spec: Spec; specFile: string; specDir: string; specText: string; sha256: string; envRefs: EnvReference[] }> {
  const specFile = resolve(specPath);
  let buf: Buffer;
  try {
    buf = await readFile(specFile);
  } catch {
    fail('E_FILE_NOT_FOUND', `spec file not found: ${specFile}`, {
      location: { file: specPath },
      hint: 'check the path, or scaffold one with `nqpf init <dir>`',
    });
  }
  const specText = buf.toString('utf8').replace(/^\uFEFF/, '');
  const { spec, envRefs } = parseSpecDocument(specText, { file: specPath, env: opts.env ?? {} });
  return { spec, specFile, specDir: dirname(specFile), specText, sha256: createHash('sha256').update(buf).digest('hex'), envRefs };
}

/**
 * A "file not found" for a file the spec named through `${VAR}` (`path`: `data.file`, …), with the
 * reference as written and, for NQPF_SHARED, that the reference data are not shipped (see
 * `missingFileNote`); any other error as it is.
 */
export function withMissingFileNote(e: unknown, refs: readonly EnvReference[], path: string): unknown {
  if (!(e instanceof NqpfError) || e.code !== 'E_FILE_NOT_FOUND') return e;
  const note = missingFileNote(refs, path);
  return note ? new NqpfError(e.code, `${e.message} — ${note.message}`, { location: e.location, hint: note.hint, data: e.data }) : e;
}

/** Load spec, framework, units and data; validate them against each other. */
export async function loadProject(specPath: string, opts: LoadOptions = {}): Promise<LoadedProject> {
  const { spec, specFile, specDir, specText, sha256, envRefs } = await loadSpecFile(specPath, opts);
  opts.onSpec?.(spec);
  const rel = (p: string) => {
    const r = relative(specDir, p);
    return r.startsWith('..') && isAbsolute(p) && r.split('/').filter((x) => x === '..').length > 3 ? p : r || '.';
  };
  const at = (p: string) => (isAbsolute(p) ? p : resolve(specDir, p));
  const readAt = async (p: string, path: string, o?: ReadTableOptions): Promise<Table> => {
    try {
      return await readTable(at(p), o);
    } catch (e) {
      throw withMissingFileNote(e, envRefs, path);
    }
  };
  const warnings: Warning[] = [];
  const inputs: InputFile[] = [{ role: 'spec', path: rel(specFile), sha256 }];

  // ---- framework
  const f = spec.framework;
  const given = [f.builtin !== undefined, f.file !== undefined, f.nodes !== undefined].filter(Boolean).length;
  if (given !== 1)
    fail('E_SPEC', `framework: give exactly one of builtin, file or nodes (found ${given})`, {
      location: { file: specPath, path: 'framework' },
      hint: 'e.g. framework: { builtin: nqpf-three-factor }',
    });
  let nodes: FrameworkNodeSpec[];
  let framework: Framework;
  let imetaGroups: string[] = [];
  let denomCols: string[] = [];
  // framework.overrides (weights, directions, names …) apply to the nodes however they were given.
  if (f.builtin !== undefined) {
    nodes = applyNodeOverrides(getBuiltinFramework(f.builtin, 'framework.builtin').nodes, f.overrides);
    framework = buildFramework(nodes, { path: 'framework.builtin' });
  } else if (f.file !== undefined) {
    const t = await readAt(f.file, 'framework.file');
    inputs.push({ role: 'framework', path: rel(t.file), sha256: t.sha256, encoding: t.encoding });
    warnings.push(...renamed(t.notes, t.file, f.file));
    const ft = frameworkFromTable(t);
    nodes = applyNodeOverrides(ft.nodes, f.overrides);
    imetaGroups = ft.groups;
    denomCols = ft.denominators;
    framework = buildFramework(nodes, { file: f.file, rows: ft.rowNumbers });
  } else {
    nodes = applyNodeOverrides(f.nodes as FrameworkNodeSpec[], f.overrides);
    framework = buildFramework(nodes, { path: 'framework.nodes' });
  }

  // ---- data table
  const d = spec.data;
  // A wide panel's indicator columns are read as numbers by the reader itself (no text per cell: a
  // 50,000-unit panel has 30 M cells), unless a missing-value marker is a number or city names are
  // resolved row by row (which rewrites the rows).
  let numeric: Set<string> | undefined;
  if (d.layout === 'wide' && spec.units.registry !== 'cn-cities' && missingMarkers(d.missing).numbers.size === 0) {
    numeric = new Set<string>();
    for (const c of framework.indicators) {
      const n = framework.nodes.get(c)!;
      numeric.add(n.column);
      if (n.denominator) numeric.add(n.denominator);
    }
    for (const a of presentAnalyses(spec.analyses)) for (const c of a.dataColumns?.((spec.analyses as Record<string, never>)[a.key]) ?? []) numeric.add(c);
    for (const c of [d.unit, d.period, ...d.attributes, ...imetaGroups]) if (c !== undefined) numeric.delete(c);
  }
  let table = await readAt(d.file, 'data.file', { sheet: d.sheet, headerRow: d.headerRow, numeric });
  inputs.push({ role: 'data', path: rel(table.file), sha256: table.sha256, encoding: table.encoding });
  const dataFile = d.file;
  warnings.push(...renamed(table.notes, table.file, dataFile));
  // Which sheet of a workbook was read, and the others: said by every error about the data.
  const sheetSaid = sheetNote(table);
  const problems: Problem[] = opts.problems ?? [];
  const problemsBefore = problems.length;
  const requireCol = (name: string, path: string) => {
    if (!table.header.includes(name)) {
      const near = nearest(name, table.header);
      const hr = table.headerRow ?? 1;
      fail('E_COLUMN_NOT_FOUND', `column "${name}" (${path}) is not in ${dataFile}${sheetSaid ? ` (${sheetSaid})` : ''}`, {
        location: { file: dataFile, row: hr, path },
        hint: [
          near.length ? `did you mean "${near[0]}"? columns (row ${hr}): ${table.header.join(', ')}` : `columns (row ${hr}): ${table.header.join(', ')}`,
          ...(sheetSaid ? ['set data.sheet to the sheet that holds the data (its name, or its position: sheet: 2)'] : []),
          ...(hr !== 1 || table.header.length < 2 ? ['set data.headerRow to the row that names the columns'] : []),
        ].join('; '),
      });
    }
  };
  requireCol(d.unit, 'data.unit');
  if (d.period) requireCol(d.period, 'data.period');
  const indicatorCol = d.indicator ?? 'indicator';
  const valueCol = d.value ?? 'value';
  if (d.layout === 'long') {
    requireCol(indicatorCol, 'data.indicator');
    requireCol(valueCol, 'data.value');
  }
  const attrCols = [...new Set([...d.attributes, ...imetaGroups.filter((g) => table.header.includes(g))])];
  d.attributes.forEach((a, i) => requireCol(a, `data.attributes.${i}`));

  // Columns the framework needs. Denominator columns only when the denominate step runs (or a
  // robustness factor may switch it on): an iMeta table names them, but a user who disabled the
  // step need not keep them in the data.
  const denominates =
    spec.steps.denominate.enabled || (spec.robustness?.factors ?? []).some((x) => x.path === 'steps' || x.path?.startsWith('steps.denominate'));
  const needed = new Set<string>();
  for (const c of framework.indicators) {
    const n = framework.nodes.get(c)!;
    needed.add(n.column);
    if (n.denominator && denominates) needed.add(n.denominator);
  }
  let indicatorColumns: string[] | undefined;
  if (d.layout === 'wide') {
    const missing = [...needed].filter((c) => !table.header.includes(c));
    if (missing.length) {
      fail(
        'E_INDICATOR_NO_DATA',
        `framework indicators without data in ${dataFile}: ${missing
          .map((m) => {
            const nr = nearest(m, table.header, 1);
            return nr.length ? `${m} (did you mean ${nr[0]}?)` : m;
          })
          .join(', ')}${sheetSaid ? ` (${sheetSaid})` : ''}`,
        {
          location: { file: dataFile, row: 1 },
          hint: 'add the columns, correct the codes, or set `column` on the framework node to the data column',
        },
      );
    }
    // Data columns analyses ask for (model variables): read when present (other names may be scores).
    const asked = new Set<string>();
    for (const a of presentAnalyses(spec.analyses)) for (const c of a.dataColumns?.((spec.analyses as Record<string, never>)[a.key]) ?? []) asked.add(c);
    const extraRead = table.header.filter((h) => asked.has(h) && !needed.has(h) && h !== d.unit && h !== d.period && !attrCols.includes(h));
    indicatorColumns = table.header.filter((h) => needed.has(h) || extraRead.includes(h));
    const used = new Set([d.unit, d.period, spec.units.province, ...attrCols, ...needed, ...denomCols, ...extraRead].filter(Boolean) as string[]);
    const extra = table.header.filter((h) => !used.has(h));
    if (extra.length)
      warnings.push({
        code: 'W_UNUSED_COLUMNS',
        message: `${extra.length} data column(s) not in the framework, ignored: ${extra.slice(0, 20).join(', ')}${extra.length > 20 ? ', …' : ''}`,
        location: { file: dataFile },
      });
  }

  // ---- units
  const u = spec.units;
  let registry: UnitRegistry | undefined;
  let unitTable: Table | undefined;
  if (u.registry === 'cn-provinces') registry = UnitRegistry.provinces();
  if (u.file) {
    unitTable = await readAt(u.file, 'units.file');
    inputs.push({ role: 'units', path: rel(unitTable.file), sha256: unitTable.sha256, encoding: unitTable.encoding });
    warnings.push(...renamed(unitTable.notes, unitTable.file, u.file));
    const key = u.key ?? d.unit;
    const kj = unitTable.header.indexOf(key);
    if (kj < 0)
      fail('E_COLUMN_NOT_FOUND', `unit table ${u.file} has no column "${key}"`, {
        location: { file: u.file, row: 1, path: 'units.key' },
        hint: `columns: ${unitTable.header.join(', ')}`,
      });
    if (!registry && u.registry !== 'cn-cities') {
      const attrs = u.attributes ?? unitTable.header.filter((h) => h !== key);
      registry = UnitRegistry.fromRecords(
        unitTable.rows
          .filter((r) => String(r[kj] ?? '').trim() !== '')
          .map((r) => ({
            code: String(r[kj]).trim(),
            names: [String(r[kj]).trim()],
            attributes: Object.fromEntries(attrs.map((a) => [a, cellStr(r[unitTable!.header.indexOf(a)])])),
          })),
        u.file,
      );
    }
  }

  const kjData = table.header.indexOf(d.unit);
  if (u.exclude.length) {
    const ex = new Set(u.exclude.map((s) => s.trim()));
    const keep = table.rows.map((r, i) => (ex.has(String(r[kjData] ?? '').trim()) ? -1 : i)).filter((i) => i >= 0);
    const skipped = table.rows.length - keep.length;
    if (skipped)
      warnings.push({
        code: 'W_UNITS_EXCLUDED',
        message: `skipped ${skipped} row(s) of excluded units (units.exclude: ${u.exclude.join(', ')})`,
        location: { file: dataFile },
      });
    table = keepRows(table, keep);
  }
  let unitMap: Map<string, string> | undefined;
  let skipUnits: Set<string> | undefined;
  const unitAttrs = new Map<string, Record<string, string>>();
  if (u.registry !== 'cn-cities' && (u.province !== undefined || u.harmonise !== undefined))
    fail('E_SPEC', `units.${u.province !== undefined ? 'province' : 'harmonise'} works with units.registry: cn-cities only`, {
      location: { file: specPath, path: `units.${u.province !== undefined ? 'province' : 'harmonise'}` },
      hint: 'set units.registry: cn-cities for a prefecture-level city panel, or remove the field',
    });
  if (u.registry === 'cn-cities') {
    // City panels: names resolved row by row (province column, year), labels written into the table.
    if (u.province && !table.header.includes(u.province))
      fail('E_COLUMN_NOT_FOUND', `units.province names the column "${u.province}", which ${dataFile} does not have`, {
        location: { file: dataFile, row: 1, path: 'units.province' },
        hint: `columns: ${table.header.join(', ')}`,
      });
    const c = resolveCityUnits(table, {
      dataFile,
      unitColumn: d.unit,
      periodColumn: d.period,
      provinceColumn: u.province,
      aliases: u.aliases,
      label: u.label,
      harmonise: u.harmonise,
      indicatorColumn: d.layout === 'long' ? indicatorCol : undefined,
    });
    table = c.table;
    problems.push(...c.problems);
    warnings.push(...c.warnings);
    for (const [k, v] of c.unitAttrs) unitAttrs.set(k, v);
    if (c.skipUnits.size) skipUnits = c.skipUnits;
    if (unitTable) {
      // A unit table beside the city registry contributes attributes (seat coordinates, groups).
      const key = u.key ?? d.unit;
      const tp = u.province && unitTable.header.includes(u.province) ? u.province : undefined;
      const ta = cityTableAttributes(unitTable, {
        file: u.file!,
        key,
        attributes: u.attributes ?? unitTable.header.filter((h) => h !== key && h !== tp),
        provinceColumn: tp,
        aliases: u.aliases,
        label: u.label,
      });
      problems.push(...ta.problems);
      for (const [k, v] of ta.attrs) if (unitAttrs.has(k)) unitAttrs.set(k, { ...unitAttrs.get(k), ...v });
    }
    registry = undefined;
  }
  const rawNames = table.rows.map((r) => String(r[kjData] ?? '').trim()).filter((s) => s !== '');
  if (registry) {
    // Unknown names are problems of the data, with their rows, reported with everything else.
    const { resolved, unknown } = matchUnits(rawNames, registry, u.aliases);
    if (unknown.length) {
      const rowsOf = new Map<string, number[]>(unknown.map((x) => [x.name, []]));
      table.rows.forEach((r, i) => rowsOf.get(String(r[kjData] ?? '').trim())?.push(table.rowNumbers[i]));
      const hint = unknownUnitsHint(unknown);
      for (const x of unknown) {
        const rows = rowsOf.get(x.name)!;
        const rowText = `row${rows.length > 1 ? 's' : ''} ${rows.length > 6 ? `${rows.slice(0, 6).join(', ')}, …` : rows.join(', ')}`;
        const sug = x.suggestions.length ? ` — did you mean ${x.suggestions.join(', ')}?` : '';
        problems.push({
          code: 'E_UNKNOWN_UNITS',
          message: `unit name "${x.name}" in column "${d.unit}" of ${dataFile} not found in ${registry.label} (${rowText})${sug}`,
          brief: `unit name "${x.name}" not found in ${registry.label} (${rowText})${sug}`,
          location: { file: dataFile, row: rows[0], column: d.unit },
          hint,
          data: { unknown: [x], rows },
        });
      }
      skipUnits = new Set(unknown.map((x) => x.name));
    }
    unitMap = new Map();
    for (const [raw, rec] of resolved) {
      const label =
        u.registry === 'cn-provinces' ? (u.label === 'en' ? rec.attributes.en : u.label === 'code' ? rec.attributes.code : rec.attributes.zh) : rec.code;
      unitMap.set(raw, label);
      unitAttrs.set(label, { ...rec.attributes });
    }
    // A unit table beside the built-in registry contributes attributes, matched through the registry.
    if (unitTable && u.registry === 'cn-provinces') {
      const key = u.key ?? d.unit;
      const kj = unitTable.header.indexOf(key);
      const attrs = u.attributes ?? unitTable.header.filter((h) => h !== key);
      const tNames = unitTable.rows.map((r) => cellStr(r[kj])).filter((s) => s !== '');
      const tRes = resolveUnits(tNames, registry, u.aliases, { file: u.file!, column: key });
      for (const r of unitTable.rows) {
        const rec = tRes.get(cellStr(r[kj]));
        if (!rec) continue;
        const label = u.label === 'en' ? rec.attributes.en : u.label === 'code' ? rec.attributes.code : rec.attributes.zh;
        const cur = unitAttrs.get(label) ?? {};
        for (const a of attrs) cur[a] = cellStr(r[unitTable.header.indexOf(a)]);
        unitAttrs.set(label, cur);
      }
    }
  } else if (Object.keys(u.aliases).length) {
    unitMap = new Map(rawNames.map((n) => [n, u.aliases[n] ?? n]));
  }

  // Problems name the data file as the spec does (relative to the spec), like the other data errors.
  const built = buildPanel(
    { ...table, file: dataFile },
    {
      layout: d.layout,
      unitColumn: d.unit,
      periodColumn: d.period,
      indicatorColumn: d.layout === 'long' ? indicatorCol : undefined,
      valueColumn: d.layout === 'long' ? valueCol : undefined,
      indicators: indicatorColumns,
      attributeColumns: attrCols,
      unitMap,
      skipUnits,
      missing: missingMarkers(d.missing),
      problems,
    },
  );
  warnings.push(...built.warnings);
  const panel = built.panel;
  if (d.layout === 'long') {
    const missing = [...needed].filter((c) => !panel.values.has(c));
    if (missing.length)
      fail('E_INDICATOR_NO_DATA', `framework indicators without data in ${dataFile}: ${missing.join(', ')}`, {
        location: { file: dataFile, column: indicatorCol },
        hint: `indicators in the data: ${panel.indicators.slice(0, 30).join(', ')}`,
      });
    const extra = panel.indicators.filter((c) => !needed.has(c));
    if (extra.length)
      warnings.push({
        code: 'W_UNUSED_COLUMNS',
        message: `${extra.length} indicator(s) in the data not in the framework, ignored: ${extra.slice(0, 20).join(', ')}`,
        location: { file: dataFile },
      });
  }
  // Indicator (and denominator) columns without a single value: the run would stop on them in a
  // later step with a message about "column 6"; here they are named. Not when screening drops
  // indicators by availability (an empty column is then dropped, with a warning).
  if (spec.steps.screen.indicatorThreshold === 0) {
    const seen = new Set<string>();
    const rowCount = panel.units.length * panel.periods.length;
    for (const c of framework.indicators) {
      const n = framework.nodes.get(c)!;
      const cols: [string, string][] = [[n.column, 'indicator']];
      if (n.denominator && spec.steps.denominate.enabled) cols.push([n.denominator, 'denominator']);
      for (const [col, role] of cols) {
        const v = panel.values.get(col);
        if (!v || seen.has(col)) continue;
        seen.add(col);
        let any = false;
        for (let i = 0; i < v.length && !any; i++) any = v[i] === v[i];
        if (any) continue;
        const what = role === 'indicator' ? `indicator ${c}${col !== c ? ` (column "${col}")` : ''}` : `denominator column "${col}" of indicator ${c}`;
        problems.push({
          code: 'E_INDICATOR_NO_DATA',
          message: `${what} has no values in ${dataFile}: all ${rowCount} unit-period cells are empty or missing-value markers`,
          brief: `${what} has no values (all ${rowCount} cells empty or missing markers)`,
          location: { file: dataFile, column: col },
          hint: 'fill in the column, remove the indicator from the framework, or drop indicators without data with steps.screen.indicatorThreshold',
        });
      }
    }
  }
  if (!opts.problems) throwProblems(problems.slice(problemsBefore), { location: { file: dataFile }, note: sheetSaid });

  // Attributes from the unit list (registry or table) where the data did not bring them.
  if (unitAttrs.size) {
    const names = new Set<string>();
    for (const a of unitAttrs.values()) Object.keys(a).forEach((k) => names.add(k));
    for (const a of names) {
      if (panel.attributes.has(a)) continue;
      panel.attributes.set(
        a,
        panel.units.map((unit) => unitAttrs.get(unit)?.[a] ?? ''),
      );
    }
  }
  const groupAttr = u.group ?? (panel.attributes.has('region') ? 'region' : undefined);
  if (u.group && !panel.attributes.has(u.group))
    fail('E_GROUP_UNKNOWN', `units.group "${u.group}" is not a unit attribute`, {
      location: { file: specPath, path: 'units.group' },
      hint: `unit attributes: ${[...panel.attributes.keys()].join(', ') || '(none)'}`,
    });

  const log = resolveLog(spec.steps, framework, groupAttr);
  const locateCell = cellLocator(built.cellRow, dataFile, d.layout === 'long' ? valueCol : undefined);
  return {
    spec,
    specFile,
    specDir,
    specText,
    envRefs,
    panel,
    framework,
    frameworkNodes: nodes,
    log,
    inputs,
    warnings,
    groupAttr,
    dataSheetNote: sheetSaid,
    locateCell,
  };
}

/**
 * A cell's location in the data file (`valueColumn`: the long layout's value column, else the
 * indicator's own). Made outside loadProject so that the function the project keeps holds these
 * alone: a closure made inside it would keep loadProject's whole scope alive — the data table with
 * every row read — for the length of a run.
 */
function cellLocator(
  cellRow: (unit: string, period: string, column: string) => number | undefined,
  file: string,
  valueColumn: string | undefined,
): (unit: string, period: string, column: string) => Location | undefined {
  return (unit, period, column) => {
    const row = cellRow(unit, period, column);
    return row === undefined ? undefined : { file, row, column: valueColumn ?? column };
  };
}

function cellStr(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** A reader's notes naming the file as the spec does (`data.csv`) instead of by its resolved path. */
function renamed(notes: Warning[] | undefined, path: string, asWritten: string): Warning[] {
  return (notes ?? []).map((n) => ({
    ...n,
    message: n.message.split(path).join(asWritten),
    ...(n.location ? { location: { ...n.location, file: n.location.file === path ? asWritten : n.location.file } } : {}),
  }));
}

/**
 * Build the spatial weights an analysis spec asks for, aligned with the units of the run's
 * scores, and run the analyses. Reading files happens here (io); the analyses themselves are pure.
 */
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { access, readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fail, NqpfError } from '../core/errors.js';
import { problemOf, type Problem } from '../core/problems.js';
import { presentAnalyses } from '../analysis/registry.js';
import { runAnalyses, type AnalysesResult } from '../analysis/run.js';
import type { SpatialWeights } from '../analysis/spatial/types.js';
import { weightsFromCoordinates } from '../analysis/spatial/weights.js';
import type { PipelineResult } from '../pipeline/run.js';
import { withMissingFileNote, type LoadedProject, type InputFile } from '../io/read/load-project.js';
import { readSpatialWeights } from '../io/read/spatial-file.js';
import type { Panel } from '../core/panel.js';
import { cityCentroids } from '../analysis/spatial/city-builtin.js';
import { buildBuiltinWeights, builtinCityCodes, isBuiltinWeights } from './builtin-weights.js';
import { efficiencyLps, prepareEfficiency } from '../lenses/efficiency/analysis.js';
import { readIcioCsv } from '../io/read/icio.js';
import { readIcioLong } from '../io/read/icio-long.js';
import { type IcioMerged, readIcioLayout } from '../io/read/icio-layouts.js';
import { deaHelpers, startDeaPool } from '../io/workers/dea-pool.js';
import { denseHelpers, startDensePool } from '../io/workers/dense-pool.js';
import type { FiguresWorker } from '../io/workers/figures-run.js';
import { shareWith } from '../io/workers/section-share.js';
import type { DeaExecutor } from '../lenses/dea/executor.js';
import type { IcioTable } from '../lenses/gvc/table.js';
import type { IcioYear } from '../lenses/gvc/analysis.js';
import type { Warning } from '../core/logger.js';

/** "spatial weights file not found", saying so when the spec named it through `${NQPF_SHARED…}` (reference data not shipped). */
function weightsFileNotFound(project: LoadedProject, file: string): NqpfError {
  const path = 'analyses.weights.file';
  const e = new NqpfError('E_FILE_NOT_FOUND', `spatial weights file not found: ${file}`, { location: { path } });
  return withMissingFileNote(e, project.envRefs, path) as NqpfError;
}

/**
 * A spatial weights file that does not exist, as a problem of the checks before a run
 * (`app/check-project.ts`), so that `validate` reports what `run` would stop on after computing.
 */
export async function weightsFileProblems(project: LoadedProject): Promise<Problem[]> {
  const w = project.spec.analyses.weights;
  if (!w?.file || isBuiltinWeights(w.method) || !hasAnalyses(project)) return [];
  const file = isAbsolute(w.file) ? w.file : resolve(project.specDir, w.file);
  try {
    await access(file);
    return [];
  } catch {
    return [problemOf(weightsFileNotFound(project, file))];
  }
}

/** True when the spec asks for at least one analysis of the registry. */
export function hasAnalyses(project: LoadedProject): boolean {
  return presentAnalyses(project.spec.analyses).length > 0;
}

export async function buildWeights(
  project: LoadedProject,
  units: string[],
  attributes: Map<string, string[]>,
  raw?: Panel,
): Promise<{ W?: SpatialWeights; input?: InputFile }> {
  const w = project.spec.analyses.weights;
  if (!w) return {};
  const path = 'analyses.weights';
  let xy: Float64Array | undefined;
  if (w.coordinates) {
    const [ax, ay] = w.coordinates;
    const cx = attributes.get(ax);
    const cy = attributes.get(ay);
    if (!cx || !cy)
      fail('E_ANALYSIS_WEIGHTS', `${path}.coordinates: unit attributes ${!cx ? ax : ay} not found`, {
        location: { path: `${path}.coordinates` },
        hint: `unit attributes: ${[...attributes.keys()].join(', ') || '(none)'}`,
      });
    const xyArr = new Float64Array(units.length * 2);
    xy = xyArr;
    units.forEach((u, i) => {
      const x = Number(cx[i]);
      const y = Number(cy[i]);
      if (!Number.isFinite(x) || !Number.isFinite(y) || cx[i] === '' || cy[i] === '')
        fail('E_ANALYSIS_WEIGHTS', `${path}.coordinates: unit ${u} has no numeric ${ax}/${ay} ("${cx[i]}", "${cy[i]}")`, {
          location: { path: `${path}.coordinates` },
        });
      xyArr[2 * i] = x;
      xyArr[2 * i + 1] = y;
    });
  }
  const common = { style: w.style, islands: w.islands, coordinates: xy, metric: w.metric, path };
  if (isBuiltinWeights(w.method)) return { W: buildBuiltinWeights(w, units, attributes, raw, common) };
  if (w.file) {
    const _fmt = w.format ?? (/\.(geo)?json$/i.test(w.file) ? 'geojson' : undefined);
    const file = isAbsolute(w.file) ? w.file : resolve(project.specDir, w.file);
    let buf: Buffer;
    try {
      buf = await readFile(file);
    } catch {
      throw weightsFileNotFound(project, file);
    }
    const W = await readSpatialWeights(file, {
      ...common,
      units,
      format: w.format,
      columns: w.from && w.to ? [w.from, w.to] : undefined,
      idProperty: w.idProperty,
      contiguity: w.contiguity,
    });
    const rel = relative(project.specDir, file);
    return {
      W,
      input: {
        role: 'weights',
        path: rel.startsWith('..') && rel.split('/').filter((x) => x === '..').length > 3 ? file : rel,
        sha256: createHash('sha256').update(buf).digest('hex'),
      },
    };
  }
  // knn / idw without coordinates on a city panel: the city polygons' centroids, great-circle km (issue 19)
  const cities = !xy ? builtinCityCodes(units, attributes, path) : undefined;
  if (cities) {
    xy = cityCentroids(cities);
    common.coordinates = xy;
    common.metric = 'greatcircle';
  }
  if (!xy)
    fail('E_ANALYSIS_WEIGHTS', `${path} needs a file or coordinates`, {
      location: { path },
      hint: 'give analyses.weights.file (pairs, GAL, GeoJSON, matrix), coordinates: [lon, lat], or method: contiguity (Chinese provinces or cities)',
    });
  const W = weightsFromCoordinates(
    units,
    xy,
    w.method === 'knn' ? { ...common, method: 'knn', k: w.k } : { ...common, method: 'idw', power: w.power, cutoff: w.cutoff },
  );
  return { W };
}

/** Options of {@link runProjectAnalyses}. */
export interface AnalysesOptions {
  /** Threads of the DEA LPs and the value-chain LU (`--workers`). */
  workers?: number;
  /**
   * A started thread that waits meanwhile (the run's figures worker, which has nothing to draw before the tables
   * exist): it takes a share of the spatial section's parts (io/workers/section-share.ts; the same tables).
   */
  helper?: Pick<FiguresWorker, 'lend'>;
}

export async function runProjectAnalyses(
  project: LoadedProject,
  result: PipelineResult,
  seed: number,
  opts: AnalysesOptions = {},
): Promise<AnalysesResult & { inputs: InputFile[] }> {
  const agg = result.datasets.aggregated;
  const { W, input } = await buildWeights(project, agg.units, agg.attributes, result.datasets.raw);
  const a = project.spec.analyses;
  // Sections that need more than the panel: the DEA lens's LP solver (WebAssembly, loaded once),
  // the value-chain lens's input–output table (read and validated here, in io).
  // DEA helper threads for large jobs start first, so they load while this thread loads HiGHS and reads the rest; the
  // section's tables are the same bytes with or without them.
  const machine = { cores: availableParallelism(), load: loadavg()[0] };
  const deaN = a.efficiency ? deaHelpers(efficiencyLps(a.efficiency, agg.units.length * agg.periods.length), opts.workers, machine) : 0;
  const dea = deaN > 0 ? startDeaPool({ helpers: deaN }) : undefined;
  try {
    if (a.efficiency) await prepareEfficiency();
    return await analysesWith(project, result, seed, opts, W, input, dea);
  } finally {
    await dea?.close();
  }
}

async function analysesWith(
  project: LoadedProject,
  result: PipelineResult,
  seed: number,
  opts: AnalysesOptions,
  W: Awaited<ReturnType<typeof buildWeights>>['W'],
  input: Awaited<ReturnType<typeof buildWeights>>['input'],
  dea: DeaExecutor | undefined,
): Promise<AnalysesResult & { inputs: InputFile[] }> {
  const a = project.spec.analyses;
  const inputs: Record<string, unknown> = {};
  const files: InputFile[] = input ? [input] : [];
  const splitNotes: Warning[] = [];
  if (a.valueChains) {
    const v = a.valueChains;
    const at = (f: string) => (isAbsolute(f) ? f : resolve(project.specDir, f));
    // a published table (OECD ICIO, WIOD, ADB MRIO; one file, its own labels) or the generic files
    const generic = v.format === 'generic' || (v.format === 'auto' && v.final !== undefined);
    // one table, or a panel of tables whose file names hold {year} (analyses.valueChains.years)
    const readYear = async (year?: number): Promise<IcioTable> => {
      const name = (f: string) => (year === undefined ? f : f.replaceAll('{year}', String(year)));
      const file = (f: string) => at(name(f));
      let merged: IcioMerged[] = [];
      const table = generic
        ? await readIcioCsv({
            intermediate: file(v.intermediate),
            final: file(v.final as string),
            output: v.output === undefined ? undefined : file(v.output),
            valueAdded: v.valueAdded === undefined ? undefined : file(v.valueAdded),
            countries: v.countries ?? [],
            industries: v.industries ?? [],
            tolerance: v.tolerance,
          })
        : v.format === 'long'
          ? await readIcioLong(file(v.intermediate), { countries: v.countries, industries: v.industries, tolerance: v.tolerance })
          : await readIcioLayout(file(v.intermediate), {
              format: v.format,
              sheet: v.sheet,
              tolerance: v.tolerance,
              split: v.oecdSplit,
              inventories: v.inventories,
            }).then((r) => {
              merged = r.merged;
              return r.table;
            });
      // the log says which economies were summed back from OECD's split parts (run.json, console)
      for (const m of merged)
        splitNotes.push({
          code: 'W_ICIO_SPLIT',
          message: `analyses.valueChains: ${m.parts.join(' + ')} (OECD's split ${m.country}) summed into ${m.country}: rows and columns of Z, final demand, value added and output`,
          location: { file: name(v.intermediate), path: 'analyses.valueChains.oecdSplit' },
        });
      for (const f of generic ? [v.intermediate, v.final, v.output, v.valueAdded] : [v.intermediate])
        if (f)
          files.push({
            role: 'data',
            path: relative(project.specDir, file(f)),
            sha256: createHash('sha256')
              .update(await readFile(file(f)))
              .digest('hex'),
          });
      return table;
    };
    if (v.years) {
      // every year's table is held until the section has run (≈ 8n² bytes each for Z: 96 MB at OECD size)
      const panel: IcioYear[] = [];
      for (const year of v.years) panel.push({ year, table: await readYear(year) });
      inputs.icioYears = panel;
    } else inputs.icio = await readYear();
  }
  const icio = (inputs.icio ?? (inputs.icioYears as IcioYear[] | undefined)?.[0]?.table) as IcioTable | undefined;
  const helpers = icio ? denseHelpers(icio.n, opts.workers, { cores: availableParallelism(), load: loadavg()[0] }) : 0;
  const dense = helpers > 0 ? startDensePool({ helpers }) : undefined; // joins the LU once loaded; never waited for
  try {
    const r = runAnalyses({
      result,
      spec: a,
      groupAttr: project.groupAttr,
      weights: W,
      seed,
      data: project.panel,
      inputs,
      locateCell: project.locateCell,
      dense,
      dea,
      share: opts.helper ? shareWith((job, transfer) => opts.helper!.lend(job, transfer)) : undefined,
    });
    return { ...r, warnings: [...splitNotes, ...r.warnings], inputs: files };
  } finally {
    await dense?.close();
  }
}

/**
 * `writeReport(runDir)`: build the self-contained report.html of a run directory and write it
 * into that directory atomically. Inlines `echarts/dist/echarts.min.js` and the map geometry
 * chosen by {@link reportGeoForRun}; the file opens offline and makes no network request.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunBundle } from '../../report/bundle.js';
import { buildReportHtml, type ReportLang } from '../../report/html/index.js';
import { methodsText } from '../../report/methods-text.js';
import { writeFileAtomic } from './atomic.js';
import { packageFile, type ReportGeoChoice, reportGeoForRun, reportUnits } from '../read/geo.js';
import { readRunDir } from '../read/run-dir.js';

export interface WriteReportOptions {
  /** Default language of the report (default: the spec's outputs.language, else zh). */
  lang?: ReportLang;
  /** A GeoJSON file with the units' polygons (default: chosen from the spec, see reportGeoForRun). */
  geojson?: string;
  /** GeoJSON property holding the unit name (with `geojson`). */
  idProperty?: string;
  /** Output file name inside the run directory (default report.html). */
  fileName?: string;
  /**
   * The map as {@link reportGeoForRun} chose it for this bundle with `geojson` and `idProperty`, when the
   * caller has chosen it already (a run chooses it once for the report and the figures); else chosen here.
   */
  geo?: ReportGeoChoice;
}

export interface WriteReportResult {
  /** Absolute path of the written report. */
  path: string;
  /** Size in bytes (UTF-8). */
  bytes: number;
  /** Units without map geometry (listed in the report too; the CLI warns). */
  unmatched: string[];
  /** Notes about the map choice (e.g. no geometry matched). */
  mapNotes: string[];
  /** Whether the report has the methods text (always true since src/report/methods-text.ts exists). */
  methodsText: boolean;
}

/** SHA-256 of a string's UTF-8 bytes as base64, natively (the same digest as core/sha256.ts). */
const nodeSha256Base64 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/** Build report.html for an already-read run bundle (no write). */
export async function buildRunReport(
  bundle: RunBundle,
  opts: WriteReportOptions = {},
): Promise<{ html: string; unmatched: string[]; mapNotes: string[]; methodsText: boolean }> {
  const echartsJs = await readFile(packageFile('echarts/dist/echarts.min.js'), 'utf8');
  const choice = opts.geo ?? (await reportGeoForRun(bundle, reportUnits(bundle), { geojson: opts.geojson, idProperty: opts.idProperty }));
  const methods = { zh: methodsText(bundle, 'zh'), en: methodsText(bundle, 'en') };
  const built = buildReportHtml(bundle, echartsJs, { lang: opts.lang, geo: choice.geo, mapNotes: choice.notes, methods, sha256Base64: nodeSha256Base64 });
  return { html: built.html, unmatched: built.unmatched, mapNotes: choice.notes, methodsText: true };
}

/**
 * Write `<runDir>/report.html` (atomically: temp file + rename). Returns the path, its size, and
 * the units that have no map geometry.
 */
export async function writeReport(runDir: string, opts: WriteReportOptions = {}): Promise<WriteReportResult> {
  return writeReportOf(await readRunDir(runDir), runDir, opts);
}

/** {@link writeReport} for a run whose bundle is already at hand (read, or built as the run wrote it). */
export async function writeReportOf(bundle: RunBundle, runDir: string, opts: WriteReportOptions = {}): Promise<WriteReportResult> {
  const r = await buildRunReport(bundle, opts);
  const path = join(runDir, opts.fileName ?? 'report.html');
  const bytes = Buffer.from(r.html, 'utf8');
  await writeFileAtomic(path, bytes);
  return { path, bytes: bytes.length, unmatched: r.unmatched, mapNotes: r.mapNotes, methodsText: r.methodsText };
}

/**
 * Problems in the user's language (issue 13: "show errors in the user's language with the
 * location, and show names, not codes"). In Chinese a problem is headed by what its code means
 * (the catalogue, src/core/messages.ts: E_XLSX_FIELDS → 工作表某行在表头范围之外仍有数值) and located by
 * the names of the spec fields on its path (steps.impute.method → 缺失值填补 › 方法, from the
 * schema's labels) or by its row and column; the detail follows as the engine wrote it, as the CLI
 * does. In English the message already says it all; the path is shown as written. Pure (no DOM).
 */
import { errorMeaning } from '../../src/core/messages.js';
import { fieldText, type FormLang, type JsonSchema } from './schema-util.js';

/** A problem as the API reports it (validation errors, preview issues, API errors). */
export interface Problem {
  code: string;
  message: string;
  path?: string;
  row?: number;
  column?: string | number;
  hint?: string;
}

/**
 * The labels of the fields along a spec path, from the spec's JSON Schema (`steps.impute.method` →
 * ['缺失值填补', '方法']); a segment that is a key of a record or a list index (a node code, 0) is
 * kept as written. Empty when the schema is unknown.
 */
export function pathLabels(specSchema: JsonSchema | undefined, path: string, lang: FormLang): string[] {
  if (!specSchema || !path) return [];
  const out: string[] = [];
  let node: JsonSchema | undefined = specSchema;
  for (const seg of path.split('.')) {
    const variants: JsonSchema[] = node ? [node, ...((node.anyOf ?? node.oneOf ?? []) as JsonSchema[])] : [];
    const owner = variants.find((v) => v?.properties?.[seg]);
    if (owner) {
      node = owner.properties[seg];
      out.push(fieldText(node as JsonSchema, seg, lang).label);
      continue;
    }
    const inner = variants.find((v) => v?.additionalProperties && typeof v.additionalProperties === 'object') ?? variants.find((v) => v?.items);
    node = inner ? (inner.additionalProperties ?? inner.items) : undefined;
    out.push(seg);
  }
  return out;
}

/** Where a problem is, in `lang`: field names (and the path), or row and column; '' when it has no location. */
export function problemWhere(p: Problem, lang: FormLang, specSchema?: JsonSchema): string {
  const parts: string[] = [];
  if (p.path) {
    const labels = pathLabels(specSchema, p.path, lang);
    parts.push(lang === 'zh' && labels.length ? `${labels.join(' › ')}（${p.path}）` : p.path);
  }
  if (p.row !== undefined) parts.push(lang === 'zh' ? `第 ${p.row} 行` : `row ${p.row}`);
  if (p.column !== undefined) parts.push(lang === 'zh' ? `列 ${p.column}` : `column ${p.column}`);
  return parts.join(lang === 'zh' ? '，' : ', ');
}

/** The heading of a problem in `lang`: in Chinese what its code means (the code itself when uncatalogued); in English nothing (the message says it). */
export function problemHead(code: string, lang: FormLang): string {
  return lang === 'zh' ? (errorMeaning(code, 'zh') ?? code) : '';
}

/** One line for a problem: heading, location and detail (with its hint). */
export function problemText(p: Problem, lang: FormLang, specSchema?: JsonSchema): string {
  const head = problemHead(p.code, lang);
  const where = problemWhere(p, lang, specSchema);
  const detail = `${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
  if (lang === 'zh') return `${head}${where ? `（位置：${where}）` : ''}：${detail}`;
  return where && !p.message.includes(p.path ?? '\u0000') ? `${where}: ${detail}` : detail;
}

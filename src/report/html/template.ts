/**
 * The self-contained report.html: one file with the ECharts browser build, the map geometry, the
 * run's data (JSON) and the styles inlined — it opens offline from disk and makes no network
 * request. The server renders the page skeleton (sections present in the run, headings in the
 * default language, methods and provenance); the client script draws the charts and switches
 * language. Pure: the caller passes the ECharts source text and the geometry.
 */
import { sha256Base64 } from '../../core/sha256.js';
import type { RunBundle } from '../bundle.js';
import type { ReportGeo } from '../geo/index.js';
import { CLIENT_JS } from './client.js';
import { buildReportPayload, RUN_TABLE_SECTIONS, type MethodsText, type ReportPayload } from './data.js';
import { I18N, tr, type I18nKey, type ReportLang } from './i18n.js';
import { figureSection, ROBUSTNESS_SECTION, type FigureSection } from './sections.js';
import { ANALYSIS_LIST } from '../../analysis/registry.js';
import { REPORT_CSS } from './styles.js';

export interface BuildReportOptions {
  /** Default language (default: the spec's `outputs.language`, else zh). */
  lang?: ReportLang;
  /** Map geometry (see `reportGeoForRun` in src/io/read/geo.ts); none → no maps. */
  geo?: ReportGeo;
  /** Notes about the map choice, shown under the map. */
  mapNotes?: string[];
  /** Methods text in both languages (from `methodsText(bundle, lang)`); null → a provenance-only block. */
  methods?: Record<ReportLang, MethodsText> | null;
  /**
   * SHA-256 of a string's UTF-8 bytes as base64, for the CSP hashes (default: core/sha256.ts, which
   * runs in a browser too). The file writer passes node:crypto's: hashing the 1.1 MB ECharts build
   * in JavaScript costs ≈ 0.1–0.4 s a report.
   */
  sha256Base64?: (text: string) => string;
}

export interface BuiltReport {
  html: string;
  /** Run units without map geometry (also listed in the report). */
  unmatched: string[];
  payload: ReportPayload;
}

/** Escape text for HTML element content and attribute values. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * JSON for a `<script type="application/json">` block: `<` is written as \u003c so the text can
 * never close the script element (and U+2028/2029 as escapes, harmless either way).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline JavaScript must not contain `</script` (or `<!--`, which changes how the element ends). */
export function scriptSafe(js: string, what: string): string {
  if (/<\/script|<!--/i.test(js)) throw new Error(`${what} contains "</script" or "<!--" and cannot be inlined`);
  return js;
}

/** A CSP hash source for an inline element's exact text (the browser hashes its UTF-8 bytes); `hash`: SHA-256 as base64. */
export function cspHash(text: string, hash: (text: string) => string = sha256Base64): string {
  return `'sha256-${hash(text)}'`;
}

/**
 * The report's Content-Security-Policy: no network (`default-src 'none'`), scripts only the given
 * inline scripts by hash (no 'unsafe-inline', no event-handler attributes, no eval), the one
 * `<style>` element by hash. Style *attributes* stay allowed: ECharts writes its HTML tooltips with
 * `style="…"` attributes (`style-src 'unsafe-inline'` is the fallback for browsers without
 * `style-src-elem`/`-attr`; where they are understood the element rule is the hash).
 */
export function reportCsp(scripts: readonly string[], styles: readonly string[], hash: (text: string) => string = sha256Base64): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map((t) => cspHash(t, hash)).join(' ')}`,
    "script-src-attr 'none'",
    "style-src 'unsafe-inline'",
    `style-src-elem ${styles.map((t) => cspHash(t, hash)).join(' ')}`,
    "style-src-attr 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A heading or label given in both languages (not an i18n key): `<tag data-zh=… data-en=…>text</tag>`; the client switches it. */
const B = (text: { zh: string; en: string }, lang: ReportLang, tag = 'span'): string =>
  `<${tag} data-zh="${esc(text.zh)}" data-en="${esc(text.en)}">${esc(text[lang])}</${tag}>`;

/** Both-language span: `<span data-i18n="key">text</span>`. */
const L = (key: I18nKey, lang: ReportLang, tag = 'span', attrs = ''): string => `<${tag} data-i18n="${key}"${attrs}>${esc(tr(key, lang))}</${tag}>`;

const chart = (name: string, cls = '', arg?: string, k = 0): string =>
  `<div class="chart${cls ? ` ${cls}` : ''}" id="c-${name}${arg === undefined ? '' : `-${k}`}" data-chart="${name}"${arg === undefined ? '' : ` data-arg="${esc(arg)}"`}></div>`;

/** Build report.html for a run. */
export function buildReportHtml(bundle: RunBundle, echartsJs: string, opts: BuildReportOptions = {}): BuiltReport {
  const { payload, unmatched } = buildReportPayload(bundle, { lang: opts.lang, geo: opts.geo, mapNotes: opts.mapNotes, methods: opts.methods });
  const lang = payload.lang;
  const T = payload.tables;
  const sections: ({ id: string; body: string } & ({ key: I18nKey; title?: undefined } | { key?: undefined; title: { zh: string; en: string } }))[] = [];
  const hasMap = payload.map !== null;
  const multiPeriod = payload.hasPeriods && payload.periods.length > 1;

  if (T.ranks) {
    const o = payload.overview;
    const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
    const card = (k: I18nKey, v: string) => `<div class="card"><div class="v">${esc(v)}</div>${L(k, lang, 'div', ' class="k"')}</div>`;
    sections.push({
      id: 'overview',
      key: 's_overview',
      body:
        `<div class="cards">${card('units', String(o.units))}` +
        card('periods', payload.hasPeriods ? `${o.periods} (${payload.periods[0]}–${payload.periods[payload.periods.length - 1]})` : '1') +
        `${card('indicators', String(o.indicators))}${card('missingShare', pct(o.missingShare))}${o.imputed !== null ? card('imputed', String(o.imputed)) : ''}</div>` +
        (o.missing ? chart('missing', 'tall') : ''),
    });
  }
  if (payload.framework.length)
    sections.push({ id: 'framework', key: 's_framework', body: `<div class="grid">${chart('sunburst', 'tall')}${chart('weights', 'tall')}</div>` });
  // Sections of declared tables (captions and headers switch language): the descriptive statistics
  // here, after the framework; the analyses without figures of their own further down.
  const declared = (s: ReportPayload['tableSections'][number]) =>
    s.tables
      .map((x) => `${B(x.caption, lang, 'h3')}<div class="tablewrap"><table class="data" id="t-${esc(x.name)}" data-table="${esc(x.name)}"></table></div>`)
      .join('');
  const tableSection = (s: ReportPayload['tableSections'][number]) => {
    sections.push({ id: s.key, title: s.title, body: declared(s) });
  };
  const early = new Set(RUN_TABLE_SECTIONS.map((s) => s.key));
  for (const s of payload.tableSections) if (early.has(s.key)) tableSection(s);
  if (T.ranks) {
    const warn = hasMap && unmatched.length ? `<div class="warnbox" id="unmatched">${L('noGeometry', lang)}${esc(unmatched.join(', '))}</div>` : '';
    const mapBlock = hasMap
      ? `${chart('map', 'map')}<p class="note">${L('mapNote', lang)} ${esc(payload.map!.source)} (${esc(payload.map!.licence)})</p>`
      : `<p class="note">${L('noMap', lang)} ${esc(payload.mapNotes.join('; '))}</p>`;
    sections.push({
      id: 'ranking',
      key: 's_ranking',
      body:
        `${warn}<div class="grid"><div>${mapBlock}</div><div><div class="ctl"><input type="search" id="search" ` +
        `data-i18n-ph="search" placeholder="${esc(tr('search', lang))}"></div><div class="tablewrap"><table ` +
        'class="data" id="rank-table"></table></div></div></div>',
    });
  }
  if (payload.dimensions.length && T.ranks)
    sections.push({ id: 'profile', key: 's_profile', body: `<div class="grid">${chart('profile')}${chart('profileBars')}</div>` });
  if (multiPeriod && T.ranks) sections.push({ id: 'trends', key: 's_trends', body: `<div class="grid">${chart('trendUnit')}${chart('trendGroup')}</div>` });
  const tableSectionOf = new Map(payload.tableSections.map((s) => [s.key, s]));
  // The analyses in registry order: those with interactive charts (./sections.ts, shared with the
  // workbench) as their charts, the others as their declared tables; then the robustness results.
  const figureBody = (f: FigureSection): string => {
    const control =
      f.control && (f.control.when?.(payload) ?? true)
        ? `<div class="ctl"><label>${L(f.control.label, lang)} <select id="${f.control.id}"></select></label></div>`
        : '';
    const charts = f.charts(payload);
    const drawn = charts.length || !f.gridOnlyWithCharts;
    const grid = drawn ? `<div class="grid">${charts.map((c, k) => chart(c.name, c.cls, c.arg, k)).join('')}</div>` : '';
    const note = f.note && drawn ? `<p class="note">${L(f.note, lang)}</p>` : '';
    const tables = (f.tables?.(payload) ?? [])
      .map((x) => `${x.heading ? L(x.heading, lang, 'h3') : ''}<div class="tablewrap"><table class="data" id="${x.id}"></table></div>`)
      .join('');
    const own = f.declaredTables && tableSectionOf.has(f.key) ? declared(tableSectionOf.get(f.key)!) : '';
    return `${control}${grid}${note}${tables}${own}`;
  };
  for (const a of ANALYSIS_LIST) {
    const f = figureSection(a.key);
    if (f) {
      if (f.present(payload)) sections.push({ id: f.key, key: f.heading, body: figureBody(f) });
    } else if (tableSectionOf.has(a.key) && !early.has(a.key)) tableSection(tableSectionOf.get(a.key)!);
  }
  if (ROBUSTNESS_SECTION.present(payload)) sections.push({ id: 'robustness', key: ROBUSTNESS_SECTION.heading, body: figureBody(ROBUSTNESS_SECTION) });
  sections.push({ id: 'methods', key: 's_methods', body: methodsBlock(payload) });
  sections.push({ id: 'provenance', key: 's_provenance', body: provenanceBlock(payload) });

  const periodCtl = payload.hasPeriods
    ? `<label>${L('period', lang)} <input type="range" id="period" min="0" max="${payload.periods.length - 1}" ` +
      `value="${payload.periods.length - 1}" step="1"> <span class="per" ` +
      `id="period-label">${esc(payload.periods[payload.periods.length - 1])}</span></label` +
      `>${multiPeriod ? `<button id="play" type="button">${L('play', lang)}</button>` : ''}`
    : '';
  const bar = T.ranks
    ? `<div class="bar"><label>${L('scoreSel', lang)} <select ` +
      `id="score"></select></label>${periodCtl}<label>${L('unitSel', lang)} <select ` +
      `id="unit"></select></label><button id="lang-switch" type="button">${esc(tr('switchTo', lang))}</button></div>`
    : `<div class="bar"><button id="lang-switch" type="button">${esc(tr('switchTo', lang))}</button></div>`;
  const synthetic = payload.synthetic
    ? `<div class="synthetic" id="synthetic-notice">${L('synthetic', lang)}<small>${esc(payload.notice ?? '')}</small></div>`
    : '';
  const head = (s: (typeof sections)[number], tag?: string): string => (s.key !== undefined ? L(s.key, lang, tag) : B(s.title, lang, tag));
  const toc = sections.map((s) => `<a href="#${s.id}">${head(s)}</a>`).join('');
  const body = sections.map((s) => `<section id="${s.id}">${head(s, 'h2')}${s.body}</section>`).join('\n');
  const titleText = `${payload.synthetic ? '[SYNTHETIC] ' : ''}${payload.title}`;

  // The exact text of each inline script: the CSP lists their hashes (a change to either without
  // rebuilding the meta tag would block it, which the browser test would see).
  const echartsInline = scriptSafe(echartsJs, 'echarts.min.js');
  const clientInline = scriptSafe(CLIENT_JS, 'the report script');
  const html = `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${reportCsp([echartsInline, clientInline], [REPORT_CSS], opts.sha256Base64)}">
<meta name="generator" content="nqpf ${esc(payload.nqpf)}">
<title>${esc(titleText)}</title>
<style>${REPORT_CSS}</style>
</head>
<body class="lang-${lang}">
<header class="top"><h1>${esc(payload.title)}</h1><div class="sub">${L('reportOf', lang)} · nqpf ${esc(payload.nqpf)} · ${L('seed', lang)} ${esc(payload.seed)}</div></header>
${synthetic}
${bar}
<div class="layout"><nav class="toc">${L('toc', lang, 'strong')}${toc}</nav>
<main>
${body}
</main></div>
<footer>${L('generatedBy', lang)} ${esc(payload.nqpf)} · ${L('seed', lang)} ${esc(payload.seed)}${payload.synthetic ? ` · <strong>${esc(payload.notice ?? 'SYNTHETIC DATA')}</strong>` : ''}</footer>
<script type="application/json" id="nqpf-i18n">${jsonForScript(I18N)}</script>
<script type="application/json" id="nqpf-data">${jsonForScript(payload)}</script>
<script>${echartsInline}</script>
<script>${clientInline}</script>
</body>
</html>
`;
  return { html, unmatched, payload };
}

function methodsBlock(p: ReportPayload): string {
  if (!p.methods) {
    return `<div class="methods"><p>${L('methodsPending', p.lang)}</p></div>`;
  }
  return (['zh', 'en'] as const)
    .map((lg) => {
      const m = p.methods![lg];
      const paras = m.paragraphs.map((x) => `${x.heading ? `<h3>${esc(x.heading)}</h3>` : ''}<p>${esc(x.text)}</p>`).join('');
      const refs = m.references.length ? `<h3>${esc(tr('references', lg))}</h3><ol>${m.references.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>` : '';
      return `<div class="methods" data-lang="${lg}"><h3>${esc(m.title)}</h3>${paras}${refs}</div>`;
    })
    .join('');
}

function provenanceBlock(p: ReportPayload): string {
  const lang = p.lang;
  const inputs = p.inputs.length
    ? `<div class="tablewrap"><table class="data"><thead><tr><th>${L('role', lang)}</th><th>${L('file', lang)}</th><t` +
      'h>SHA-256</th></tr></thead><tbody' +
      `>${p.inputs.map((i) => `<tr><td>${esc(i.role)}</td><td>${esc(i.path)}</td><td><code>${esc(i.sha256)}</code></td></tr>`).join('')}</tbody></table></div>`
    : esc(tr('none', lang));
  const warnings = p.warnings.length ? `<ul>${p.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : esc(tr('none', lang));
  const mapSrc = p.map ? `${esc(p.map.source)} — ${esc(p.map.licence)}. ${L('mapNote', lang)}` : esc(p.mapNotes.join('; ') || tr('none', lang));
  return (
    `<dl class="kv"><dt>${L('version', lang)}</dt><dd>nqpf ${esc(p.nqpf)}</dd><dt>${L('seed', lang)}</dt><dd>${esc(p.seed)}</dd>` +
    (p.synthetic ? `<dt>SYNTHETIC</dt><dd><strong>${esc(p.notice ?? '')}</strong></dd>` : '') +
    `<dt>${L('mapSource', lang)}</dt><dd>${mapSrc}</dd></dl>` +
    `${L('inputs', lang, 'h3')}${inputs}${L('warnings', lang, 'h3')}${warnings}` +
    `<details><summary>${L('spec', lang)}</summary><pre class="spec">${esc(p.specYaml)}</pre></details>`
  );
}

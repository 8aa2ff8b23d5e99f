/**
 * nqpf workbench front end: plain TypeScript + DOM. Views: projects → data → framework → methods
 * → spec → run → explore (+ unit page) → robustness → export. The spec document (./spec.ts: the
 * user's YAML parsed with comments and key order) is the single state: each form control reads its
 * value from it and, when changed, sets or deletes its own path (a SpecField's edits) — nothing
 * else. The YAML shown is the document's text, saved to the project (with the project version, so
 * two tabs cannot overwrite each other) and is exactly what a run executes.
 */
import './zod-csp.js';
import './styles.css';
import type { BuiltinFramework } from '../../src/frameworks/types.js';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';
import {
  api,
  ApiError,
  followRun,
  outputUrl,
  runSpecUrl,
  type Preview,
  type Project,
  type ProjectSummary,
  type RunEvent,
  type RunRecord,
  type ValidationError,
} from './api.js';
import { formatNumber, inferFormat } from '../../src/core/number-format.js';
import { cellLabel, columnLabel, type LabelContext } from '../../src/report/labels.js';
import type { FactorLike } from '../../src/robustness/labels.js';
import { csvTable, parseCsv } from './csv.js';
import { field, h, select, setChildren } from './dom.js';
import { disposeCharts, disposeChartsIn, exploreView, indexRanks, resizeChartsIn, unitView, type ExploreState, type RanksData } from './explore.js';
import { frameworkView } from './framework-editor.js';
import { getLang, setLang, t, type Lang } from './i18n.js';
import { STEPS, stepForm, type FormLabels, type JsonSchema, type OptionBinding } from './schema-form.js';
import { analysisForms, weightsForm } from './analyses-schema.js';
import { fieldText } from './schema-util.js';
import { dataFormat, uploadedText } from './data-format.js';
import { problemHead, problemText, problemWhere } from './error-text.js';
import { analysisResultsView } from './analysis-results.js';
import { bundleFromTexts, resultFiles } from './run-results.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { analysisOf } from '../../src/analysis/registry.js';
import {
  aliasField,
  analysisToggleField,
  applyEdits,
  dataField,
  defaultSpec,
  docFromSpec,
  excludeField,
  parseSpecDoc,
  registryField,
  replicationsField,
  optionField,
  robustnessCreateEdits,
  robustnessPresetField,
  ROBUSTNESS_PRESETS,
  rootOf,
  specText,
  specToYaml,
  specValue,
  syntheticField,
  uploadEdits,
  type RobustnessPreset,
  type SpecDocument,
  type SpecEdit,
  type SpecField,
  type SpecModel,
  type SpecPath,
} from './spec.js';

type View = 'projects' | 'data' | 'framework' | 'methods' | 'analyses' | 'spec' | 'run' | 'explore' | 'robustness' | 'export';
const VIEWS: View[] = ['projects', 'data', 'framework', 'methods', 'analyses', 'spec', 'run', 'explore', 'robustness', 'export'];

interface State {
  view: View;
  projects: ProjectSummary[];
  project?: Project;
  /** The spec document: the single source of truth (edited path by path). */
  doc: SpecDocument;
  /** Its plain value (derived after every edit; read-only for the views). */
  spec: SpecModel;
  /** The text saved and run: the document's text, or the user's own text in the YAML step. */
  yaml: string;
  /** Syntax error of the text in the YAML step: forms do not edit until it is fixed. */
  yamlError?: string;
  preview?: Preview & { fileName: string };
  schema?: JsonSchema;
  frameworks: Record<string, BuiltinFramework>;
  validation?: { ok: boolean; errors: ValidationError[]; parseError?: string };
  run?: RunRecord;
  runEvents: RunEvent[];
  running: boolean;
  ranks?: RanksData;
  explore?: ExploreState;
  robustness: { replications: number; presets: RobustnessPreset[] };
  unit?: string;
}

const S: State = {
  view: 'projects',
  projects: [],
  doc: docFromSpec({}),
  spec: {},
  yaml: '',
  frameworks: {},
  runEvents: [],
  running: false,
  robustness: { replications: 50, presets: ['weighting', 'weights'] },
};

const app = document.getElementById('app')!;
const statusEl = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
const mainEl = h('main', { id: 'main', tabindex: '-1' });

// ------------------------------------------------------------------ messages

function announce(msg: string): void {
  statusEl.textContent = msg;
}

function showError(e: unknown): void {
  if (e instanceof ApiError) {
    const loc = (e.body?.location ?? {}) as { path?: string; row?: number; column?: string | number };
    announce(`${t('err')}: ${problemText({ code: e.code, message: e.message, hint: e.hint, ...loc }, getLang(), S.schema)}`);
  } else announce(`${t('err')}: ${e instanceof Error ? e.message : String(e)}`);
  statusEl.classList.add('error');
  setTimeout(() => statusEl.classList.remove('error'), 4000);
}

// ------------------------------------------------------------------ saving

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> = Promise.resolve();
let dirty = false;

/**
 * Apply a form's edits to the spec document (each sets or deletes one path; the rest of the user's
 * spec, comments included, is untouched). Refused while the YAML text has a syntax error, so a form
 * never overwrites text the user is still fixing. Returns whether the spec changed.
 */
function editSpec(edits: readonly SpecEdit[]): boolean {
  if (!edits.length) return false;
  if (S.yamlError !== undefined) {
    showError(new Error(`${t('spec.parseError')} ${S.yamlError}`));
    return false;
  }
  if (!applyEdits(S.doc, edits)) return false;
  specChanged();
  return true;
}

/** The value a form control shows and the handler that writes a new one. */
function bind<V>(f: SpecField<V>): { value: V; set: (v: V) => boolean } {
  return { value: f.read(S.spec), set: (v: V) => editSpec(f.write(S.spec, v)) };
}

/** The document changed: refresh the derived value and the YAML shown, and save soon. */
function specChanged(): void {
  S.spec = specValue(S.doc);
  S.yaml = specText(S.doc);
  const ta = document.getElementById('spec-yaml') as HTMLTextAreaElement | null;
  if (ta && document.activeElement !== ta) ta.value = S.yaml;
  const side = document.getElementById('spec-side');
  if (side) side.textContent = S.yaml;
  scheduleSave();
}

function scheduleSave(): void {
  dirty = true;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void flushSave(), 400);
}

/** Save the current YAML now (awaits earlier saves). */
function flushSave(): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = undefined;
  saving = saving.then(async () => {
    if (!dirty || !S.project) return;
    dirty = false;
    const text = S.yaml;
    try {
      const p = await api.updateProject(S.project.id, S.project.version, { spec_yaml: text });
      S.project = { ...S.project, ...p, files: S.project.files };
      document.getElementById('save-state')?.replaceChildren(t('saved'));
      void validate();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'E_CONFLICT') {
        announce(t('conflict'));
        await openProject(S.project.id, S.view);
      } else showError(e);
    }
  });
  return saving;
}

let validateSeq = 0;
/** The spec text the shown validation result is of (a result of an earlier text is shown as pending, never as the current one's). */
let validatedYaml: string | undefined;
async function validate(): Promise<void> {
  if (!S.project) return;
  const seq = ++validateSeq;
  const text = S.yaml;
  try {
    const r = await api.validate(text, S.project.id);
    if (seq !== validateSeq) return;
    S.validation = r;
    validatedYaml = text;
  } catch (e) {
    showError(e);
    return;
  }
  renderValidation();
}

function renderValidation(): void {
  const box = document.getElementById('validation');
  if (!box || !S.validation) return;
  const v = S.validation;
  if (!v.parseError && validatedYaml !== S.yaml) {
    // the spec changed since: its check follows its save
    box.className = 'validation pending';
    setChildren(box, t('spec.checking'));
    return;
  }
  box.className = `validation ${v.ok ? 'ok' : 'bad'}`;
  if (v.parseError) setChildren(box, h('strong', null, t('spec.parseError')), ' ', v.parseError);
  else if (v.ok) setChildren(box, h('strong', null, '✓ ', t('spec.valid')));
  else
    setChildren(
      box,
      h('strong', null, t('spec.invalid', v.errors.length)),
      h(
        'ul',
        null,
        v.errors.map((e) =>
          getLang() === 'zh'
            ? h(
                'li',
                { title: e.code },
                h('strong', null, problemHead(e.code, 'zh')),
                problemWhere(e, 'zh', S.schema) ? `（位置：${problemWhere(e, 'zh', S.schema)}）` : '',
                '：',
                e.message,
                e.hint ? h('span', { class: 'hint' }, ` — ${e.hint}`) : null,
              )
            : h(
                'li',
                null,
                e.path ? h('code', null, e.path) : null,
                e.path ? ': ' : '',
                e.message,
                e.hint ? h('span', { class: 'hint' }, ` — ${e.hint}`) : null,
              ),
        ),
      ),
    );
  const runBtn = document.getElementById('run-start') as HTMLButtonElement | null;
  if (runBtn) runBtn.disabled = S.running || !v.ok;
}

// ------------------------------------------------------------------ navigation

function go(view: View): void {
  flushYamlInput();
  if (S.view === 'spec' || S.view !== view) disposeCharts();
  S.view = view;
  if (view !== 'explore') S.unit = undefined;
  render();
  (document.getElementById('view-title') as HTMLElement | null)?.focus();
}

function render(): void {
  document.documentElement.lang = getLang() === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t('app.title')}${S.project ? ` · ${S.project.name}` : ''}`;
  const header = h(
    'header',
    { class: 'top' },
    h('h1', null, t('app.title')),
    S.project ? h('span', { class: 'project-name', id: 'project-name' }, S.project.name) : null,
    h('span', { class: 'save-state', id: 'save-state', 'aria-live': 'off' }),
    h(
      'button',
      {
        type: 'button',
        id: 'lang-switch',
        lang: getLang() === 'zh' ? 'en' : 'zh-CN',
        'aria-label': t('lang.switchLabel'),
        onclick: () => {
          setLang(getLang() === 'zh' ? 'en' : 'zh');
          disposeCharts();
          render();
          document.getElementById('lang-switch')?.focus();
        },
      },
      t('lang.other'),
    ),
  );
  const nav = h(
    'nav',
    { 'aria-label': t('nav.label') },
    h(
      'ol',
      null,
      VIEWS.map((v, i) => {
        const enabled = v === 'projects' || (!!S.project && (v !== 'explore' || !!S.ranks) && (v !== 'export' || !!S.run));
        return h(
          'li',
          null,
          h(
            'button',
            { type: 'button', id: `nav-${v}`, 'aria-current': S.view === v ? 'step' : undefined, disabled: !enabled, onclick: () => go(v) },
            h('span', { class: 'num' }, String(i + 1)),
            ' ',
            t(`nav.${v}`),
          ),
        );
      }),
    ),
  );
  disposeCharts();
  setChildren(mainEl, h('h2', { id: 'view-title', tabindex: '-1' }, t(`nav.${S.view}`)), viewContent());
  setChildren(app, header, h('div', { class: 'layout' }, nav, mainEl), statusEl);
}

function viewContent(): HTMLElement {
  switch (S.view) {
    case 'projects':
      return projectsView();
    case 'data':
      return dataView();
    case 'framework':
      return frameworkView({ lang: getLang(), spec: () => S.spec, frameworks: S.frameworks, dataColumns: dataColumns(), edit: editSpec, announce });
    case 'methods':
      return methodsView();
    case 'analyses':
      return analysesView();
    case 'spec':
      return specView();
    case 'run':
      return runView();
    case 'explore':
      return exploreOrUnit();
    case 'robustness':
      return robustnessView();
    case 'export':
      return exportView();
  }
}

// ------------------------------------------------------------------ projects

function projectsView(): HTMLElement {
  const name = h('input', { type: 'text', id: 'new-project-name', required: true, maxlength: '200', value: '' });
  const form = h(
    'form',
    {
      class: 'new-project',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const n = name.value.trim();
        if (!n) {
          announce(t('proj.nameRequired'));
          name.focus();
          return;
        }
        try {
          const p = await api.createProject(n, specToYaml(defaultSpec(n, getLang())));
          announce(t('proj.created', n));
          await openProject(p.id, 'data');
        } catch (e) {
          showError(e);
        }
      },
    },
    field(t('proj.name'), name),
    h('button', { type: 'submit', id: 'new-project-create' }, t('proj.create')),
  );
  const list = S.projects.length
    ? h(
        'ul',
        { class: 'projects', id: 'project-list' },
        S.projects.map((p) =>
          h(
            'li',
            null,
            h('button', { type: 'button', class: 'link', onclick: () => void openProject(p.id, 'data') }, p.name),
            h('span', { class: 'meta' }, ` ${t('proj.updated')} ${p.updated.slice(0, 16).replace('T', ' ')} · v${p.version}`),
            ' ',
            h(
              'button',
              {
                type: 'button',
                class: 'icon',
                'aria-label': `${t('proj.delete')}: ${p.name}`,
                onclick: async () => {
                  if (!confirm(t('proj.confirmDelete', p.name))) return;
                  try {
                    await api.deleteProject(p.id);
                    if (S.project?.id === p.id) S.project = undefined;
                    await loadProjects();
                    render();
                  } catch (e) {
                    showError(e);
                  }
                },
              },
              '✕',
            ),
          ),
        ),
      )
    : h('p', null, t('proj.none'));
  return h(
    'div',
    null,
    h('section', { 'aria-labelledby': 'new-proj-h' }, h('h3', { id: 'new-proj-h' }, t('proj.new')), form),
    h('section', { 'aria-labelledby': 'list-h' }, h('h3', { id: 'list-h' }, t('proj.list')), list),
  );
}

async function loadProjects(): Promise<void> {
  S.projects = await api.projects();
}

/**
 * Take `text` as the spec: its document when it parses. When it does not, the text is kept (saved
 * and shown as typed) and the forms refuse edits until it is fixed; they show the last spec that
 * parsed (`keepLast`) or an empty one.
 */
function loadSpecText(text: string, keepLast = false): void {
  const parsed = parseSpecDoc(text);
  S.yaml = text;
  if (parsed.doc) {
    S.doc = parsed.doc;
    S.yamlError = undefined;
  } else {
    S.yamlError = parsed.error ?? 'YAML';
    if (!keepLast) S.doc = docFromSpec({});
  }
  S.spec = specValue(S.doc);
}

async function openProject(id: string, view: View): Promise<void> {
  const p = await api.project(id);
  S.project = p;
  loadSpecText(p.spec_yaml.trim() ? p.spec_yaml : specToYaml(defaultSpec(p.name, getLang())));
  S.run = undefined;
  S.ranks = undefined;
  S.preview = undefined;
  const dataFile = S.spec.data?.file;
  if (dataFile && p.files.some((f) => f.name === dataFile)) {
    try {
      S.preview = { ...(await api.preview(id, dataFile)), fileName: dataFile };
    } catch {
      /* preview is optional */
    }
  }
  try {
    const runs = await api.runs(id);
    const last = runs.find((r) => r.status === 'succeeded');
    if (last) await loadRun(last.run_id);
  } catch {
    /* no runs */
  }
  go(view);
  void validate();
}

// ------------------------------------------------------------------ data

/** The indicator and value columns of a long table: the spec's, else `indicator`/`value` by name, else the 3rd/4th column. */
function longColumns(pv: Preview): { indicator: string; value: string } {
  const data = S.spec.data ?? {};
  return {
    indicator: data.indicator ?? (pv.header.includes('indicator') ? 'indicator' : (pv.header[2] ?? '')),
    value: data.value ?? (pv.header.includes('value') ? 'value' : (pv.header[3] ?? '')),
  };
}

/** Indicator codes in the data: the numeric columns of a wide table, the distinct names in the indicator column of a long one. */
function dataColumns(): string[] {
  const pv = S.preview;
  if (!pv) return [];
  if (S.spec.data?.layout === 'long') {
    const ind = longColumns(pv).indicator;
    return pv.columns.find((c) => c.name === ind)?.values ?? [];
  }
  const skip = new Set([S.spec.data?.unit, S.spec.data?.period, ...(S.spec.data?.attributes ?? [])]);
  return pv.columns.filter((c) => c.numeric > 0 && c.text === 0 && !skip.has(c.name)).map((c) => c.name);
}

function dataView(): HTMLElement {
  const fileInput = h('input', { type: 'file', id: 'data-file', accept: '.csv,.tsv,.txt,.xlsx' });
  const uploadBtn = h(
    'button',
    {
      type: 'button',
      id: 'data-upload',
      onclick: async () => {
        const f = fileInput.files?.[0];
        if (!f || !S.project) {
          announce(t('data.chooseFirst'));
          return;
        }
        uploadBtn.disabled = true;
        announce(t('data.uploading', f.name));
        try {
          const r = await api.upload(S.project.id, f);
          S.project = await api.project(S.project.id);
          if (r.preview) {
            S.preview = { ...r.preview, fileName: r.file.name };
            editSpec(uploadEdits(S.spec, r.file.name, r.preview.suggestions));
          }
          announce(uploadedText(r.preview, r.file.name));
          render();
          document.getElementById('data-preview-h')?.focus();
        } catch (e) {
          showError(e);
          uploadBtn.disabled = false;
        }
      },
    },
    t('data.upload'),
  );
  const parts: HTMLElement[] = [h('div', { class: 'row upload' }, field(t('data.file'), fileInput, t('data.file.help')), uploadBtn)];
  const pv = S.preview;
  if (pv) parts.push(mappingForm(pv), previewTable(pv));
  return h('div', { class: 'data' }, parts);
}

function mappingForm(pv: Preview & { fileName: string }): HTMLElement {
  const cols: [string, string][] = pv.header.map((c) => [c, c]);
  const none: [string, string] = ['', t('data.none')];
  const column = (key: 'unit' | 'period' | 'indicator' | 'value', options: [string, string][], shown?: string) => {
    const b = bind(dataField(key));
    return select(options, shown ?? b.value, (v) => b.set(v), { id: `map-${key}` });
  };
  const layout = bind(dataField('layout', 'wide'));
  const layoutSel = select(
    [
      ['wide', t('data.wide')],
      ['long', t('data.long')],
    ],
    layout.value,
    (v) => {
      layout.set(v);
      render();
      document.getElementById('map-layout')?.focus();
    },
    { id: 'map-layout' },
  );
  const fields: HTMLElement[] = [
    h(
      'p',
      { id: 'data-meta' },
      h('strong', null, pv.fileName),
      ' · ',
      dataFormat(pv, pv.fileName).label,
      ': ',
      h('code', { id: 'data-encoding' }, dataFormat(pv, pv.fileName).value),
      ` · ${t('data.rows', pv.rowCount)}`,
      pv.panel ? ` · ${t('data.panel', pv.panel.units, pv.panel.periods, pv.panel.indicators)}` : '',
      pv.panel?.names ? ` ${t('data.names', pv.panel.names)}` : '',
    ),
    field(t('data.layout'), layoutSel, t('data.layout.help')),
    field(t('data.unitCol'), column('unit', cols)),
    field(t('data.periodCol'), column('period', [none, ...cols])),
  ];
  if (layout.value === 'long') {
    const lc = longColumns(pv);
    fields.push(field(t('data.indicatorCol'), column('indicator', cols, lc.indicator)));
    fields.push(field(t('data.valueCol'), column('value', cols, lc.value)));
  }
  const registry = bind(registryField);
  fields.push(
    field(
      t('data.registry'),
      select(
        [
          ['none', t('data.registryNone')],
          ['cn-provinces', t('data.registryCn')],
          ['cn-cities', t('data.registryCities')],
        ],
        registry.value,
        (v) => registry.set(v),
        { id: 'map-registry' },
      ),
      t('data.registry.help'),
    ),
  );
  const synthetic = bind(syntheticField);
  const synth = h('input', {
    type: 'checkbox',
    id: 'map-synthetic',
    checked: synthetic.value,
    onchange: () => {
      if (!synthetic.set(synth.checked)) synth.checked = syntheticField.read(S.spec);
    },
  });
  const sf = field(t('data.synthetic'), synth);
  sf.classList.add('check');
  fields.push(sf);
  const box = h('section', { class: 'mapping', 'aria-labelledby': 'map-h' }, h('h3', { id: 'map-h' }, t('data.mapping')), fields);
  if (pv.issues.length)
    box.append(
      h(
        'ul',
        { class: 'issues' },
        pv.issues
          .filter((i) => i.code !== 'E_UNKNOWN_UNITS')
          .map((i) => {
            const loc = (i.location ?? {}) as { row?: number; column?: string | number };
            return h('li', { title: i.code }, problemText({ code: i.code, message: i.message, hint: i.hint, row: loc.row, column: loc.column }, getLang()));
          }),
      ),
    );
  if (pv.unknownUnits.length) box.append(aliasEditor(pv));
  return box;
}

/** Unknown unit names: pick a suggestion (or type a name, or exclude the rows) → units.aliases / units.exclude. */
function aliasEditor(pv: Preview): HTMLElement {
  const rows = pv.unknownUnits.map((u, i) => {
    const alias = aliasField(u.name);
    const exclude = excludeField(u.name);
    const inp = h('input', {
      type: 'text',
      id: `alias-${i}`,
      list: `alias-sugg-${i}`,
      value: alias.read(S.spec),
      placeholder: u.suggestions[0] ?? '',
      'aria-label': t('alias.target', u.name),
    });
    const commit = () => {
      if (!editSpec(alias.write(S.spec, inp.value))) inp.value = alias.read(S.spec);
    };
    inp.addEventListener('change', commit);
    const ex = h('input', {
      type: 'checkbox',
      id: `alias-ex-${i}`,
      checked: exclude.read(S.spec),
      onchange: () => {
        if (!editSpec(exclude.write(S.spec, ex.checked))) ex.checked = exclude.read(S.spec);
      },
    });
    return h(
      'tr',
      null,
      h('th', { scope: 'row' }, h('code', null, u.name), ` ×${u.count}`),
      h(
        'td',
        null,
        u.suggestions.map((s) =>
          h(
            'button',
            {
              type: 'button',
              class: 'chip',
              'data-alias': u.name,
              onclick: () => {
                inp.value = s;
                commit();
                announce(t('alias.set', u.name, s));
              },
            },
            s,
          ),
        ),
      ),
      h(
        'td',
        null,
        inp,
        h(
          'datalist',
          { id: `alias-sugg-${i}` },
          u.suggestions.map((s) => h('option', { value: s })),
        ),
      ),
      h('td', null, h('label', { class: 'inline' }, ex, ' ', t('alias.exclude'))),
    );
  });
  return h(
    'section',
    { class: 'aliases', 'aria-labelledby': 'alias-h' },
    h('h4', { id: 'alias-h' }, t('alias.title', pv.unknownUnits.length)),
    h('p', { class: 'help' }, t('alias.help')),
    h(
      'table',
      { id: 'alias-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('alias.name')),
          h('th', { scope: 'col' }, t('alias.suggestions')),
          h('th', { scope: 'col' }, t('alias.alias')),
          h('th', { scope: 'col' }, t('alias.exclude')),
        ),
      ),
      h('tbody', null, rows),
    ),
  );
}

function previewTable(pv: Preview): HTMLElement {
  const shown = pv.header.slice(0, 12);
  return h(
    'section',
    { class: 'preview', 'aria-labelledby': 'data-preview-h' },
    h('h3', { id: 'data-preview-h', tabindex: '-1' }, t('data.preview', Math.min(pv.rows.length, 10), pv.rowCount)),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'preview-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            shown.map((c, j) =>
              h(
                'th',
                {
                  scope: 'col',
                  title: `${t('data.numeric')} ${pv.columns[j]?.numeric ?? 0} · ${t('data.missing')} ${pv.columns[j]?.missing ?? 0} · ${t('data.text')} ${pv.columns[j]?.text ?? 0}`,
                },
                c,
              ),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          pv.rows.slice(0, 10).map((r) =>
            h(
              'tr',
              null,
              shown.map((_, j) => h('td', null, r[j] === null || r[j] === undefined ? '' : String(r[j]))),
            ),
          ),
        ),
      ),
    ),
    pv.header.length > shown.length ? h('p', { class: 'help' }, t('data.moreCols', pv.header.length - shown.length)) : null,
  );
}

// ------------------------------------------------------------------ methods

function methodsView(): HTMLElement {
  if (!S.schema) return h('p', null, t('loading'));
  const stepsSchema = (S.schema.properties as JsonSchema).steps.properties as Record<string, JsonSchema>;
  const forms = STEPS.filter((s) => stepsSchema[s]).map((s) => {
    return stepForm(s, stepsSchema[s], specBinding(['steps', s]), {
      title: t(`step.${s}`),
      lang: getLang(),
      defaultWord: t('default'),
      yes: t('yes'),
      words: formWords(),
    });
  });
  return h('div', { class: 'methods split' }, h('div', { class: 'forms' }, h('p', { class: 'help' }, t('methods.help')), forms), specAside());
}

// ------------------------------------------------------------------ analyses

/** A schema-driven form bound to the options under `section` (each edit sets or deletes one path). */
function sectionForm(
  id: string,
  section: string[],
  schema: JsonSchema,
  title: string,
  choices?: FormLabels['choices'],
  codes?: FormLabels['codes'],
): HTMLElement {
  return stepForm(id, schema, specBinding(section), { title, lang: getLang(), defaultWord: t('default'), yes: t('yes'), choices, codes, words: formWords() });
}

/** The binding of a schema-driven form to the object at `section` of the spec (each write one edit of one path; `at` for nested objects and list items). */
function specBinding(section: SpecPath): OptionBinding {
  const option = (key: string, dflt: unknown) => optionField(section, key, dflt);
  return {
    read: (key, dflt) => option(key, dflt).read(S.spec),
    write: (key, dflt, v) => {
      editSpec(option(key, dflt).write(S.spec, v));
    },
    at: (key) => specBinding([...section, key]),
  };
}

/** The words of the nested forms (list buttons …) in the current language. */
function formWords(): NonNullable<FormLabels['words']> {
  return {
    add: t('form.add'),
    remove: t('form.remove'),
    up: t('form.up'),
    down: t('form.down'),
    set: t('form.set'),
    listHelp: t('form.listHelp'),
    badList: t('form.badList'),
  };
}

/** Framework nodes of the spec (inline or built-in), for choosing a score by name. */
function frameworkNodes(): FrameworkNodeSpec[] {
  const fw = S.spec.framework ?? {};
  if (Array.isArray(fw.nodes)) return fw.nodes;
  if (typeof fw.builtin === 'string' && S.frameworks[fw.builtin]) return S.frameworks[fw.builtin].nodes;
  return [];
}

/**
 * Analyses: the shared settings (analysed score chosen by name, group attribute, spatial weights)
 * and one checkbox per analysis of the schema with its options (see ./analyses-schema.ts).
 */
function analysesView(): HTMLElement {
  if (!S.schema) return h('p', null, t('loading'));
  const zh = getLang() === 'zh';
  const nodes = frameworkNodes();
  const parents = new Set(nodes.map((n) => n.parent).filter(Boolean));
  const nodeName = (n: FrameworkNodeSpec) => (zh ? n.nameZh || n.nameEn : n.nameEn || n.nameZh) || n.code;
  const alts = ((S.spec.steps?.aggregate?.alternatives ?? []) as { code?: string }[]).map((a) => a.code).filter((c): c is string => typeof c === 'string');
  const scoreField = optionField(['analyses'], 'score', '');
  const curScore = String(scoreField.read(S.spec) ?? '');
  const scoreOpts: [string, string][] = [['', t('an.scoreDefault')]];
  for (const n of nodes) if (parents.has(n.code) || n.parent === null || n.parent === undefined || n.parent === '') scoreOpts.push([n.code, nodeName(n)]);
  for (const n of nodes) if (!parents.has(n.code) && n.parent) scoreOpts.push([n.code, `${nodeName(n)} (${t('an.indicator')})`]);
  for (const c of alts) scoreOpts.push([c, c]);
  if (curScore && !scoreOpts.some(([v]) => v === curScore)) scoreOpts.push([curScore, curScore]);
  const scoreSel = select(scoreOpts, curScore, (v) => editSpec(scoreField.write(S.spec, v === '' ? undefined : v)), { id: 'an-score' });
  const groupField = optionField(['analyses'], 'group', '');
  const group = h('input', { type: 'text', id: 'an-group', list: 'an-group-list', value: String(groupField.read(S.spec) ?? '') });
  group.addEventListener('change', () => editSpec(groupField.write(S.spec, group.value.trim() === '' ? undefined : group.value.trim())));
  const attrs = ['region', ...(S.ranks?.attrs ?? []), ...(S.preview?.header ?? [])].filter((x, i, a) => a.indexOf(x) === i);
  const common = h(
    'fieldset',
    { class: 'step', id: 'an-common' },
    h('legend', null, t('an.common')),
    field(t('an.score'), scoreSel, t('an.scoreHelp')),
    field(t('an.group'), group, t('an.groupHelp')),
    h(
      'datalist',
      { id: 'an-group-list' },
      attrs.map((a) => h('option', { value: a })),
    ),
  );
  const ws = weightsForm(S.schema);
  const files: [string, string][] = [['', t('an.noFile')], ...(S.project?.files ?? []).map((f): [string, string] => [f.name, f.name])];
  const weights = ws ? sectionForm('an-weights', ['analyses', 'weights'], ws.schema, t('an.weights'), (k) => (k === 'file' ? [...files] : undefined)) : null;
  // a weights file is uploaded here (the Data step's upload would take a CSV as the data file) and named in analyses.weights.file
  const wInput = h('input', { type: 'file', id: 'an-weights-file', accept: '.csv,.gal,.geojson,.json,.xlsx' });
  const wBtn = h(
    'button',
    {
      type: 'button',
      id: 'an-weights-upload',
      onclick: async () => {
        const f = wInput.files?.[0];
        if (!f || !S.project) return;
        wBtn.disabled = true;
        try {
          const r = await api.upload(S.project.id, f);
          S.project = await api.project(S.project.id);
          editSpec(optionField(['analyses', 'weights'], 'file').write(S.spec, r.file.name));
          announce(t('an.weightsUploaded', r.file.name));
          render();
        } catch (e) {
          showError(e);
          wBtn.disabled = false;
        }
      },
    },
    t('an.weightsUpload'),
  );
  weights?.insertBefore(h('div', { class: 'row upload' }, field(t('an.weightsFile'), wInput), wBtn), weights.children[2] ?? null);
  // folded until weights are set or an analysis that may use them (spatial, Markov) is ticked
  const wanted = ['weights', 'spatial', 'markov'].some((k) => S.spec.analyses?.[k] !== undefined);
  const weightsBox = weights
    ? h('details', { class: 'weights-box', id: 'an-weights-box', open: wanted }, h('summary', { id: 'an-weights-summary' }, t('an.weights')), weights)
    : null;
  // an analysis's own `score` is chosen by name like the shared one (empty = analyses.score)
  const scoreChoices = (k: string) => (k === 'score' ? [['', t('an.scoreShared')] as [string, string], ...scoreOpts.slice(1)] : undefined);
  // a list of codes an analysis requires (the coupling's subsystems) is chosen among the framework's
  // non-leaf nodes, by name; optional lists (scores, covariates) are typed, comma-separated
  const groupOpts = scoreOpts.filter(([v]) => v !== '' && (parents.has(v) || alts.includes(v)));
  const required = (f: { schema: JsonSchema }) => (Array.isArray(f.schema.required) ? (f.schema.required as string[]) : []);
  const forms = analysisForms(S.schema).map((f) => {
    const toggle = analysisToggleField(f.key);
    const on = toggle.read(S.spec);
    const title = analysisOf(f.key)?.title;
    const name = title ? title[getLang()] : f.key;
    const codes = (k: string) => (required(f).includes(k) ? [...groupOpts] : undefined);
    const yamlOnly = f.yamlOnly;
    const opts = sectionForm(
      `an-${f.key}`,
      ['analyses', f.key],
      { ...f.schema, description: undefined, 'x-zh': undefined },
      t('an.options'),
      scoreChoices,
      codes,
    );
    opts.hidden = !on;
    const cb = h('input', {
      type: 'checkbox',
      id: `an-on-${f.key}`,
      checked: on,
      onchange: () => {
        editSpec(toggle.write(S.spec, cb.checked));
        opts.hidden = !toggle.read(S.spec);
      },
    });
    return h(
      'section',
      { class: 'analysis', id: `an-${f.key}-box`, 'data-analysis': f.key },
      h('div', { class: 'field check' }, cb, h('label', { for: cb.id }, h('strong', null, name), ' ', h('code', null, f.key))),
      fieldText(f.schema, f.key, getLang()).help ? h('p', { class: 'help' }, fieldText(f.schema, f.key, getLang()).help) : null,
      opts,
      yamlOnly.length
        ? h(
            'p',
            { class: 'help' },
            t('an.yamlOnly', yamlOnly.map((k) => fieldText(f.schema.properties?.[k] ?? {}, k, getLang()).label).join(getLang() === 'zh' ? '、' : ', ')),
          )
        : null,
    );
  });
  return h('div', { class: 'analyses split' }, h('div', { class: 'forms' }, h('p', { class: 'help' }, t('an.help')), common, weightsBox, forms), specAside());
}

function specAside(): HTMLElement {
  return h(
    'aside',
    { class: 'spec-side', 'aria-labelledby': 'spec-side-h' },
    h('h3', { id: 'spec-side-h' }, t('spec.current')),
    h('pre', { id: 'spec-side' }, S.yaml),
  );
}

// ------------------------------------------------------------------ spec

let yamlTimer: ReturnType<typeof setTimeout> | undefined;
let pendingYaml: string | undefined;

/** Take the text typed in the YAML step as the spec (its document when it parses) and save it. */
function applyYamlInput(): void {
  if (yamlTimer) clearTimeout(yamlTimer);
  yamlTimer = undefined;
  const text = pendingYaml;
  pendingYaml = undefined;
  if (text === undefined) return;
  loadSpecText(text, true);
  if (S.yamlError !== undefined) {
    S.validation = { ok: false, errors: [], parseError: S.yamlError };
    renderValidation();
  }
  scheduleSave();
}

/** Typed text not yet taken (the debounce is pending) is taken now: before leaving the step or editing a form. */
function flushYamlInput(): void {
  if (pendingYaml !== undefined) applyYamlInput();
}

function specView(): HTMLElement {
  const ta = h('textarea', { id: 'spec-yaml', spellcheck: 'false', rows: '28', 'aria-describedby': 'validation spec-help', value: S.yaml });
  ta.addEventListener('input', () => {
    pendingYaml = ta.value;
    if (yamlTimer) clearTimeout(yamlTimer);
    yamlTimer = setTimeout(applyYamlInput, 300);
  });
  const box = h('div', { id: 'validation', class: 'validation', 'aria-live': 'polite' });
  queueMicrotask(() => renderValidation());
  return h('div', { class: 'spec' }, h('p', { class: 'help', id: 'spec-help' }, t('spec.help')), field(t('spec.yaml'), ta), box);
}

// ------------------------------------------------------------------ run

function progressBox(): HTMLElement {
  return h(
    'div',
    { class: 'progress-box' },
    h('progress', { id: 'run-progress', max: '1', value: S.running ? undefined : S.run?.status === 'succeeded' ? 1 : 0, 'aria-labelledby': 'run-status' }),
    h('p', { id: 'run-status', role: 'status', 'aria-live': 'polite' }, S.run ? runStatusText(S.run.status) : t('run.idle')),
    h('ul', { id: 'run-log', class: 'log' }),
  );
}

function runStatusText(status: string, extra = ''): string {
  return `${t(`run.${status}`)}${extra}`;
}

async function startRun(after: View): Promise<void> {
  if (!S.project || S.running) return;
  await flushSave();
  await validate();
  if (!S.validation?.ok) {
    announce(t('run.invalid'));
    return;
  }
  S.running = true;
  S.runEvents = [];
  const btns = document.querySelectorAll<HTMLButtonElement>('.run-btn');
  btns.forEach((b) => (b.disabled = true));
  const statusP = document.getElementById('run-status');
  const prog = document.getElementById('run-progress') as HTMLProgressElement | null;
  const log = document.getElementById('run-log');
  try {
    const rec = await api.startRun(S.project.id);
    if (statusP) statusP.textContent = runStatusText('queued');
    let failCode: string | undefined;
    const final = await followRun(S.project.id, rec.run_id, (e) => {
      S.runEvents.push(e);
      if (e.type === 'status' && e.status === 'failed' && e.code) failCode = e.code;
      if (e.type === 'progress' && prog && statusP) {
        if (e.total) {
          prog.max = e.total;
          prog.value = e.done ?? 0;
          statusP.textContent = t('run.progress', e.phase ?? '', e.done ?? 0, e.total);
        } else {
          prog.removeAttribute('value');
          statusP.textContent = runStatusText('running');
        }
      } else if (e.type === 'status' && statusP && e.status) {
        statusP.textContent = runStatusText(e.status);
      } else if ((e.type === 'warning' || e.type === 'info') && log && log.childElementCount < 50) {
        log.append(h('li', { class: e.type }, e.code ? h('code', null, e.code) : null, ' ', e.message ?? ''));
      }
    });
    S.running = false;
    if (final.status === 'succeeded') {
      if (prog) {
        prog.max = 1;
        prog.value = 1;
      }
      await loadRun(final.run_id);
      if (statusP) statusP.textContent = runStatusText('succeeded');
      announce(t('run.done'));
      go(after);
    } else {
      // in Chinese, what the error's code means before the engine's detail (as the CLI)
      const head = failCode && getLang() === 'zh' ? `${problemHead(failCode, 'zh')}：` : '';
      if (statusP) statusP.textContent = `${runStatusText('failed')}: ${head}${final.error ?? ''}`;
      announce(t('run.failedMsg'));
      btns.forEach((b) => (b.disabled = false));
    }
  } catch (e) {
    S.running = false;
    btns.forEach((b) => (b.disabled = false));
    showError(e);
  }
}

async function loadRun(runId: string): Promise<void> {
  if (!S.project) return;
  S.run = await api.run(S.project.id, runId);
  S.ranks = undefined;
  if (S.run.outputs?.some((o) => o.name === 'ranks.csv')) {
    S.ranks = indexRanks(csvTable(await api.outputText(S.project.id, runId, 'ranks.csv')));
    const root = rootCode();
    const score = root && S.ranks.scores.includes(root) ? root : S.ranks.scores[0];
    S.explore = { score, periodIndex: Math.max(0, S.ranks.periods.length - 1), chart: 'map', sortKey: 'rank', sortDir: 1 };
  }
}

/** Children of a framework node (for the unit page's lines); [] for alternatives and unknown codes. */
function childCodes(code: string): string[] {
  const fw = S.spec.framework ?? {};
  const nodes: { code: string; parent?: string | null }[] = Array.isArray(fw.nodes)
    ? fw.nodes
    : typeof fw.builtin === 'string' && S.frameworks[fw.builtin]
      ? S.frameworks[fw.builtin].nodes
      : [];
  return nodes.filter((n) => n.parent === code).map((n) => n.code);
}

function rootCode(): string | undefined {
  const fw = S.spec.framework ?? {};
  if (Array.isArray(fw.nodes)) return rootOf(fw.nodes)?.code;
  if (typeof fw.builtin === 'string' && S.frameworks[fw.builtin]) return rootOf(S.frameworks[fw.builtin].nodes)?.code;
  return undefined;
}

function runView(): HTMLElement {
  const btn = h(
    'button',
    { type: 'button', id: 'run-start', class: 'primary run-btn', disabled: S.running || S.validation?.ok === false, onclick: () => void startRun('explore') },
    t('run.start'),
  );
  return h(
    'div',
    { class: 'run split' },
    h(
      'div',
      null,
      h('p', { class: 'help' }, t('run.help')),
      h('div', { id: 'validation', class: 'validation', 'aria-live': 'polite' }),
      btn,
      progressBox(),
      S.run ? h('p', null, t('run.last', S.run.run_id.slice(0, 8), t(`run.${S.run.status}`))) : null,
    ),
    specAside(),
    (queueMicrotask(renderValidation), null),
  );
}

// ------------------------------------------------------------------ explore

/**
 * The Explore view kept hidden beside a unit page opened from it, with what it was drawn from: "back"
 * shows it again (its ranking, charts and analysis results as they were) when none of that changed,
 * instead of drawing every chart again. Any render() replaces the children of main and so detaches it
 * (language switch, another step, a new run): back then builds the view afresh.
 */
let keptExplore: { el: HTMLElement; lang: Lang; runId: string | undefined; ranks: RanksData; state: ExploreState; stateKey: string; spec: unknown } | undefined;

function exploreOrUnit(): HTMLElement {
  if (!S.ranks || !S.explore) return h('p', null, t('ex.none'));
  let page: HTMLElement | undefined;
  const ctx = {
    lang: getLang(),
    data: S.ranks,
    state: S.explore,
    childrenOf: (code: string) => childCodes(code),
    nameOf: (code: string) => {
      const n = frameworkNodes().find((x) => x.code === code);
      return { zh: n?.nameZh || n?.nameEn || code, en: n?.nameEn || n?.nameZh || code };
    },
    openUnit: (u: string) => {
      const keep = !S.unit && page?.parentNode === mainEl && S.ranks && S.explore;
      S.unit = u;
      if (keep && page && S.ranks && S.explore) {
        page.hidden = true;
        const st = S.explore;
        keptExplore = { el: page, lang: getLang(), runId: S.run?.run_id, ranks: S.ranks, state: st, stateKey: JSON.stringify(st), spec: S.spec };
        mainEl.append(exploreOrUnit());
      } else {
        keptExplore = undefined;
        disposeCharts();
        setChildren(mainEl, h('h2', { id: 'view-title', tabindex: '-1' }, t('nav.explore')), exploreOrUnit());
      }
      document.getElementById('unit-title')?.focus();
    },
  };
  if (S.unit) {
    const unitPage: HTMLElement = unitView(ctx, S.unit, () => {
      const u = S.unit;
      S.unit = undefined;
      const k = keptExplore;
      keptExplore = undefined;
      const same =
        k !== undefined &&
        k.el.parentNode === mainEl &&
        unitPage.parentNode === mainEl &&
        S.view === 'explore' &&
        k.lang === getLang() &&
        k.runId === S.run?.run_id &&
        k.ranks === S.ranks &&
        k.state === S.explore &&
        k.stateKey === JSON.stringify(S.explore) &&
        k.spec === S.spec;
      if (same) {
        disposeChartsIn(unitPage);
        unitPage.remove();
        k.el.hidden = false;
        resizeChartsIn(k.el);
        // the analyses' results that arrived while the unit page was shown
        const box = k.el.querySelector('#results-box');
        if (box?.querySelector('#results-loading') && resultsCache?.runId === S.run?.run_id && resultsCache?.bundle)
          setChildren(box as HTMLElement, resultsBox());
      } else {
        disposeCharts();
        setChildren(mainEl, h('h2', { id: 'view-title', tabindex: '-1' }, t('nav.explore')), exploreOrUnit());
      }
      (document.querySelector(`button[data-unit="${CSS.escape(u ?? '')}"]`) as HTMLElement | null)?.focus();
    });
    return unitPage;
  }
  const results = h('div', { id: 'results-box' }, resultsBox());
  page = h('div', null, exploreView(ctx), results);
  return page;
}

/** The analyses' results of the current run (loaded once per run, then drawn from the cache). */
let resultsCache: { runId: string; bundle?: RunBundle; loading?: Promise<void> } | undefined;

function resultsBox(): HTMLElement {
  if (!S.project || !S.run) return h('p', null, t('ex.none'));
  const pid = S.project.id;
  const rid = S.run.run_id;
  const csvUrl = (table: string) => outputUrl(pid, rid, `${table}.csv`);
  if (resultsCache?.runId === rid && resultsCache.bundle) return analysisResultsView(resultsCache.bundle, csvUrl);
  if (resultsCache?.runId !== rid || !resultsCache.loading) {
    const run = S.run;
    const cache: NonNullable<typeof resultsCache> = { runId: rid };
    resultsCache = cache;
    cache.loading = (async () => {
      const files = resultFiles((run.outputs ?? []).map((o) => o.name));
      const texts = await Promise.all(files.map((f) => api.outputText(pid, rid, f)));
      const runJson = await api.outputText(pid, rid, 'run.json');
      cache.bundle = bundleFromTexts(runJson, new Map(files.map((f, i) => [f, texts[i]])));
    })();
    cache.loading
      .then(() => {
        const box = document.getElementById('results-box');
        if (box && S.run?.run_id === rid && S.view === 'explore' && !S.unit) setChildren(box, resultsBox());
      })
      .catch((e) => {
        resultsCache = undefined;
        showError(e);
      });
  }
  return h('p', { class: 'help', id: 'results-loading' }, t('res.loading'));
}

// ------------------------------------------------------------------ robustness

/**
 * Robustness: with a robustness section in the spec, the controls edit it in place (replications,
 * preset factors added/removed by name; the user's other factors and settings kept) and a run uses
 * it as it is. Without one, the controls hold the choice until "add" or "run" creates the section.
 */
function robustnessView(): HTMLElement {
  const r = S.robustness;
  const has = () => S.spec.robustness !== undefined && S.spec.robustness !== null;
  const shownN = has() ? replicationsField.read(S.spec) : r.replications;
  const n = h('input', { type: 'number', id: 'rob-n', min: '2', max: '100000', step: '1', value: shownN === undefined ? '' : String(shownN) });
  n.addEventListener('change', () => {
    const v = Math.round(Number(n.value));
    if (n.value !== '' && v >= 2) {
      if (has()) editSpec(replicationsField.write(S.spec, v));
      else r.replications = v;
    } else {
      const cur = has() ? replicationsField.read(S.spec) : r.replications;
      n.value = cur === undefined ? '' : String(cur);
    }
  });
  const boxes = ROBUSTNESS_PRESETS.map((p) => {
    const f = robustnessPresetField(p);
    const cb = h('input', {
      type: 'checkbox',
      id: `rob-${p}`,
      checked: has() ? f.read(S.spec) : r.presets.includes(p),
      onchange: () => {
        if (has()) {
          const edits = f.write(S.spec, cb.checked);
          if (!edits.length && cb.checked !== f.read(S.spec)) announce(t('rob.pickOne'));
          editSpec(edits);
          cb.checked = f.read(S.spec);
        } else r.presets = cb.checked ? [...new Set([...r.presets, p])] : r.presets.filter((x) => x !== p);
      },
    });
    return h('div', { class: 'field check' }, cb, h('label', { for: cb.id }, t(`rob.${p}`)));
  });
  /** Make sure the spec has a robustness section (the form's choice when it has none). */
  const apply = () => {
    if (has()) return true;
    if (!r.presets.length) {
      announce(t('rob.pickOne'));
      return false;
    }
    return editSpec(robustnessCreateEdits(S.spec, r.replications, r.presets));
  };
  const results = h('div', { id: 'rob-results' });
  if (S.run?.outputs?.some((o) => o.name === 'uncertainty_unstable.csv') && S.project) void showRobustness(results);
  return h(
    'div',
    { class: 'robustness split' },
    h(
      'div',
      null,
      h('p', { class: 'help' }, t('rob.help')),
      h('fieldset', null, h('legend', null, t('rob.factors')), boxes),
      field(t('rob.n'), n, t('rob.n.help')),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          {
            type: 'button',
            id: 'rob-apply',
            onclick: () => {
              if (apply()) announce(t('rob.added'));
            },
          },
          t('rob.add'),
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'rob-remove',
            onclick: () => {
              if (editSpec([{ path: ['robustness'], value: undefined }])) announce(t('rob.removed'));
            },
          },
          t('rob.remove'),
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'rob-run',
            class: 'primary run-btn',
            disabled: S.running,
            onclick: () => {
              if (apply()) void startRun('robustness');
            },
          },
          t('rob.run'),
        ),
      ),
      progressBox(),
      results,
    ),
    specAside(),
  );
}

async function showRobustness(box: HTMLElement): Promise<void> {
  if (!S.project || !S.run) return;
  try {
    const parts: HTMLElement[] = [];
    // Headers, factors and choices in the user's language, as the report shows them (src/report/labels.ts).
    const factors = ((S.spec.robustness as { factors?: FactorLike[] } | undefined)?.factors ?? []).filter((f) => typeof f?.name === 'string');
    const labels: LabelContext = { lang: getLang(), names: new Map(), factors };
    for (const name of ['uncertainty_unstable.csv', 'method_comparison.csv']) {
      if (!S.run.outputs?.some((o) => o.name === name)) continue;
      const table = name.replace('.csv', '');
      const rows = parseCsv(await api.outputText(S.project.id, S.run.run_id, name)).filter((r) => r.length > 1);
      const [head, ...body] = rows;
      const numeric = head.map((_, j) => body.every((r) => r[j] === '' || Number.isFinite(Number(r[j]))));
      const formats = head.map((_, j) => inferFormat(body.map((r) => (numeric[j] && r[j] !== '' ? Number(r[j]) : null))));
      parts.push(
        h(
          'table',
          { class: 'ranking', id: `rob-${name.replace('.csv', '')}` },
          h('caption', null, t(`rob.table.${table}`)),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              head.map((c) => h('th', { scope: 'col' }, columnLabel(table, c, labels))),
            ),
          ),
          h(
            'tbody',
            null,
            body.slice(0, 15).map((r) =>
              h(
                'tr',
                null,
                r.map((c, j) =>
                  h('td', null, numeric[j] && c !== '' ? formatNumber(Number(c), formats[j], 4) : String(cellLabel(table, head[j], c, labels) ?? '')),
                ),
              ),
            ),
          ),
        ),
      );
    }
    setChildren(box, parts);
  } catch (e) {
    showError(e);
  }
}

// ------------------------------------------------------------------ export

function exportView(): HTMLElement {
  if (!S.project || !S.run) return h('p', null, t('ex.none'));
  const pid = S.project.id;
  const rid = S.run.run_id;
  const outs = S.run.outputs ?? [];
  const link = (href: string, text: string, id: string, download?: string) => h('a', { href, id, download: download ?? '' }, text);
  const items: HTMLElement[] = [
    h('li', null, link(runSpecUrl(pid, rid), t('exp.spec'), 'export-spec', 'nqpf.yaml'), h('span', { class: 'help' }, ` — ${t('exp.spec.help')}`)),
  ];
  if (outs.some((o) => o.name === 'report.html')) {
    items.push(
      h(
        'li',
        null,
        link(outputUrl(pid, rid, 'report.html'), t('exp.report'), 'export-report', 'report.html'),
        ' · ',
        h('a', { href: outputUrl(pid, rid, 'report.html', true), target: '_blank', rel: 'noopener', id: 'export-report-view' }, t('exp.reportView')),
      ),
    );
  } else items.push(h('li', { class: 'help' }, t('exp.noReport')));
  if (outs.some((o) => o.name === 'results.xlsx'))
    items.push(h('li', null, link(outputUrl(pid, rid, 'results.xlsx'), 'results.xlsx', 'export-xlsx', 'results.xlsx')));
  if (outs.some((o) => o.name === 'tables.docx'))
    items.push(h('li', null, link(outputUrl(pid, rid, 'tables.docx'), 'tables.docx', 'export-docx', 'tables.docx')));
  const figures = outs.filter((o) => o.name.startsWith('figures/') && (o.name.endsWith('.svg') || o.name.endsWith('.png')));
  if (figures.length)
    items.push(
      h(
        'li',
        null,
        t('exp.figures'),
        ' ',
        ...figures.map((o) =>
          h('span', null, link(outputUrl(pid, rid, o.name), o.name.slice(8), `export-fig-${o.name.replace(/[^a-z0-9]/gi, '-')}`, o.name.slice(8)), ' '),
        ),
      ),
    );
  const tables = outs.filter((o) => o.name.endsWith('.csv') || o.name.endsWith('.json') || o.name.endsWith('.txt'));
  return h(
    'div',
    { class: 'export' },
    h('p', null, t('exp.run', rid.slice(0, 8))),
    h('ul', { class: 'downloads' }, items),
    h('h3', null, t('exp.tables')),
    h(
      'ul',
      { class: 'downloads tables', id: 'export-tables' },
      tables.map((o) =>
        h(
          'li',
          null,
          link(outputUrl(pid, rid, o.name), o.name, `export-${o.name.replace(/[^a-z0-9]/gi, '-')}`, o.name),
          h('span', { class: 'meta' }, ` ${(o.size / 1024).toFixed(1)} kB`),
        ),
      ),
    ),
  );
}

// ------------------------------------------------------------------ start

async function start(): Promise<void> {
  render();
  try {
    const [schema, frameworks] = await Promise.all([api.schema(), api.frameworks(), loadProjects()]);
    S.schema = schema;
    S.frameworks = frameworks;
    render();
    document.body.dataset.ready = 'true';
  } catch (e) {
    showError(e);
    if (e instanceof ApiError && e.status === 401) setChildren(mainEl, h('h2', null, t('auth.title')), h('p', null, t('auth.body')));
  }
}

export type { Lang };
void start();

/**
 * The generated "Data and methods" section of a run, in Chinese or English, ready to paste into
 * a paper: data, indicator framework, each construction step with the method the run actually
 * used (read from the run log, not from defaults), its formula in plain Unicode text, the
 * resulting top-level weights, the analyses present in the run, the robustness set-up and the
 * provenance (nqpf version, seed, SHA-256 of the inputs). Every method named is cited
 * (author–year) and the cited works are returned as a formatted reference list.
 *
 * Pure: it reads only the {@link RunBundle} (run.json + tables), so it works in a browser too.
 * Cost: linear in the size of the framework, weights and log; tables are only looked up.
 */
import { ANALYSIS_LIST } from '../analysis/registry.js';
import { UnitRegistry } from '../core/units/registry.js';
import type { MethodsWriter } from '../analysis/descriptor.js';
import { arr, baseName, fmt, isObj, num, obj, str, val, type Loose } from '../core/loose.js';
import { columnOf, type ReportCell, type ReportTable, type RunBundle } from './bundle.js';
import { citeText, formatReference, reference, referenceSortKey } from './references.js';
import { CITE_MARK, type MethodText } from '../pipeline/descriptor.js';
import { NORMALISE, type NormaliseDescriptor } from '../pipeline/normalise/index.js';
import { AGGREGATE, type AggregateDescriptor } from '../pipeline/aggregate/index.js';
import { TREAT, type TreatDescriptor } from '../pipeline/treat/index.js';
import { IMPUTE, type ImputeDescriptor } from '../pipeline/impute/index.js';
import { WEIGHT, type WeightDescribeContext, type WeightDescriptor } from '../pipeline/weight/index.js';

export type MethodsLang = 'zh' | 'en';

export interface MethodsParagraph {
  /** Sub-heading of the paragraph (absent for a continuation paragraph). */
  heading?: string;
  text: string;
}

export interface MethodsText {
  title: string;
  paragraphs: MethodsParagraph[];
  /** Formatted reference list of every work cited in `paragraphs` (en: APA-like; zh: GB/T 7714 author–year). */
  references: string[];
}

type Obj = Loose;

interface FwNode {
  code: string;
  parent: string;
  level: number;
  indicator: boolean;
  name: string;
  direction: number;
}

/** The framework as nodes: from the `framework` table, else reconstructed from `weights`. */
function frameworkNodes(b: RunBundle, lang: MethodsLang): FwNode[] {
  const fw = b.tables.get('framework');
  if (fw) {
    const g = (r: ReportCell[], c: string): ReportCell => r[fw.header.indexOf(c)] ?? null;
    return fw.rows.map((r) => ({
      code: String(g(r, 'code')),
      parent: g(r, 'parent') == null ? '' : String(g(r, 'parent')),
      level: Number(g(r, 'level')),
      indicator: g(r, 'type') === 'indicator',
      name: String((lang === 'zh' ? g(r, 'nameZh') : g(r, 'nameEn')) ?? g(r, 'nameEn') ?? g(r, 'nameZh') ?? g(r, 'code')),
      direction: Number(g(r, 'direction') ?? 1),
    }));
  }
  const w = b.tables.get('weights');
  if (!w) return [];
  const periodCol = w.header.indexOf('period');
  const rows = periodCol < 0 ? w.rows : w.rows.filter((r) => r[periodCol] === w.rows[0][periodCol]);
  const g = (r: ReportCell[], c: string): ReportCell => r[w.header.indexOf(c)] ?? null;
  const parents = new Set(
    rows
      .map((r) => g(r, 'parent'))
      .filter((x) => x != null)
      .map(String),
  );
  return rows.map((r) => ({
    code: String(g(r, 'node')),
    parent: g(r, 'parent') == null ? '' : String(g(r, 'parent')),
    level: Number(g(r, 'level')),
    indicator: !parents.has(String(g(r, 'node'))),
    name: String(g(r, 'name') ?? g(r, 'node')),
    direction: 1,
  }));
}

/** Group items by a signature string; largest group first (ties: first appearance). */
function groupBy<T>(items: [string, T][], sig: (t: T) => string): { sig: string; first: T; keys: string[] }[] {
  const m = new Map<string, { sig: string; first: T; keys: string[] }>();
  for (const [k, t] of items) {
    const s = sig(t);
    const e = m.get(s);
    if (e) e.keys.push(k);
    else m.set(s, { sig: s, first: t, keys: [k] });
  }
  return [...m.values()].sort((a, b) => b.keys.length - a.keys.length);
}

const KEEP0 = '\u0001';
const KEEP1 = '\u0002';

/**
 * Chinese typesetting: a space between CJK ideographs and Latin letters or digits ("采用 TOPSIS
 * 法", "共 24 个"), outside the parts marked by {@link Writer.keep} (names are left as written);
 * then the marks are removed.
 */
function spaced(text: string): string {
  return text
    .split(/(\u0001[^\u0002]*\u0002)/)
    .map((part) =>
      part.startsWith(KEEP0)
        ? part.slice(1, -1)
        : part.replace(/([\u4e00-\u9fff])([A-Za-z0-9])/g, '$1 $2').replace(/([A-Za-z0-9%])([\u4e00-\u9fff])/g, '$1 $2'),
    )
    .join('');
}

class Writer {
  readonly cited: string[] = [];
  readonly nodes: FwNode[];
  readonly byCode: Map<string, FwNode>;
  readonly spec: Obj;
  readonly paragraphs: MethodsParagraph[] = [];

  constructor(
    readonly b: RunBundle,
    readonly lang: MethodsLang,
  ) {
    this.nodes = frameworkNodes(b, lang);
    this.byCode = new Map(this.nodes.map((n) => [n.code, n]));
    this.spec = obj(b.run.spec);
  }

  /** More than one period: scope/pooling choices matter and are described. */
  get panel(): boolean {
    return this.periods().length >= 2;
  }

  get zh(): boolean {
    return this.lang === 'zh';
  }

  /** zh or en text. */
  t(zh: string, en: string): string {
    return this.zh ? zh : en;
  }

  /** Parenthetical author–year citation of one or more REFERENCES keys (recorded for the list). */
  cite(...keys: string[]): string {
    for (const k of keys) if (!this.cited.includes(k)) this.cited.push(k);
    const parts = keys.map((k) => citeText(reference(k), this.lang));
    return this.zh ? `（${parts.join('；')}）` : ` (${parts.join('; ')})`;
  }

  /** A method's own sentence ({@link MethodText}) in this language, its citation markers rendered. */
  say(mt: MethodText): string {
    return (this.zh ? mt.zh : mt.en).replace(CITE_MARK, (_m, keys: string) => this.cite(...keys.split(',')));
  }

  /** Quoted display name of a framework code. */
  q(code: string): string {
    return `“${this.name(code)}”`;
  }

  /** Display name of a framework code (protected from the CJK–Latin spacing pass). */
  name(code: string): string {
    return this.keep(this.byCode.get(code)?.name ?? code);
  }

  /** English: "the <name>" for a framework node, the bare code otherwise. */
  the(code: string): string {
    return this.byCode.has(code) ? `the ${this.name(code)}` : code;
  }

  /** Mark text (names, notices) to be left exactly as is by {@link spaced}. */
  keep(s: string): string {
    return this.zh ? `${KEEP0}${s}${KEEP1}` : s;
  }

  /** Narrative citation: "Saltelli 等（2010）" / "Saltelli et al. (2010)". */
  citeN(key: string): string {
    if (!this.cited.includes(key)) this.cited.push(key);
    const r = reference(key);
    const a = r.authors;
    const zhWork = r.zh || a.every((x) => x.cjk);
    const who =
      a.length === 1
        ? a[0].family
        : a.length === 2
          ? zhWork
            ? `${a[0].family}、${a[1].family}`
            : `${a[0].family} & ${a[1].family}`
          : this.zh || zhWork
            ? `${a[0].family}等`
            : `${a[0].family} et al.`;
    return this.zh ? `${who}（${r.year}）` : `${who} (${r.year})`;
  }

  list(items: string[]): string {
    if (this.zh) return items.join('、');
    if (items.length <= 1) return items.join('');
    if (items.length === 2) return `${items[0]} and ${items[1]}`;
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  }

  push(heading: string | undefined, sentences: string[]): void {
    const text = spaced(sentences.filter((s) => s.length > 0).join(this.zh ? '' : ' '));
    if (text) this.paragraphs.push(heading ? { heading, text } : { text });
  }

  log(step: string): Obj | undefined {
    for (const e of arr(this.b.run.log)) if (isObj(e) && e.step === step) return obj(e.options);
    return undefined;
  }

  table(name: string): ReportTable | undefined {
    return this.b.tables.get(name);
  }

  summary(): Obj {
    return obj(this.b.run.summary);
  }

  periods(): string[] {
    const p = arr(this.summary().periods).map(String);
    if (p.length) return p;
    const r = this.table('ranks');
    const c = r ? columnOf(r, 'period') : undefined;
    return c ? [...new Set(c.filter((x) => x != null).map(String))] : [];
  }

  nUnits(): number {
    const u = num(this.summary().units);
    if (u !== undefined) return u;
    const r = this.table('ranks');
    const c = r ? columnOf(r, 'unit') : undefined;
    return c ? new Set(c.map(String)).size : 0;
  }

  root(): FwNode | undefined {
    return this.nodes.find((n) => n.parent === '');
  }

  indicators(): FwNode[] {
    return this.nodes.filter((n) => n.indicator);
  }

  /** Indicators under a node (the node itself when it is an indicator). */
  indicatorsUnder(code: string): FwNode[] {
    const out: FwNode[] = [];
    const walk = (c: string): void => {
      const n = this.byCode.get(c);
      if (n?.indicator) out.push(n);
      for (const k of this.nodes) if (k.parent === c) walk(k.code);
    };
    walk(code);
    return out;
  }

  children(code: string): FwNode[] {
    return this.nodes.filter((n) => n.parent === code);
  }

  unitWord(): string {
    const reg = str(obj(this.spec.units).registry);
    if (reg === 'cn-provinces') return this.t('省份', 'provinces');
    if (reg === 'cn-cities') return this.t('城市', 'cities');
    return this.t('个单元', 'units');
  }
}

// ------------------------------------------------------------------------------------ sections

function dataSection(w: Writer): void {
  const data = obj(w.spec.data);
  const input = w.b.run.inputs.find((i) => i.role === 'data');
  const file = baseName(input?.path ?? str(data.file) ?? '');
  const enc = input?.encoding ? input.encoding.toUpperCase() : undefined;
  const layout = str(data.layout) === 'long' ? w.t('长表', 'long') : w.t('宽表', 'wide');
  const periods = w.periods();
  const n = w.nUnits();
  const T = periods.length;
  const s: string[] = [];
  const unitWord = w.unitWord();
  const unitsZh = unitWord === '省份' ? `${n} 个省份` : unitWord === '城市' ? `${n} 个地级及以上城市` : `${n} 个单元`;
  if (T >= 2) {
    const numeric = periods.every((p) => /^\d{4}$/.test(p));
    const span = numeric
      ? w.t(`${periods[0]}—${periods[T - 1]} 年`, `${periods[0]}–${periods[T - 1]}`)
      : w.t(`${periods[0]} 至 ${periods[T - 1]}`, `${periods[0]} to ${periods[T - 1]}`);
    s.push(
      w.t(
        `本文以${unitsZh}为研究对象，样本期为 ${span}（共 ${T} 期），共 ${n * T} 个${unitWord === '省份' ? '省份–年份' : unitWord === '城市' ? '城市–年份' : '单元–时期'}观测值。`,
        `The study covers ${n} ${unitWord} over ${span} (${T} periods), that is ${n * T} ${unitWord === 'provinces' ? 'province-years' : unitWord === 'cities' ? 'city-years' : 'unit-periods'}.`,
      ),
    );
  } else {
    s.push(
      w.t(
        `本文以${unitsZh}为研究对象，采用${T === 1 ? ` ${periods[0]} 期的` : ''}截面数据。`,
        `The study covers ${n} ${unitWord} in a single cross-section${T === 1 ? ` (${periods[0]})` : ''}.`,
      ),
    );
  }
  s.push(
    w.t(
      `数据取自文件 ${file}（${layout}格式${enc ? `，${enc} 编码` : ''}）。`,
      `The data were read from ${file} (${layout} layout${enc ? `, ${enc} encoding` : ''}).`,
    ),
  );
  const droppedU = arr(w.summary().droppedUnits).map(String);
  const droppedI = arr(w.summary().droppedIndicators).map(String);
  if (droppedU.length)
    s.push(
      w.t(
        `经数据可得性筛选，剔除了 ${droppedU.length} 个单元（${w.list(droppedU)}）。`,
        `Screening for data availability removed ${droppedU.length} unit(s) (${w.list(droppedU)}).`,
      ),
    );
  if (droppedI.length)
    s.push(
      w.t(
        `剔除了 ${droppedI.length} 个指标（${w.list(droppedI.map((c) => w.name(c)))}）。`,
        `It removed ${droppedI.length} indicator(s) (${w.list(droppedI.map((c) => w.name(c)))}).`,
      ),
    );
  if (w.b.run.synthetic) {
    const notice = w.keep(str(w.b.run.notice) ?? 'SYNTHETIC DATA');
    s.push(
      w.t(
        `需要特别说明的是，本文所用数据为合成数据（SYNTHETIC），仅用于演示计算流程，不是官方统计数据，不能作为实证结论引用：${notice}`,
        `Note that these data are SYNTHETIC: they were generated to demonstrate the procedure, are not official statistics, and no empirical conclusion may be drawn from them. ${notice}`,
      ),
    );
  }
  w.push(w.t('数据来源与样本', 'Data'), s);
}

function frameworkSection(w: Writer): void {
  const root = w.root();
  if (!root) return;
  const inds = w.indicators();
  const maxLevel = Math.max(...w.nodes.map((n) => n.level));
  const s: string[] = [];
  const tops = w.children(root.code);
  const topNames = tops.map((n) => w.q(n.code));
  const aggLevels: { level: number; count: number }[] = [];
  for (let l = maxLevel - 1; l >= 2; l--) {
    const c = w.nodes.filter((n) => n.level === l && !n.indicator).length;
    if (c) aggLevels.push({ level: l, count: c });
  }
  const ordZh = ['一', '二', '三', '四', '五', '六'];
  if (w.zh) {
    const dims = aggLevels.map((a, i) => (i === 0 ? `${topNames.join('')} ${a.count} 个一级维度` : `${a.count} 个${ordZh[i] ?? String(i + 1)}级维度`));
    s.push(`评价指标体系共 ${maxLevel} 层：以${w.q(root.code)}为目标层，${dims.length ? `下设${dims.join('和')}，` : ''}共 ${inds.length} 个基础指标。`);
  } else {
    const dims = aggLevels.map((a, i) => (i === 0 ? `${a.count} dimensions (${w.list(topNames)})` : `${a.count} ${'sub-'.repeat(i)}dimensions`));
    s.push(
      `The indicator framework has ${maxLevel} levels: the ${w.name(root.code)}${dims.length ? ` is composed of ${w.list(dims)}, with` : ' aggregates'} ${inds.length} indicators in total.`,
    );
  }
  if (tops.length > 1 && tops.some((t) => !t.indicator)) {
    const per = tops.map((t) => `${w.name(t.code)} ${w.indicatorsUnder(t.code).length} 个`);
    const perEn = tops.map((t) => `${w.indicatorsUnder(t.code).length} (${w.name(t.code)})`);
    s.push(w.t(`其中，${per.join('、')}指标。`, `The dimensions contain ${w.list(perEn)} indicators respectively.`));
  }
  const neg = inds.filter((n) => n.direction < 0);
  if (w.table('framework')) {
    if (neg.length) {
      s.push(
        w.t(
          `正向指标 ${inds.length - neg.length} 个，负向指标 ${neg.length} 个（${neg.map((n) => w.name(n.code)).join('、')}），负向指标在标准化时作反向处理。`,
          `${inds.length - neg.length} indicators are positive (larger is better) and ${neg.length} negative ` +
            `(${w.list(neg.map((n) => w.name(n.code)))}); the negative ones are reversed in normalisation.`,
        ),
      );
    } else {
      s.push(w.t('全部指标均为正向指标。', 'All indicators are positive (larger is better).'));
    }
  }
  w.push(w.t('评价指标体系', 'Indicator framework'), s);
}

/** An imputation method of the registry, or undefined for a name the registry does not know. */
function imputeMethod(o: Obj): ImputeDescriptor | undefined {
  return (IMPUTE as readonly ImputeDescriptor[]).find((d) => d.name === str(o.method));
}

/** The method's phrase (its descriptor's `describe`) and the works it lists; the bare name for an unknown method. */
function imputeText(w: Writer, o: Obj): MethodText {
  const d = imputeMethod(o);
  const opts = d && optionsFor(d, o);
  if (d && opts) return d.describe(opts as never, { panel: w.panel, subject: '' });
  const m = str(o.method) ?? '';
  return { zh: m, en: m, cites: [] };
}

function preprocessSection(w: Writer): void {
  const s: string[] = [];
  // Denominate.
  const den = obj(w.log('denominate')?.byIndicator);
  const denEntries = Object.entries(den).filter(([, v]) => isObj(v) && str(v.denominator));
  if (denEntries.length) {
    const items = denEntries.map(([k, v]) => {
      const sc = num(obj(v).scale) ?? 1;
      return w.t(
        `${w.name(k)} = 原值 / ${str(obj(v).denominator)}${sc !== 1 ? ` × ${sc}` : ''}`,
        `${w.name(k)} = value / ${str(obj(v).denominator)}${sc !== 1 ? ` × ${sc}` : ''}`,
      );
    });
    s.push(
      w.t(
        `首先，对 ${denEntries.length} 个规模类指标以分母变量进行比值化处理（x′ = x / d × s）：${items.join('；')}。`,
        `First, ${denEntries.length} indicator${denEntries.length > 1 ? 's were' : ' was'} expressed as ratios to a denominator (x′ = x / d × s): ${items.join('; ')}.`,
      ),
    );
  }
  // Impute.
  const imp = obj(w.log('impute')?.byIndicator);
  // Indicators read the same when the method and its own options agree; methods that fill nothing are not described.
  const impGroups = groupBy(
    Object.entries(imp).map(([k, v]) => [k, obj(v)] as [string, Obj]),
    (o) => {
      const d = imputeMethod(o);
      return JSON.stringify([str(o.method), ...(d ? Object.keys(d.options.shape).map((k) => o[k] ?? null) : [])]);
    },
  ).filter((g) => imputeMethod(g.first)?.noop !== true);
  const impTable = w.table('imputation');
  let filled = 0;
  if (impTable) for (const v of columnOf(impTable, 'filled') ?? []) filled += typeof v === 'number' ? v : 0;
  if (impGroups.length) {
    const total = Object.keys(imp).length;
    const listed: string[] = [];
    const parts = impGroups.map((g) => {
      const t = imputeText(w, g.first);
      for (const k of t.cites) if (!listed.includes(k)) listed.push(k);
      const desc = w.say(t);
      const all = g.keys.length === total;
      const who = all ? '全部指标' : g.keys.map((k) => w.name(k)).join('、');
      return w.t(`${who}采用${desc}`, `${desc}${all ? '' : ` (${w.list(g.keys.map((k) => w.name(k)))})`}`);
    });
    s.push(
      w.t(
        `缺失值处理方面，${parts.join('；')}${impTable ? `，共插补 ${filled} 个缺失值` : ''}；观测值本身保持不变。`,
        `Missing values were imputed by ${parts.join('; ')}${impTable ? ` (${filled} values in all)` : ''}; observed values were left unchanged.`,
      ),
    );
    // Works the methods rest on, listed in the references without an inline marker.
    if (listed.length) w.cite(...listed);
  } else {
    s.push(w.t('未对缺失值进行插补。', 'Missing values were not imputed.'));
  }
  // Screen.
  const scr = w.log('screen');
  if (scr) {
    const ut = num(scr.unitThreshold) ?? 0;
    const it = num(scr.indicatorThreshold) ?? 0;
    const on = str(scr.on) === 'denominated' ? w.t('插补前', 'before imputation') : w.t('插补后', 'after imputation');
    if (ut > 0 || it > 0) {
      const parts: string[] = [];
      if (it > 0) parts.push(w.t(`数据可得率低于 ${fmt(it * 100, 1)}% 的指标`, `indicators with less than ${fmt(it * 100, 1)}% of their data available`));
      if (ut > 0) parts.push(w.t(`数据可得率低于 ${fmt(ut * 100, 1)}% 的单元`, `units with less than ${fmt(ut * 100, 1)}% of their data available`));
      s.push(w.t(`随后按${on}的数据可得率剔除${parts.join('以及')}。`, `Then ${w.list(parts)} (measured ${on}) were removed.`));
    }
  }
  // Treat.
  const tr = obj(w.log('treat')?.byIndicator);
  const trGroups = groupBy(
    Object.entries(tr).map(([k, v]) => [k, obj(v)] as [string, Obj]),
    (o) => JSON.stringify(treatSig(o)),
  );
  const active = trGroups.filter((g) => treatMethod(g.first)?.noop !== true);
  if (!active.length) {
    s.push(w.t('未进行异常值处理。', 'No outlier treatment was applied.'));
  } else {
    const total = Object.keys(tr).length;
    for (const g of active) {
      const who =
        g.keys.length === total
          ? w.t('对全部指标', 'All indicators were')
          : w.t(`对${g.keys.map((k) => w.name(k)).join('、')}`, `${w.list(g.keys.map((k) => w.name(k)))} were`);
      s.push(treatText(w, g.first, who));
    }
  }
  w.push(w.t('数据预处理', 'Data treatment'), s);
}

/** A treatment method of the registry, or undefined for a name the registry does not know. */
function treatMethod(o: Obj): TreatDescriptor | undefined {
  return (TREAT as readonly TreatDescriptor[]).find((d) => d.name === str(o.method));
}

/** What makes two indicators' treatments read the same: the method, its own options and the scope. */
function treatSig(o: Obj): unknown {
  const d = treatMethod(o);
  if (!d) return [str(o.method), o.scope];
  return [d.name, ...Object.keys(d.options.shape).map((k) => o[k] ?? null), o.scope];
}

function treatText(w: Writer, o: Obj, who: string): string {
  const d = treatMethod(o);
  const opts = d && optionsFor(d, o);
  if (d && opts) return w.say(d.describe(opts as never, { panel: w.panel, subject: who }));
  return w.t(`${who}采用 ${str(o.method) ?? ''} 处理。`, `${who} treated by ${str(o.method) ?? ''}.`);
}

function normaliseSection(w: Writer): void {
  const by = obj(w.log('normalise')?.byIndicator);
  const entries = Object.entries(by).map(([k, v]) => [k, obj(v)] as [string, Obj]);
  if (!entries.length) return;
  const groups = groupBy(entries, (o) => JSON.stringify(normSig(o)));
  const s: string[] = [];
  // Exceptions (named) first, the most common choice last ("the remaining indicators").
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    const subject =
      groups.length === 1
        ? ''
        : i === 0
          ? w.t('其余指标', 'The remaining indicators')
          : w.t(g.keys.map((k) => w.name(k)).join('、'), w.list(g.keys.map((k) => w.name(k))));
    s.push(normText(w, g.first, subject));
  }
  w.push(w.t('指标标准化', 'Normalisation'), s);
}

/** A normalisation method of the registry, or undefined for a name the registry does not know. */
function normMethod(o: Obj): NormaliseDescriptor | undefined {
  return (NORMALISE as readonly NormaliseDescriptor[]).find((d) => d.name === str(o.method));
}

/** What makes two indicators' normalisations read the same: the method, its own options and (unless it does not matter) the scope. */
function normSig(o: Obj): unknown {
  const d = normMethod(o);
  if (!d) return [str(o.method), o.scope];
  return [d.name, ...Object.keys(d.options.shape).map((k) => o[k]), ...(d.scoped === false ? [] : [o.scope])];
}

/**
 * The options of method `d` as recorded in a run log, checked against the method's schema (its
 * defaults fill what an older run.json lacks); undefined when they do not fit it.
 */
function optionsFor(d: { options: { shape: object; safeParse(v: unknown): { success: boolean; data?: unknown } } }, o: Obj): Obj | undefined {
  const own = Object.fromEntries(
    Object.keys(d.options.shape)
      .filter((k) => o[k] !== undefined)
      .map((k) => [k, o[k]]),
  );
  const r = d.options.safeParse(own);
  return r.success ? { ...o, ...(r.data as Obj) } : undefined;
}

function normText(w: Writer, o: Obj, subject: string): string {
  const d = normMethod(o);
  const opts = d && optionsFor(d, o);
  if (d && opts) return w.say(d.describe(opts as never, { panel: w.panel, subject }));
  const m = str(o.method) ?? '';
  return w.t(`${subject || '指标'}采用 ${m} 方法标准化。`, `${subject ? `${subject} were` : 'Indicators were'} normalised by ${m}.`);
}

/** A weighting method of the registry, or undefined for a name the registry does not know. */
function weightMethod(o: Obj): WeightDescriptor | undefined {
  return (WEIGHT as readonly WeightDescriptor[]).find((d) => d.name === (str(o.method) ?? 'nominal'));
}

/** How the weighting methods describe themselves in this run: the sample sizes of their formulas. */
function weightContext(w: Writer, subject: string): WeightDescribeContext {
  return { panel: w.panel, subject, units: w.nUnits(), observations: w.nUnits() * Math.max(1, w.periods().length) };
}

/** The method and the methods it merges (combine's parts): data-driven if any of them is. */
function weightFamily(d: WeightDescriptor | undefined, opts: Obj | undefined): WeightDescriptor[] {
  return d ? [d, ...(opts ? (d.parts?.(opts as never) ?? []) : [])] : [];
}

/** What makes two nodes' weightings read the same: the method, scope and pooling when they matter, and the method's own sentence. */
function weightSig(w: Writer, o: Obj): string {
  const d = weightMethod(o);
  if (!d) return JSON.stringify([str(o.method)]);
  const opts = optionsFor(d, o);
  const parts: unknown[] = [d.name];
  if (d.fromData || d.parts) parts.push(o.scope, o.pooling);
  if (opts) {
    const t = d.describe(opts as never, weightContext(w, ''));
    parts.push(t.zh, t.en);
  }
  return JSON.stringify(parts);
}

function weightSection(w: Writer): void {
  const lg = w.log('weight');
  if (!lg) return;
  const byNode = obj(lg.byNode);
  const entries = Object.entries(byNode).map(([k, v]) => [k, obj(v)] as [string, Obj]);
  if (!entries.length && isObj(lg.base)) entries.push([w.root()?.code ?? '', obj(lg.base)]);
  const groups = groupBy(entries, (o) => weightSig(w, o));
  const s: string[] = [];
  const periods = w.periods();
  const nInd = w.indicators().length;
  const nObsPooled = w.nUnits() * Math.max(1, periods.length);
  const total = entries.length;
  for (const g of groups) {
    const o = g.first;
    const d = weightMethod(o);
    const opts = d && optionsFor(d, o);
    const name = d ? (w.zh ? d.label.zh : d.label.en) : (str(o.method) ?? 'nominal');
    const where =
      g.keys.length === total || groups.length === 1
        ? ''
        : w.t(`（${g.keys.map((k) => w.q(k)).join('')}下各子项）`, ` (among the children of ${w.list(g.keys.map((k) => w.name(k)))})`);
    const family = weightFamily(d, opts);
    const dataDriven = family.some((x) => x.fromData);
    const pooled = str(o.pooling) !== 'period';
    const ctx = weightContext(w, where);
    let lead =
      d?.lead && opts ? w.say(d.lead(opts as never, ctx)) : w.t(`本文采用${name}确定指标权重${where}。`, `Weights were determined by ${name}${where}.`);
    if (dataDriven) {
      const nodeScope = str(o.scope) === 'node';
      const scope = nodeScope
        ? w.t('在每个上级节点内依据其子项得分分别计算', 'computed at each node from the scores of its children')
        : w.t(`基于全部 ${nInd} 个指标的标准化数据一次性计算（global 口径）`, `computed once over all ${nInd} normalised indicators (global scope)`);
      const pool = !w.panel
        ? w.t(`样本量为 ${w.nUnits()} 个单元`, `over the ${w.nUnits()} units`)
        : pooled
          ? w.t(
              `计算时将全部 ${nObsPooled} 个单元–时期观测视为一个样本（pooled），各期采用同一组权重`,
              `treating all ${nObsPooled} unit-periods as one sample (pooled), so every period uses the same weights`,
            )
          : w.t('且逐期分别计算（period）', 'separately for each period (period pooling)');
      const sums = nodeScope
        ? ''
        : w.t(
            '各维度权重为其下属指标权重之和，并在同一上级节点内归一化。',
            ' The weight of a dimension is the sum of the weights of its indicators, renormalised among its siblings.',
          );
      lead = w.t(
        `本文采用${name}确定指标权重${where}：权重${scope}，${pool}；${sums}`,
        `Weights were determined by ${name}${where}, ${scope}, ${pool}.${sums}`,
      );
    }
    s.push(lead);
    // The formula, unless the lead already said everything.
    if (d && opts && !d.lead) s.push(w.say(d.describe(opts as never, ctx)));
    if (family.some((x) => x.consistency)) s.push(ahpCr(w));
  }
  s.push(weightResults(w));
  w.push(w.t('指标赋权', 'Weighting'), s);
}

/** CR of each AHP matrix, from weights_detail. */
function ahpCr(w: Writer): string {
  const d = w.table('weights_detail');
  if (!d) return '';
  const ix = (c: string): number => d.header.indexOf(c);
  const out: string[] = [];
  for (const r of d.rows) {
    if (r[ix('quantity')] === 'CR' && typeof r[ix('value')] === 'number') out.push(`${w.name(String(r[ix('node')]))} CR = ${fmt(r[ix('value')] as number, 3)}`);
  }
  if (!out.length) return '';
  return w.t(`各判断矩阵的一致性比率为：${out.join('，')}。`, `The consistency ratios were ${w.list(out)}.`);
}

/** Top-level weights and the heaviest indicators, from the weights table. */
function weightResults(w: Writer): string {
  const t = w.table('weights');
  const root = w.root();
  if (!t || !root) return '';
  const ix = (c: string): number => t.header.indexOf(c);
  let rows = t.rows;
  let periodNote = '';
  if (ix('period') >= 0) {
    const ps = [...new Set(rows.map((r) => String(r[ix('period')])))];
    const last = ps[ps.length - 1];
    rows = rows.filter((r) => String(r[ix('period')]) === last);
    periodNote = w.t(`（权重逐期不同，此处为 ${last} 期）`, ` (weights differ by period; ${last} shown)`);
  }
  const top = rows.filter((r) => String(r[ix('parent')] ?? '') === root.code && typeof r[ix('global')] === 'number');
  const parts: string[] = [];
  if (top.length > 1) {
    const items = top.map((r) => `${w.name(String(r[ix('node')]))} ${fmt(r[ix('global')] as number)}`);
    parts.push(
      w.t(`最终各一级维度的权重分别为：${items.join('，')}${periodNote}。`, `The resulting weights of the dimensions are ${w.list(items)}${periodNote}.`),
    );
  }
  const inds = new Set(w.indicators().map((n) => n.code));
  const indRows = rows.filter((r) => inds.has(String(r[ix('node')])) && typeof r[ix('global')] === 'number');
  if (indRows.length > 3) {
    const sorted = [...indRows].sort((a, b) => (b[ix('global')] as number) - (a[ix('global')] as number)).slice(0, 3);
    const items = sorted.map((r) => `${w.name(String(r[ix('node')]))}（${fmt(r[ix('global')] as number)}）`);
    const itemsEn = sorted.map((r) => `${w.name(String(r[ix('node')]))} (${fmt(r[ix('global')] as number)})`);
    parts.push(w.t(`全局权重最大的三个指标依次为${items.join('、')}。`, `The three indicators with the largest global weights are ${w.list(itemsEn)}.`));
  }
  return parts.join(w.zh ? '' : ' ');
}

/** An aggregation method of the registry, or undefined for a name the registry does not know. */
function aggMethod(o: Obj): AggregateDescriptor | undefined {
  return (AGGREGATE as readonly AggregateDescriptor[]).find((d) => d.name === (str(o.method) ?? 'arithmetic'));
}

/** The method's name in running text (the registry's label; the bare name for an unknown one). */
function aggName(w: Writer, o: Obj): string {
  const d = aggMethod(o);
  return d ? (w.zh ? d.label.zh : d.label.en) : (str(o.method) ?? 'arithmetic');
}

/** The method's formula sentence (its descriptor's `describe`). */
function aggFormula(w: Writer, o: Obj): string {
  const d = aggMethod(o);
  const opts = d && optionsFor(d, o);
  if (d && opts) return w.say(d.describe(opts as never, { panel: w.panel, subject: '' }));
  return str(o.method) ?? 'arithmetic';
}

function aggregateSection(w: Writer): void {
  const lg = w.log('aggregate');
  if (!lg) return;
  const byNode = obj(lg.byNode);
  const entries = Object.entries(byNode).map(([k, v]) => [k, obj(v)] as [string, Obj]);
  // Nodes read the same when the method, the inputs and the method's own options agree.
  const groups = groupBy(entries, (o) => {
    const d = aggMethod(o);
    return JSON.stringify([o.method, o.inputs, ...(d ? Object.keys(d.options.shape).map((k) => o[k] ?? null) : [o.ideal, o.rho])]);
  });
  const s: string[] = [];
  const root = w.root();
  for (const g of groups) {
    const o = g.first;
    const name = aggName(w, o);
    const all = g.keys.length === entries.length;
    const inputs =
      str(o.inputs) === 'indicators'
        ? w.t('直接对其下属全部指标（以全局权重）', 'directly from all indicators under the node (with their global weights)')
        : w.t('对其下一级子项逐层', 'level by level from their children');
    const where = all
      ? w.t('各维度及综合指数均', 'Every dimension score and the index were')
      : w.t(`${g.keys.map((k) => w.q(k)).join('')}`, `The scores of ${w.list(g.keys.map((k) => w.name(k)))} were`);
    s.push(w.t(`${where}采用${name}${inputs}集成：${aggFormula(w, o)}。`, `${where} aggregated ${inputs} by ${name}: ${aggFormula(w, o)}.`));
    const dt = num(o.datThreshold) ?? 0;
    if (dt > 0)
      s.push(
        w.t(
          `当可用子项比例低于 ${fmt(dt * 100, 1)}% 时，该得分记为缺失。`,
          `A score is left missing when less than ${fmt(dt * 100, 1)}% of its inputs are available.`,
        ),
      );
  }
  if (groups.length === 1 && aggMethod(groups[0].first)?.linear === true && str(groups[0].first.inputs) !== 'indicators') {
    const wl = w.log('weight');
    const base = obj(wl?.base);
    const uniform =
      groupBy(
        Object.entries(obj(wl?.byNode)).map(([k, v]) => [k, obj(v)] as [string, Obj]),
        (o) => weightSig(w, o),
      ).length <= 1;
    if (uniform && str(base.method) !== undefined && weightMethod(base)?.fromData === true && str(base.scope) !== 'node') {
      s.push(
        w.t(
          '在数据完整时，综合指数等于各指标标准化值以全局权重加权之和，即 S_i = Σ_j g_j y_ij。',
          'With complete data the index therefore equals Σ_j g_j y_ij, the normalised indicators weighted by their global weights.',
        ),
      );
    }
  }
  for (const a of arr(lg.alternatives).map(obj)) {
    const name = aggName(w, a);
    const node = str(a.node) ?? root?.code ?? '';
    const n = w.indicatorsUnder(node).length;
    const inputs =
      str(a.inputs) === 'indicators'
        ? w.t(`对${w.q(node)}下全部 ${n} 个指标（以全局权重加权）`, `from all ${n} weighted indicators under the ${w.name(node)}`)
        : w.t(`对${w.q(node)}的下一级子项`, `from the children of the ${w.name(node)}`);
    s.push(
      w.t(
        `作为对照，另采用${name}${inputs}计算综合得分，记为 ${str(a.code)}：${aggFormula(w, a)}。`,
        `For comparison, a second score, ${str(a.code)}, was computed ${inputs} by ${name}: ${aggFormula(w, a)}.`,
      ),
    );
  }
  const score = str(obj(w.spec.analyses).score);
  if (score && w.b.tables.has('ranks')) {
    s.push(
      w.t(
        `各期排名按得分由高到低排列（并列取最小名次）。下文分析以${w.byCode.has(score) ? w.q(score) : score}为对象。`,
        `Ranks are assigned within each period from the highest score down (ties share the best rank). The analyses below use ${w.the(score)}.`,
      ),
    );
  }
  w.push(w.t('综合评价', 'Aggregation'), s);
}

// ------------------------------------------------------------------------------------ analyses

/**
 * The analyses' paragraphs, in registry order: each analysis present in the recorded spec whose
 * tables the run wrote describes itself (`methods` of its descriptor) through this writer.
 */
function analysesSection(w: Writer): void {
  const an = obj(w.spec.analyses);
  const defaultScore = str(an.score) ?? w.root()?.code ?? '';
  const group = str(an.group) ?? str(obj(w.spec.units).group) ?? 'region';
  /** Groups of a grouping as the tables count them (the rows of that grouping when the tables have several). */
  const nGroups = (attr?: string): number => {
    const t = w.table('theil_groups') ?? w.table('density_bandwidth');
    const c = t ? columnOf(t, 'group') : undefined;
    const by = t && attr !== undefined ? columnOf(t, 'grouping') : undefined;
    if (attr !== undefined && !by && attr !== group) return 0;
    return c ? new Set(c.filter((x, i) => x !== 'all' && (!by || by[i] === attr)).map(String)).size : 0;
  };
  const mw: MethodsWriter = {
    zh: w.zh,
    t: (zh, en) => w.t(zh, en),
    cite: (...keys) => w.cite(...keys),
    citeN: (key) => w.citeN(key),
    list: (items) => w.list(items),
    name: (code) => w.name(code),
    q: (code) => w.q(code),
    the: (code) => w.the(code),
    scoreLabel: (codes) => codes.map((c) => (w.byCode.has(c) ? w.q(c) : c)).join(w.t('', ', ')),
    scoresOf: (sec) => {
      const s = arr(sec.scores).map(String);
      return s.length ? s : [defaultScore];
    },
    defaultScore,
    groupText: (attr) => {
      const g = attr ?? group;
      const k = nGroups(attr);
      const registry = str(obj(w.spec.units).registry) ?? '';
      if (g === 'region' && ['cn-provinces', 'cn-cities'].includes(registry))
        return w.t(
          `按国家统计局东部、中部、西部和东北四大区域${k ? `（${k} 组）` : ''}分组`,
          `grouped into the NBS East, Central, West and Northeast regions${k ? ` (${k} groups)` : ''}`,
        );
      if (g === 'province' && registry === 'cn-cities')
        return w.t(`按所属省份${k ? `（${k} 组）` : ''}分组`, `grouped by province${k ? ` (${k} groups)` : ''}`);
      return w.t(`按 ${g} 分组${k ? `（${k} 组）` : ''}`, `grouped by ${g}${k ? ` (${k} groups)` : ''}`);
    },
    analyses: an,
    registry: str(obj(w.spec.units).registry),
    unit: (name) => {
      const registry = str(obj(w.spec.units).registry);
      const units = registry === 'cn-provinces' ? UnitRegistry.provinces() : registry === 'cn-cities' ? UnitRegistry.cities() : undefined;
      const rec = units?.lookup(name);
      return rec ? (w.zh ? rec.attributes.zh : rec.attributes.en) : name;
    },
    periods: () => w.periods(),
    has: (name) => w.b.tables.has(name),
    table: (name) => w.table(name),
  };
  for (const a of ANALYSIS_LIST) {
    if (!isObj(an[a.key]) || !a.tables.some((d) => w.b.tables.has(d.name))) continue;
    const p = a.methods(obj(an[a.key]), mw);
    w.push(p.heading, p.sentences);
  }
}

// ------------------------------------------------------------------------------------ robustness

function factorText(w: Writer, f: Obj): string {
  const name = str(f.name) ?? '';
  const type = str(f.type);
  if (type === 'alternatives') {
    const alts = arr(f.alternatives).map((a) => (isObj(a) ? `{${val(a)}}` : val(a)));
    return w.t(`${name}（${str(f.path)} 取 ${alts.join(' / ')}）`, `${name} (${str(f.path)} ∈ ${alts.join(' / ')})`);
  }
  if (type === 'uniform') return w.t(`${name}（${str(f.path)} 在 ${val(f.range)} 上均匀取值）`, `${name} (${str(f.path)} uniform on ${val(f.range)})`);
  if (type === 'integer') return w.t(`${name}（${str(f.path)} 在 ${val(f.range)} 内取整数）`, `${name} (${str(f.path)} an integer in ${val(f.range)})`);
  if (type === 'weights') {
    const noise = fmt((num(f.noise) ?? 0.25) * 100, 0);
    const lv = arr(f.levels).map(String);
    return w.t(
      `${name}（${lv.length ? `第 ${lv.join('、')} 层` : '各层'}节点权重乘以 1 + U(−${noise}%, ${noise}%) 后重新归一化）`,
      `${name} (weights of the nodes at level${lv.length > 1 ? 's' : ''} ${lv.length ? lv.join(', ') : 'all'} multiplied by 1 + U(−${noise}%, ${noise}%) and renormalised)`,
    );
  }
  if (type === 'exclusion')
    return w.t(
      `${name}（${str(f.mode) === 'random' ? `随机剔除 ${num(f.k) ?? 1} 个指标` : '每次剔除一个指标或不剔除'}）`,
      `${name} (${str(f.mode) === 'random' ? `${num(f.k) ?? 1} random indicator(s) left out` : 'one indicator or none left out'})`,
    );
  return name;
}

function robustnessSection(w: Writer): void {
  const rb = w.spec.robustness;
  if (!isObj(rb)) return;
  const summary = obj(w.b.run.robustness);
  const factors = arr(rb.factors).map(obj);
  const k = factors.length;
  const s: string[] = [];
  s.push(
    w.t(
      `参照 OECD 与欧盟联合研究中心《综合指标构建手册》${w.cite('handbook')}的建议，对指数构建中的 ${k} 个不确定性来源进行稳健性检验：${factors.map((f) => factorText(w, f)).join('；')}。`,
      `Following the OECD/JRC Handbook on Constructing Composite Indicators${w.cite('handbook')}, the robustness of ` +
        `the index was assessed against ${k} sources of uncertainty in its ` +
        `construction: ${factors.map((f) => factorText(w, f)).join('; ')}.`,
    ),
  );
  const unc = obj(rb.uncertainty);
  if (isObj(rb.uncertainty) || w.b.tables.has('uncertainty')) {
    const N = num(summary.uncertaintyRuns) ?? num(unc.replications) ?? 1000;
    s.push(
      w.t(
        `不确定性分析进行 ${N} 次蒙特卡洛模拟，每次随机抽取各因素的取值并重新运行完整的构建流程，报告各单元排名的中位数及 5%–95% 区间。`,
        `The uncertainty analysis ran ${N} Monte Carlo replications, each drawing every factor at random and ` +
          "re-running the whole construction, and reports each unit's median rank and its 5–95% interval.",
      ),
    );
  }
  const sen = obj(rb.sensitivity);
  if (isObj(rb.sensitivity) || w.b.tables.has('sensitivity')) {
    const N = num(sen.baseSamples) ?? 1000;
    const runs = num(summary.sensitivityRuns) ?? (k + 2) * N;
    const B = num(sen.bootstrap) ?? 1000;
    const lvl = fmt((num(sen.level) ?? 0.95) * 100, 0);
    s.push(
      w.t(
        `敏感性分析采用基于方差的 Sobol' 指数：按 Saltelli 设计${w.cite('saltelliDesign')}生成基础样本 N = ${N}，共 (k + 2)N = ${runs} 次运行；一阶指数 ` +
          `S_i = V_i/V 采用 ${w.citeN('sobolFirst')}的估计量 V_i = (1/N) Σ_j f(B)_j [f(A_B^(i))_j − f(A)_j]，总效应指数 S_Ti = ` +
          `V_Ti/V 采用 ${w.citeN('sobolTotal')}的估计量 V_Ti = (1/(2N)) Σ_j [f(A)_j − f(A_B^(i))_j]²；目标输出为平均排名绝对变动，` +
          `置信区间由 ${B} 次 bootstrap 得到（${lvl}%）。`,
        "Sensitivity analysis uses variance-based Sobol' indices from a Saltelli " +
          `design${w.cite('saltelliDesign')} with N = ${N} base samples, (k + 2)N = ${runs} runs: the first-order index ` +
          `S_i = V_i/V with the estimator of ${w.citeN('sobolFirst')}, V_i = (1/N) Σ_j f(B)_j [f(A_B^(i))_j − f(A)_j], ` +
          `and the total index S_Ti = V_Ti/V with the estimator of ${w.citeN('sobolTotal')}, V_Ti = (1/(2N)) Σ_j [f(A)_j ` +
          `− f(A_B^(i))_j]². The output is the mean absolute rank shift; ${lvl}% confidence intervals come from ${B} bootstrap replicates.`,
      ),
    );
  }
  if (rb.leaveOneOut !== false && w.b.tables.has('leave_one_out'))
    s.push(
      w.t(
        '此外，逐一剔除各指标后重新计算指数，以排名平均绝对变动、Spearman 与 Kendall 秩相关系数衡量单个指标的影响。',
        'Each indicator was also left out in turn, and the effect on the ranking measured by the mean absolute rank shift and Spearman and Kendall rank correlations.',
      ),
    );
  if (rb.compare !== false && w.b.tables.has('method_comparison'))
    s.push(w.t('并将各因素的每种备选方案与基准结果逐一比较。', 'Every alternative of every factor was also compared with the baseline ranking.'));
  w.push(w.t('稳健性检验', 'Robustness'), s);
}

function provenanceSection(w: Writer): void {
  const r = w.b.run;
  const ins = r.inputs.map((i) => `${i.role} ${baseName(i.path)}: ${i.sha256}`);
  w.push(w.t('可重复性说明', 'Reproducibility'), [
    w.t(
      `全部计算由 nqpf ${r.nqpf} 完成，随机种子为 ${r.seed}；完整设定与各步骤实际采用的参数记录于 run.json，可据此复现全部结果。输入文件的 SHA-256 校验值为：${ins.join('；')}。`,
      `All computations were done with nqpf ${r.nqpf} using the random seed ${r.seed}; the full specification and ` +
        'the options each step actually used are recorded in run.json, from which every result can be reproduced. ' +
        `SHA-256 of the inputs: ${ins.join('; ')}.`,
    ),
    r.synthetic ? w.t('（合成数据，仅供演示，请勿引用。）', '(SYNTHETIC data: for demonstration only; do not cite.)') : '',
  ]);
}

/**
 * The methods section of a run in Chinese or English.
 *
 * Each construction step is described from the run log (`run.log`): the method actually used
 * (per-indicator or per-node overrides are grouped, the most common first), its formula and
 * parameters (range, scope pooled/period, pooling, ideal); the weights paragraph reports the
 * top-level weights from the `weights` table; analyses are described only when their tables
 * exist in the run; the robustness set-up comes from `spec.robustness`.
 *
 * @example
 *   const m = methodsText(await readRunDir('out'), 'zh');
 *   m.paragraphs[0].heading // "数据来源与样本"
 */
export function methodsText(bundle: RunBundle, lang: MethodsLang): MethodsText {
  const w = new Writer(bundle, lang);
  dataSection(w);
  frameworkSection(w);
  preprocessSection(w);
  normaliseSection(w);
  weightSection(w);
  aggregateSection(w);
  analysesSection(w);
  robustnessSection(w);
  provenanceSection(w);
  const refs = w.cited.map(reference).sort((a, b) => (referenceSortKey(a) < referenceSortKey(b) ? -1 : referenceSortKey(a) > referenceSortKey(b) ? 1 : 0));
  return {
    title: w.t('研究方法与数据', 'Data and methods'),
    paragraphs: w.paragraphs,
    references: refs.map((r) => formatReference(r, lang)),
  };
}

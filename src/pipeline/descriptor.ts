/**
 * Method descriptors (conventions §2, issue 11): every pipeline method is one file exporting one
 * descriptor — its registry name, its spec options as a zod object (defaults and descriptions
 * inside), its typed kernel and `describe(options)`, the methods-text sentence with its formula
 * and citations. Each step has one registry (a list of descriptors); the spec's per-step options,
 * the JSON Schema, the log types and the methods text are all derived from those lists.
 *
 * Pure: no I/O, no report imports (citations are reference keys, rendered by the report).
 */
import { z } from 'zod';
import { fail, NqpfError, unknownName } from '../core/errors.js';
import { withDescriptions, type FieldMeta, type Texts } from '../core/field-text.js';
import type { ColumnPool } from '../core/parallel.js';

/** What a method says about itself in the methods section: one sentence per language, and the works it cites. */
export interface MethodText {
  zh: string;
  en: string;
  /** Reference keys cited (in order of first citation); the texts hold them as {@link cite} markers. */
  cites: string[];
}

/** How the report asks a method to describe itself. */
export interface DescribeContext {
  /** More than one period: scope / pooling choices are worth stating. */
  panel: boolean;
  /**
   * Who the sentence is about, already in the report's language (e.g. "全部指标" or "x1 and x2 were"),
   * or '' when the sentence covers every indicator. Steps document what their subject holds.
   */
  subject: string;
}

/**
 * How a kernel is executed, beside its options: never a spec option, never in the run log, and
 * the results do not depend on it (bit for bit).
 */
/** Count, minimum and maximum of the non-NaN values of a column (`normalise/common.ts` `extent`). */
export interface ColumnExtent {
  n: number;
  min: number;
  max: number;
}

export interface Execution {
  /** A column pool that may take part of the per-column work (`core/parallel.ts`); absent: everything on the calling thread. */
  pool?: ColumnPool;
  /**
   * The extent of an input column when the executor already knows it — a column that min-max
   * normalisation produced, whose extremes are the images of its input's (see `NormaliseFacts`) —
   * or undefined. Identical to `extent(col)`, field by field.
   */
  extent?: (col: Float64Array) => ColumnExtent | undefined;
  /**
   * The natural logarithms of an input column that the executor keeps unchanged across repeated
   * aggregations (the robustness engine's replications: indicator columns, unperturbed node
   * scores), from a cache; undefined for any other column. Identical to Math.log of each value.
   */
  logs?: (col: Float64Array) => Float64Array | undefined;
}

/**
 * A pipeline method. `Shape` is the zod shape of the method's own spec options; `Run` is the
 * kernel's type (each step fixes its signature). Options shared by several methods of a step
 * (e.g. `range` of minmax and goalposts) are the same zod field object in each descriptor.
 */
export interface MethodDescriptor<Name extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape, Run = unknown, Resolved = unknown> {
  readonly name: Name;
  /** The method's name as the workbench and the schema show it (e.g. 向前填补 / carry forward). */
  readonly title: Texts;
  /** The method's own spec options (strict; defaults and zh/en labels and descriptions inside, see `core/field-text.ts`). */
  readonly options: z.ZodObject<Shape>;
  /** The kernel, on options already validated by the spec (or by {@link readOptions}). */
  readonly run: Run;
  /** The methods-text sentence (formula and citations) for resolved options `o`. */
  describe(o: Resolved, ctx: DescribeContext): MethodText;
}

/** The citation marker of reference keys inside a {@link MethodText}: the report replaces it by "(Author Year)". */
export function cite(...keys: string[]): string {
  return `{cite:${keys.join(',')}}`;
}

/** Pattern of {@link cite} markers (group 1: comma-separated keys). */
export const CITE_MARK = /\{cite:([\w,]+)\}/g;

/** A {@link MethodText} from its two sentences; the cited keys are read from the markers. */
export function methodText(zh: string, en: string): MethodText {
  const cites: string[] = [];
  for (const s of [zh, en]) for (const m of s.matchAll(CITE_MARK)) for (const k of m[1].split(',')) if (!cites.includes(k)) cites.push(k);
  return { zh, en, cites };
}

/** Look a descriptor up by name; an unknown name fails with `E_UNKNOWN_METHOD` naming the known ones (with did-you-mean) at spec `path`. */
export function lookup<D extends { name: string }>(registry: readonly D[], what: string, name: string, path?: string): D {
  const d = registry.find((x) => x.name === name);
  if (!d)
    unknownName(
      what,
      name,
      registry.map((x) => x.name),
      path,
    );
  return d;
}

/** Run `f`, attaching the spec `path` (and prefixing `subject`) to an `NqpfError` that has no location yet. */
export function withLocation<T>(path: string, subject: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NqpfError && !e.location) {
      throw new NqpfError(e.code, `${subject}: ${e.message}`, { location: { path }, hint: e.hint, data: e.data });
    }
    throw e;
  }
}

/**
 * Validate loose options (a kernel called directly, not through a spec) against a method's zod
 * options: defaults applied, unknown keys kept for the step context (direction, target …). A
 * wrong value fails with `E_BAD_OPTION` naming the method and the option, as the spec does.
 */
export function readOptions<T>(owner: string, schema: z.ZodType<T>, opts: Record<string, unknown>): T {
  const r = schema.safeParse(opts);
  if (r.success) return r.data;
  const iss = r.error.issues[0];
  if (iss.code === 'unrecognized_keys') {
    const key = iss.keys[0];
    fail('E_BAD_OPTION', `${owner}: "${key}" is not an option of this method`, { hint: `remove "${key}"`, data: { option: key, value: opts[key] } });
  }
  const key = iss.path.join('.') || '(options)';
  const got = iss.path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined), opts);
  fail('E_BAD_OPTION', `${owner}: option "${key}" ${iss.message.replace(/^Invalid input: /, '')} (got ${JSON.stringify(got) ?? String(got)})`, {
    hint: `fix or remove "${key}" in the step options`,
    data: { option: key, value: got },
  });
}

/**
 * The spec shape of a step's options built from its registry: `method` (the registry's names,
 * default `def`), every option of every method (one field per name; shared fields must be the same
 * zod object), each described with the methods it applies to (`minmax/goalposts: …`, which the
 * workbench forms read; in Chinese the methods' names), with the options common to all methods of the step `before` and after
 * them (the order of the fields is the order of the resolved options in run.json).
 */
export function stepOptionsShape<D extends MethodDescriptor<string, z.ZodRawShape, unknown, unknown>, B extends z.ZodRawShape, C extends z.ZodRawShape>(
  step: string,
  registry: readonly D[],
  def: D['name'],
  methodText: FieldMeta,
  before: B,
  common: C,
) {
  const names = registry.map((d) => d.name) as [D['name'], ...D['name'][]];
  const users = new Map<string, { field: z.ZodTypeAny; methods: string[] }>();
  for (const d of registry) {
    for (const [k, f] of Object.entries(d.options.shape) as [string, z.ZodTypeAny][]) {
      const u = users.get(k);
      if (!u) users.set(k, { field: f, methods: [d.name] });
      else if (u.field !== f)
        throw new NqpfError('E_INTERNAL', `${step} methods ${u.methods[0]} and ${d.name} declare option "${k}" differently: share one zod field`);
      else u.methods.push(d.name);
    }
  }
  const shape: Record<string, z.ZodTypeAny> = {
    method: z
      .enum(names)
      .default(def as never)
      .meta({ ...methodText, 'x-enumLabels': Object.fromEntries(registry.map((d) => [d.name, d.title])) }),
    ...(before as z.ZodRawShape as Record<string, z.ZodTypeAny>),
  };
  for (const [k, { field, methods }] of users) {
    const zh = methods.map((m) => registry.find((d) => d.name === m)?.title.zh ?? m).join('、');
    shape[k] = field.meta(
      withDescriptions(
        z.globalRegistry.get(field) as Partial<FieldMeta>,
        (d) => `${methods.join('/')}: ${d}`,
        (d) => `（适用于${zh}）${d}`,
      ),
    );
  }
  Object.assign(shape, common);
  return shape as { method: z.ZodDefault<z.ZodEnum<{ [K in D['name']]: K }>> } & B & OptionsOf<D> & C;
}

/** The values of a method's options (for an empty shape `{}`, unlike `z.output` of an empty strict object). */
export type OptionValues<S extends z.ZodRawShape> = { -readonly [K in keyof S]: z.output<S[K]> };

/** Union-to-intersection of the option shapes of a registry's descriptors. */
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
export type OptionsOf<D> = UnionToIntersection<D extends MethodDescriptor<string, infer S, unknown, unknown> ? S : never>;

/** A number for running text (as the methods section writes them): integers as integers, others with `d` decimals. */
export function fmtNumber(x: number, d = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(d);
}

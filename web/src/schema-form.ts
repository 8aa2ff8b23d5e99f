/**
 * Forms generated from the spec's JSON Schema (GET /api/schema): one fieldset per construction
 * step, one control per option whose type a form can hold (enum → select, boolean → checkbox,
 * number/integer → number input, [number, number] / [string, string] → two inputs, a list of enum values → a
 * checkbox per value, string → text). Each control shows
 * the schema default and has the schema description as its help text. Options whose description
 * starts with method names (`zscore: …`, `rank/percentile/borda: …`) are shown only while one of
 * those methods is selected. Nested options (overrides, per-node/level settings, AHP matrices) are
 * edited in the YAML or the framework editor.
 *
 * A form holds no copy of the spec: each control reads its value through the binding and writes a
 * changed value back through it (the caller turns that into an edit of `steps.<step>.<key>` only).
 */
import { field, h, select } from './dom.js';
import { appliesTo, enumText, fieldText, isStringList, simpleKind, statesDefault, type FormLang, type JsonSchema } from './schema-util.js';

export { appliesTo, simpleKind, type JsonSchema };

/** Construction steps in pipeline order. */
export const STEPS = ['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate'] as const;

/** How a form reads and writes its options: `read` gives the value shown (`dflt` when absent), `write` stores a new one (undefined removes it). */
export interface OptionBinding {
  read(key: string, dflt: unknown): unknown;
  write(key: string, dflt: unknown, v: unknown): void;
}

/** Texts of a form; `choices(key)`: the values (with their names) a text option may take, shown as a select (first entry: absent). */
export interface FormLabels {
  title: string;
  /** Language of the field labels, help texts and enum names (from the schema's `title`/`description`/`x-zh`/`x-enumLabels`). */
  lang: FormLang;
  defaultWord: string;
  yes: string;
  choices?: (key: string) => [string, string][] | undefined;
  /**
   * `codes(key)`: the framework codes (with their names) a list of plain strings may hold (e.g. the
   * subsystems of the coupling analysis), shown as one checkbox per code; undefined leaves the list to the YAML.
   */
  codes?: (key: string) => [string, string][] | undefined;
}

/** Form for the step `step`, bound to the spec's `steps.<step>` options through `bind`. */
export function stepForm(step: string, schema: JsonSchema, bind: OptionBinding, labels: FormLabels): HTMLElement {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const methods: string[] = props.method?.enum ?? [];
  const rows: { el: HTMLElement; only?: string[] }[] = [];
  const fs = h(
    'fieldset',
    { class: 'step', id: `step-${step}` },
    h('legend', null, labels.title),
    fieldText(schema, step, labels.lang).help ? h('p', { class: 'help' }, fieldText(schema, step, labels.lang).help) : null,
  );
  const refresh = () => {
    const m = String(bind.read('method', props.method?.default));
    for (const r of rows) r.el.hidden = !!r.only && !r.only.includes(m);
  };
  for (const [key, p] of Object.entries(props)) {
    const codes = isStringList(p) ? labels.codes?.(key) : undefined;
    if (codes) {
      const el = codeList(`opt-${step}-${key}`, p, key, codes, bind, labels);
      rows.push({ el, only: appliesTo(p.description, methods) });
      fs.append(el);
      continue;
    }
    const kind = simpleKind(p);
    if (!kind) continue;
    const id = `opt-${step}-${key}`;
    const cur = bind.read(key, p.default) as any;
    const text = fieldText(p, key, labels.lang);
    const label = text.label;
    const dflt = typeof p.default === 'string' && kind === 'enum' ? enumText(p, p.default, labels.lang) : JSON.stringify(p.default);
    const help = [text.help, p.default !== undefined && !statesDefault(text.help) ? `${labels.defaultWord}: ${dflt}` : ''].filter(Boolean).join(' ');
    const set = (v: unknown) => {
      bind.write(key, p.default, v);
      if (key === 'method') refresh();
    };
    let el: HTMLElement;
    if (kind === 'enum') {
      el = field(
        label,
        select(
          (p.enum as string[]).map((x) => [x, enumText(p, x, labels.lang)]),
          String(cur ?? ''),
          set,
          { id, name: key },
        ),
        help,
      );
    } else if (kind === 'boolean') {
      const cb = h('input', { type: 'checkbox', id, checked: cur === true, onchange: () => set(cb.checked) });
      el = field(label, cb, help);
      el.classList.add('check');
    } else if (kind === 'enum-list') {
      // one checkbox per allowed value; the list keeps the schema's order
      const all = p.items.enum as string[];
      const chosen = new Set<string>(Array.isArray(cur) ? cur : []);
      const boxes = all.map((v, i) => {
        const cb = h('input', { type: 'checkbox', id: i === 0 ? id : `${id}-${i}`, checked: chosen.has(v), value: v });
        cb.addEventListener('change', () => set(all.filter((x, j) => (j === i ? cb.checked : boxes[j].checked))));
        return cb;
      });
      const helpEl = h('p', { class: 'help', id: `${id}-help` }, help);
      el = h(
        'fieldset',
        { class: 'field enum-list', 'aria-describedby': helpEl.id },
        h('legend', null, label),
        boxes.map((b) => h('label', { class: 'inline' }, b, ` ${enumText(p, b.value, labels.lang)} `)),
        helpEl,
      );
    } else if (kind === 'pair' || kind === 'text-pair') {
      const num = kind === 'pair';
      const v = Array.isArray(cur) ? cur : num ? [NaN, NaN] : ['', ''];
      const type = num ? 'number' : 'text';
      const a = h('input', { type, step: num ? 'any' : undefined, id, value: String(v[0] ?? ''), 'aria-label': `${label} [0]` });
      const b = h('input', { type, step: num ? 'any' : undefined, id: `${id}-1`, value: String(v[1] ?? ''), 'aria-label': `${label} [1]` });
      const upd = () => {
        if (a.value !== '' && b.value !== '') set(num ? [Number(a.value), Number(b.value)] : [a.value, b.value]);
        else if (!num && a.value === '' && b.value === '') set(undefined);
      };
      a.addEventListener('change', upd);
      b.addEventListener('change', upd);
      const helpEl = h('p', { class: 'help', id: `${id}-help` }, help);
      a.setAttribute('aria-describedby', helpEl.id);
      b.setAttribute('aria-describedby', helpEl.id);
      el = h('div', { class: 'field' }, h('label', { for: id }, label), h('span', { class: 'pair' }, a, b), helpEl);
    } else if (kind === 'string' && labels.choices?.(key)) {
      const opts = labels.choices(key)!;
      const v = cur === null || cur === undefined ? '' : String(cur);
      if (v !== '' && !opts.some(([x]) => x === v)) opts.push([v, v]);
      el = field(
        label,
        select(opts, v, (x) => set(x === '' ? undefined : x), { id, name: key }),
        help,
      );
    } else {
      const numeric = kind !== 'string';
      const inp = h('input', {
        type: numeric ? 'number' : 'text',
        id,
        step: kind === 'number' ? 'any' : numeric ? '1' : undefined,
        min: p.minimum ?? p.anyOf?.find((x: JsonSchema) => x.minimum !== undefined)?.minimum,
        max: p.maximum !== undefined && p.maximum < 1e15 ? p.maximum : undefined,
        value: cur === null || cur === undefined ? '' : String(cur),
        placeholder: kind === 'nullable-integer' ? 'null' : undefined,
      });
      inp.addEventListener('change', () => {
        if (inp.value === '') set(kind === 'nullable-integer' ? null : undefined);
        else set(numeric ? Number(inp.value) : inp.value);
      });
      el = field(label, inp, help);
    }
    el.dataset.key = key;
    el.title = key;
    rows.push({ el, only: key === 'method' ? undefined : appliesTo(p.description, methods) });
    fs.append(el);
  }
  refresh();
  return fs;
}

/** A list of framework codes as one checkbox per code (the list keeps the order of `codes`; none checked removes it). */
function codeList(id: string, p: JsonSchema, key: string, codes: [string, string][], bind: OptionBinding, labels: FormLabels): HTMLElement {
  const cur = bind.read(key, p.default);
  const chosen = new Set<string>(Array.isArray(cur) ? cur.map(String) : []);
  // codes of the spec that the choice does not offer are kept (shown, checked)
  const all: [string, string][] = [...codes, ...[...chosen].filter((c) => !codes.some(([x]) => x === c)).map((c): [string, string] => [c, c])];
  const boxes = all.map(([v], i) => h('input', { type: 'checkbox', id: i === 0 ? id : `${id}-${i}`, checked: chosen.has(v), value: v, 'data-code': v }));
  for (const cb of boxes)
    cb.addEventListener('change', () => {
      const list = all.filter((_, j) => boxes[j].checked).map(([v]) => v);
      bind.write(key, p.default, list.length ? list : undefined);
    });
  const text = fieldText(p, key, labels.lang);
  const helpEl = h('p', { class: 'help', id: `${id}-help` }, text.help);
  const el = h(
    'fieldset',
    { class: 'field enum-list', 'aria-describedby': helpEl.id },
    h('legend', null, text.label),
    boxes.map((b, i) => h('label', { class: 'inline' }, b, ` ${all[i][1]} `)),
    helpEl,
  );
  el.dataset.key = key;
  el.title = key;
  return el;
}

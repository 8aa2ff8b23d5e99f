/**
 * Forms generated from the spec's JSON Schema (GET /api/schema): one fieldset per construction
 * step or analysis, one control per option whose type a form can hold (./schema-util.ts
 * `formKind`: enum → select, boolean → checkbox, number/integer → number input, [number, number] /
 * [string, string] → two inputs, a list of enum values → a checkbox per value, string → text, a
 * list of strings or numbers → one comma-separated text input (or a checkbox per framework code
 * when the caller offers codes), a nested object → its own fields (an optional one behind a
 * checkbox), a list of objects → one nested form per item with add / remove / up / down buttons
 * and, for a discriminated union, a chooser of the item's kind). Labels, help texts and enum names
 * come from the schema (`title`/`description`/`x-zh`/`x-enumLabels`), so a new analysis or lens
 * gets its form, lists of models included, without front-end work. Each control shows the schema
 * default and has the schema description as its help text. Options whose description starts with
 * method names (`zscore: …`, `rank/percentile/borda: …`) are shown only while one of those methods
 * is selected. Keyed maps (overrides, per-node/level settings) and matrices are edited in the YAML
 * or the framework editor.
 *
 * A form holds no copy of the spec: each control reads its value through the binding and writes a
 * changed value back through it (the caller turns that into an edit of that one path; a list
 * change writes the list, whose unchanged items keep their YAML). ./form-controls.ts lists the
 * same controls without a DOM, for the no-op edit property test.
 */
import { field, h, select } from './dom.js';
import { MAX_FORM_DEPTH } from './form-controls.js';
import {
  appliesTo,
  enumText,
  fieldText,
  formKind,
  isStringList,
  itemDiscriminator,
  itemVariants,
  listText,
  moveItem,
  newItem,
  parseListText,
  removeItem,
  simpleKind,
  statesDefault,
  textOrNumber,
  variantOf,
  type FormKind,
  type FormLang,
  type JsonSchema,
} from './schema-util.js';

export { appliesTo, simpleKind, type JsonSchema };

/** Construction steps in pipeline order. */
export const STEPS = ['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate'] as const;

/** How a form reads and writes its options: `read` gives the value shown (`dflt` when absent), `write` stores a new one (undefined removes it). */
export interface OptionBinding {
  read(key: string, dflt: unknown): unknown;
  write(key: string, dflt: unknown, v: unknown): void;
  /** The binding of the object at `key` (a nested object, or an item of a list by index); without it nested fields are left to the YAML. */
  at?(key: string | number): OptionBinding;
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
  /** Words of the nested forms: list buttons, the checkbox of an optional object, the hint of comma-separated lists. */
  words?: { add: string; remove: string; up: string; down: string; set: string; listHelp: string; badList: string };
}

/** Form for the step `step`, bound to the spec's `steps.<step>` options through `bind`. */
export function stepForm(step: string, schema: JsonSchema, bind: OptionBinding, labels: FormLabels): HTMLElement {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const methods: string[] = props.method?.enum ?? [];
  const fs = h(
    'fieldset',
    { class: 'step', id: `step-${step}` },
    h('legend', null, labels.title),
    fieldText(schema, step, labels.lang).help ? h('p', { class: 'help' }, fieldText(schema, step, labels.lang).help) : null,
  );
  let refresh = () => {};
  const rows = objectFields(step, schema, bind, labels, 0, {
    onMethod: () => refresh(),
  });
  refresh = () => {
    const m = String(bind.read('method', props.method?.default));
    for (const r of rows) {
      const only = r.key === 'method' ? undefined : appliesTo(props[r.key]?.description, methods);
      r.el.hidden = !!only && !only.includes(m);
    }
  };
  for (const r of rows) fs.append(r.el);
  refresh();
  return fs;
}

/**
 * The controls of the fields of object schema `schema` (see ./form-controls.ts for the walk),
 * ids `opt-<idBase>-<key>`; nested objects and lists of objects recurse with `at(key)` bindings.
 */
function objectFields(
  idBase: string,
  schema: JsonSchema,
  bind: OptionBinding,
  labels: FormLabels,
  depth: number,
  opts: { onMethod?: () => void; skip?: string; nested?: boolean } = {},
): { key: string; el: HTMLElement }[] {
  const rows: { key: string; el: HTMLElement }[] = [];
  for (const [key, p] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    if (key === opts.skip) continue;
    const id = `opt-${idBase}-${key}`;
    // nested forms get no `choices`/`codes` of the top level (their keys mean other things there)
    const codes = isStringList(p) && !opts.nested ? labels.codes?.(key) : undefined;
    let el: HTMLElement | undefined;
    if (codes) el = codeList(id, p, key, codes, bind, labels);
    else {
      const kind = formKind(p);
      if (!kind) continue;
      if (kind === 'object' || kind === 'object-list') {
        if (depth >= MAX_FORM_DEPTH || !bind.at) continue;
        el = kind === 'object' ? objectField(id, key, p, bind, labels, depth) : objectList(id, key, p, bind, labels, depth);
      } else el = scalarField(id, key, p, kind, bind, labels, !!opts.nested, key === 'method' ? opts.onMethod : undefined);
    }
    el.dataset.key = key;
    el.title = key;
    rows.push({ key, el });
  }
  return rows;
}

/** Label and help text (with the default when the description does not state it). */
function texts(key: string, p: JsonSchema, kind: string, labels: FormLabels): { label: string; help: string } {
  const text = fieldText(p, key, labels.lang);
  const dflt = typeof p.default === 'string' && kind === 'enum' ? enumText(p, p.default, labels.lang) : JSON.stringify(p.default);
  const help = [text.help, p.default !== undefined && !statesDefault(text.help) ? `${labels.defaultWord}: ${dflt}` : ''].filter(Boolean).join(' ');
  return { label: text.label, help };
}

function scalarField(
  id: string,
  key: string,
  p: JsonSchema,
  kind: FormKind,
  bind: OptionBinding,
  labels: FormLabels,
  nested: boolean,
  onChange?: () => void,
): HTMLElement {
  const cur = bind.read(key, p.default) as any;
  const { label, help } = texts(key, p, kind, labels);
  const set = (v: unknown) => {
    bind.write(key, p.default, v);
    onChange?.();
  };
  if (kind === 'enum') {
    const opts: [string, string][] = (p.enum as string[]).map((x) => [x, enumText(p, x, labels.lang)]);
    // an absent option without a default shows as unset (not as the first value, which it does not hold)
    const unset = cur === undefined || cur === null;
    if (unset) opts.unshift(['', '—']);
    return field(
      label,
      select(opts, unset ? '' : String(cur), (x) => set(x === '' ? undefined : x), { id, name: key }),
      help,
    );
  }
  if (kind === 'boolean') {
    const cb = h('input', { type: 'checkbox', id, checked: cur === true, onchange: () => set(cb.checked) });
    const el = field(label, cb, help);
    el.classList.add('check');
    return el;
  }
  if (kind === 'enum-list') {
    // one checkbox per allowed value; the list keeps the schema's order
    const all = p.items.enum as string[];
    const chosen = new Set<string>(Array.isArray(cur) ? cur : []);
    const boxes = all.map((v, i) => {
      const cb = h('input', { type: 'checkbox', id: i === 0 ? id : `${id}-${i}`, checked: chosen.has(v), value: v });
      cb.addEventListener('change', () => set(all.filter((x, j) => (j === i ? cb.checked : boxes[j].checked))));
      return cb;
    });
    const helpEl = h('p', { class: 'help', id: `${id}-help` }, help);
    return h(
      'fieldset',
      { class: 'field enum-list', 'aria-describedby': helpEl.id },
      h('legend', null, label),
      boxes.map((b) => h('label', { class: 'inline' }, b, ` ${enumText(p, b.value, labels.lang)} `)),
      helpEl,
    );
  }
  if (kind === 'pair' || kind === 'text-pair') {
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
    return h('div', { class: 'field' }, h('label', { for: id }, label), h('span', { class: 'pair' }, a, b), helpEl);
  }
  if (kind === 'string' && !nested && labels.choices?.(key)) {
    const opts = labels.choices(key)!;
    const v = cur === null || cur === undefined ? '' : String(cur);
    if (v !== '' && !opts.some(([x]) => x === v)) opts.push([v, v]);
    return field(
      label,
      select(opts, v, (x) => set(x === '' ? undefined : x), { id, name: key }),
      help,
    );
  }
  if (kind === 'text-list' || kind === 'number-list' || kind === 'text-or-number') {
    const inp = h('input', { type: 'text', id, value: kind === 'text-or-number' ? (cur === null || cur === undefined ? '' : String(cur)) : listText(cur) });
    if (kind !== 'text-or-number') inp.placeholder = kind === 'number-list' ? '0.5, 1' : 'a, b';
    inp.addEventListener('change', () => {
      if (kind === 'text-or-number') return set(textOrNumber(inp.value));
      const v = parseListText(inp.value, kind === 'number-list');
      inp.setCustomValidity(v === null ? (labels.words?.badList ?? 'numbers separated by commas') : '');
      if (v !== null) set(v);
    });
    return field(label, inp, [help, kind === 'text-or-number' ? '' : (labels.words?.listHelp ?? '')].filter(Boolean).join(' '));
  }
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
  return field(label, inp, help);
}

/** A nested object: its fields in a fieldset; an optional one has a checkbox that adds (empty) or removes it. */
function objectField(id: string, key: string, p: JsonSchema, bind: OptionBinding, labels: FormLabels, depth: number): HTMLElement {
  const { label, help } = texts(key, p, 'object', labels);
  const sub = bind.at!(key);
  const box = h('fieldset', { class: 'field nested', id }, h('legend', null, label), help ? h('p', { class: 'help' }, help) : null);
  const body = h('div', { class: 'nested-body' });
  const fill = () => {
    const present = bind.read(key, undefined) !== undefined;
    body.replaceChildren(...(present ? objectFields(id.replace(/^opt-/, ''), p, sub, labels, depth + 1, { nested: true }).map((r) => r.el) : []));
  };
  const cb = h('input', {
    type: 'checkbox',
    id: `${id}-set`,
    checked: bind.read(key, undefined) !== undefined,
    onchange: () => {
      bind.write(key, undefined, cb.checked ? newItem(p) : undefined);
      fill();
    },
  });
  box.append(h('div', { class: 'field check' }, cb, h('label', { for: cb.id }, labels.words?.set ?? 'set')));
  box.append(body);
  fill();
  return box;
}

/**
 * A list of objects: one nested form per item (with its up / down / remove buttons; a chooser of
 * the variant when the items are a discriminated union) and an add button. Every change writes the
 * whole list once (web/src/spec.ts keeps the unchanged items' YAML); an emptied list is removed.
 */
function objectList(id: string, key: string, p: JsonSchema, bind: OptionBinding, labels: FormLabels, depth: number): HTMLElement {
  const { label, help } = texts(key, p, 'object-list', labels);
  const w = labels.words;
  const variants = itemVariants(p);
  const disc = itemDiscriminator(p);
  const items = h('ol', { class: 'obj-items', id: `${id}-items` });
  const list = (): unknown[] => {
    const v = bind.read(key, p.default);
    return Array.isArray(v) ? v : [];
  };
  const store = (next: unknown[]) => {
    // the last item removed: the list goes when absent means none (an empty default or none), else it stays as []
    bind.write(key, p.default, next.length || (Array.isArray(p.default) && p.default.length) ? next : undefined);
    fill();
  };
  // an item schema without a title of its own is named by the list's label
  const itemTitle = (s: JsonSchema) => (s.title || s['x-zh'] ? fieldText(s, key, labels.lang).label : label);
  const fill = () => {
    const cur = list();
    const sub = bind.at!(key);
    items.replaceChildren(
      ...cur.map((item, i) => {
        const variant = variantOf(p, item);
        const obj = item !== null && typeof item === 'object' && !Array.isArray(item);
        const base = `${id.replace(/^opt-/, '')}-${i}`;
        const name = obj && typeof (item as Record<string, unknown>).name === 'string' ? ` — ${(item as Record<string, unknown>).name}` : '';
        const btn = (cls: string, text: string, on: () => void, disabled = false) =>
          h('button', { type: 'button', class: `obj-${cls}`, id: `opt-${base}-${cls}`, disabled, onclick: on }, text);
        const head = h(
          'div',
          { class: 'obj-head' },
          h('strong', null, `${variant ? itemTitle(variant.schema) : label} ${i + 1}`),
          name,
          ' ',
          btn('up', w?.up ?? '↑', () => store(moveItem(list(), i, -1)), i === 0),
          btn('down', w?.down ?? '↓', () => store(moveItem(list(), i, 1)), i === cur.length - 1),
          btn('remove', w?.remove ?? '×', () => store(removeItem(list(), i))),
        );
        const li = h('li', { class: 'obj-item', id: `opt-${base}`, 'data-index': String(i) }, head);
        if (disc && variants.length > 1) {
          const tag = obj ? String((item as Record<string, unknown>)[disc] ?? '') : '';
          const discSchema = (variant?.schema.properties ?? {})[disc] as JsonSchema | undefined;
          li.append(
            field(
              discSchema ? fieldText(discSchema, disc, labels.lang).label : disc,
              select(
                variants.map((v): [string, string] => [
                  v.tag!,
                  discSchema ? enumText(discSchema, v.tag!, labels.lang) : fieldText(v.schema, v.tag!, labels.lang).label,
                ]),
                tag,
                (x) => {
                  const to = variants.find((v) => v.tag === x)!;
                  // keep the fields the new variant also has
                  const old = (obj ? item : {}) as Record<string, unknown>;
                  const kept = Object.fromEntries(Object.entries(old).filter(([k]) => k !== disc && Object.hasOwn(to.schema.properties ?? {}, k)));
                  const next = [...list()];
                  next[i] = { ...newItem(to.schema, disc), ...kept };
                  store(next);
                },
                { id: `opt-${base}-${disc}` },
              ),
            ),
          );
        }
        if (obj && variant) for (const r of objectFields(base, variant.schema, sub.at!(i), labels, depth + 1, { skip: disc, nested: true })) li.append(r.el);
        return li;
      }),
    );
  };
  const add = h(
    'div',
    { class: 'obj-add-row' },
    variants.map((v) =>
      h(
        'button',
        {
          type: 'button',
          class: 'obj-add',
          id: variants.length > 1 ? `${id}-add-${v.tag}` : `${id}-add`,
          onclick: () => store([...list(), newItem(v.schema, disc)]),
        },
        `${w?.add ?? '+'} ${itemTitle(v.schema)}`,
      ),
    ),
  );
  const helpEl = help ? h('p', { class: 'help', id: `${id}-help` }, help) : null;
  const el = h('fieldset', { class: 'field obj-list', id, 'aria-describedby': helpEl?.id }, h('legend', null, label), helpEl, items, add);
  fill();
  return el;
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

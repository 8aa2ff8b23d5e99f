/** Tiny DOM helpers: element creation without innerHTML (the page runs under `default-src 'self'`). */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, unknown>;

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'indeterminate']);

/**
 * `h('button', {class: 'x', onclick: f, 'aria-label': 'Close'}, 'text')`. Keys starting with `on`
 * are event listeners; `value`/`checked`/`disabled`/… are set as properties; `for` → htmlFor;
 * `false`/`null`/`undefined` values are skipped; everything else is an attribute.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
      else if (PROPS.has(k)) (el as unknown as Record<string, unknown>)[k] = v;
      else if (k === 'for') (el as HTMLLabelElement).htmlFor = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c === null || c === undefined || c === false) continue;
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replace the children of `el`. */
export function setChildren(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

let idCounter = 0;
/** A page-unique id with a readable prefix. */
export function uid(prefix: string): string {
  return `${prefix}-${++idCounter}`;
}

/** `<label for>` + control + optional help text linked with aria-describedby. */
export function field(label: string, control: HTMLElement, help?: string): HTMLElement {
  if (!control.id) control.id = uid('f');
  const helpEl = help ? h('p', { class: 'help', id: `${control.id}-help` }, help) : null;
  if (helpEl) control.setAttribute('aria-describedby', helpEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, helpEl);
}

/** A `<select>` with options `[value, text]`. */
export function select(options: [string, string][], value: string, onchange: (v: string) => void, attrs: Attrs = {}): HTMLSelectElement {
  const s = h(
    'select',
    attrs,
    options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
  );
  s.value = value;
  s.addEventListener('change', () => onchange(s.value));
  return s;
}

/**
 * Framework step: pick a built-in framework or edit an inline one as a tree (add, move up/down,
 * re-parent, remove nodes; direction and weight), and an AHP pairwise-matrix editor for a node's
 * children with a live consistency ratio computed by the engine's own `ahpWeights`
 * (src/pipeline/weight/ahp.ts: principal eigenvector, CR = CI/RI with Saaty's RI).
 *
 * The editor keeps no spec of its own: every action works on a copy of the current node list and
 * hands it back as one edit of `framework.nodes` (merged node by node into the user's document, so
 * nodes' other fields and comments stay), or edits `framework.builtin/file` and
 * `steps.weight.nodes.<code>`; nothing else in the spec is touched.
 */
import { toDirection } from '../../src/core/direction.js';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';
import type { BuiltinFramework } from '../../src/frameworks/types.js';
import { ahpWeights } from '../../src/pipeline/weight/ahp.js';
import { field, h, select, setChildren } from './dom.js';
import { t, type Lang } from './i18n.js';
import {
  ahpEdits,
  childrenOf,
  frameworkChoiceEdits,
  freshCode,
  moveSibling,
  nodesEdit,
  removeNode,
  renameWeightEdits,
  reparent,
  rootOf,
  SAATY_SCALE,
  saatyLabel,
  subtree,
  type SpecEdit,
  type SpecModel,
} from './spec.js';

export interface FrameworkContext {
  lang: Lang;
  /** The current spec (read-only: changes go through `edit`). */
  spec(): SpecModel;
  frameworks: Record<string, BuiltinFramework>;
  /** Numeric data columns of the uploaded file (for "indicators from data"). */
  dataColumns: string[];
  /** Apply edits to the spec document (regenerates the YAML, saves); false when refused. */
  edit(edits: readonly SpecEdit[]): boolean;
  announce(msg: string): void;
}

let selected: string | undefined;
/** Nodes ticked to be moved together (several indicators under one dimension in one step). */
const checked = new Set<string>();

/** Result of the AHP computation for the editor. */
export interface AhpLive {
  weights: number[];
  cr: number;
  lambdaMax: number;
  consistent: boolean;
  error?: string;
}

/** Weights and consistency ratio of a matrix (never throws: errors come back as `error`). */
export function ahpLive(matrix: number[][]): AhpLive {
  try {
    const r = ahpWeights(matrix, { allowInconsistent: true });
    const d = r.detail as { CR: number; lambdaMax: number };
    return { weights: Array.from(r.weights), cr: d.CR, lambdaMax: d.lambdaMax, consistent: d.CR <= 0.1 };
  } catch (e) {
    return { weights: [], cr: NaN, lambdaMax: NaN, consistent: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function nodeLabel(n: FrameworkNodeSpec, lang: Lang): string {
  const name = lang === 'zh' ? (n.nameZh ?? n.nameEn) : (n.nameEn ?? n.nameZh);
  return name && name !== n.code ? `${n.code} · ${name}` : n.code;
}

/** The framework view. */
export function frameworkView(ctx: FrameworkContext): HTMLElement {
  const root = h('div', { class: 'framework' });
  const draw = (focusId?: string) => {
    setChildren(root, ...content(ctx, draw));
    if (focusId) (document.getElementById(focusId) as HTMLElement | null)?.focus();
  };
  draw();
  return root;
}

function content(ctx: FrameworkContext, draw: (focusId?: string) => void): HTMLElement[] {
  const { lang } = ctx;
  const spec = ctx.spec();
  const fw = spec.framework ?? {};
  const inline = Array.isArray(fw.nodes);
  const ids = Object.keys(ctx.frameworks);
  const choice = inline ? '__inline' : typeof fw.builtin === 'string' ? fw.builtin : fw.file ? '__file' : '__inline';
  const opts: [string, string][] = ids.map((id) => [id, `${lang === 'zh' ? ctx.frameworks[id].nameZh : ctx.frameworks[id].nameEn} (${id})`]);
  opts.push(['__inline', t('fw.inline')]);
  if (fw.file) opts.push(['__file', `${t('fw.file')}: ${fw.file}`]);
  const picker = select(
    opts,
    choice,
    (v) => {
      ctx.edit(frameworkChoiceEdits(ctx.spec(), v, starterNodes(ctx)));
      selected = undefined;
      draw('fw-choice');
    },
    { id: 'fw-choice' },
  );
  /** Replace the framework by inline `nodes` (a built-in or file choice is removed). */
  const useNodes = (nodes: FrameworkNodeSpec[]) =>
    ctx.edit([{ path: ['framework', 'builtin'], value: undefined }, { path: ['framework', 'file'], value: undefined }, nodesEdit(nodes)]);
  const dataBtn = ctx.dataColumns.length
    ? h(
        'button',
        {
          type: 'button',
          id: 'fw-from-data',
          onclick: () => {
            if (!useNodes(starterNodes(ctx))) return;
            selected = undefined;
            ctx.announce(t('fw.fromDataDone', ctx.dataColumns.length));
            draw('fw-from-data');
          },
        },
        t('fw.fromData'),
      )
    : null;
  const out: HTMLElement[] = [field(t('fw.choose'), picker, t('fw.choose.help'))];
  if (!inline) {
    const b = typeof fw.builtin === 'string' ? ctx.frameworks[fw.builtin] : undefined;
    if (b) {
      out.push(h('p', { class: 'help' }, b.description));
      out.push(
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              type: 'button',
              id: 'fw-copy',
              onclick: () => {
                if (!useNodes(structuredClone(b.nodes))) return;
                selected = rootOf(b.nodes)?.code;
                ctx.announce(t('fw.copied'));
                draw('fw-tree-title');
              },
            },
            t('fw.copy'),
          ),
          dataBtn,
        ),
      );
      out.push(readOnlyTree(b.nodes, lang));
    }
    return out;
  }
  // a working copy: each action changes it and hands the whole list back as one merged edit
  const nodes = structuredClone(fw.nodes) as FrameworkNodeSpec[];
  if (!selected || !nodes.some((n) => n.code === selected)) selected = rootOf(nodes)?.code;
  out.push(h('div', { class: 'row' }, dataBtn));
  for (const c of [...checked]) if (!nodes.some((n) => n.code === c && n.parent)) checked.delete(c);
  const tree = h(
    'div',
    { class: 'tree-pane' },
    h('h3', { id: 'fw-tree-title', tabindex: '-1' }, t('fw.tree')),
    checked.size ? moveBar(ctx, nodes, draw) : null,
    treeList(ctx, nodes, rootOf(nodes)?.code, draw),
  );
  const detail = h('div', { class: 'node-pane' }, selected ? nodeDetail(ctx, nodes, selected, draw) : h('p', null, t('fw.empty')));
  out.push(h('div', { class: 'split' }, tree, detail));
  return out;
}

/** Root + one indicator per numeric data column (or an empty root). */
function starterNodes(ctx: FrameworkContext): FrameworkNodeSpec[] {
  const nodes: FrameworkNodeSpec[] = [{ code: 'Index', nameZh: '综合指数', nameEn: 'Index' }];
  for (const c of ctx.dataColumns) nodes.push({ code: c, parent: 'Index' });
  return nodes;
}

function readOnlyTree(nodes: readonly FrameworkNodeSpec[], lang: Lang): HTMLElement {
  const rec = (code: string): HTMLElement => {
    const n = nodes.find((x) => x.code === code)!;
    const kids = childrenOf(nodes, code);
    return h(
      'li',
      null,
      h('span', { class: toDirection(n.direction) === -1 ? 'neg' : '' }, nodeLabel(n, lang), toDirection(n.direction) === -1 ? ' (−)' : ''),
      kids.length
        ? h(
            'ul',
            null,
            kids.map((k) => rec(k.code)),
          )
        : null,
    );
  };
  const r = rootOf(nodes);
  return h('ul', { class: 'tree readonly', 'aria-label': t('fw.tree') }, r ? rec(r.code) : null);
}

/** The bar shown while nodes are ticked: move them all under one parent (not under one of them or their descendants). */
function moveBar(ctx: FrameworkContext, nodes: FrameworkNodeSpec[], draw: (f?: string) => void): HTMLElement {
  const bad = new Set<string>();
  for (const c of checked) for (const x of subtree(nodes, c)) bad.add(x);
  const parents = nodes.filter((x) => !bad.has(x.code) && x.type !== 'indicator');
  let target = parents[0]?.code ?? '';
  const to = select(
    parents.map((p) => [p.code, nodeLabel(p, ctx.lang)]),
    target,
    (v) => {
      target = v;
    },
    { id: 'fw-move-to' },
  );
  return h(
    'div',
    { class: 'row move-bar', role: 'group' },
    h('label', { for: 'fw-move-to' }, t('fw.picked', String(checked.size))),
    to,
    h(
      'button',
      {
        type: 'button',
        id: 'fw-move-checked',
        disabled: !parents.length,
        onclick: () => {
          const codes = [...checked];
          let moved = 0;
          for (const c of codes) if (reparent(nodes, c, target)) moved++;
          checked.clear();
          if (moved && ctx.edit([nodesEdit(nodes)])) ctx.announce(t('fw.movedMany', String(moved), target));
          draw('fw-tree-title');
        },
      },
      t('fw.moveChecked'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'fw-clear-checked',
        onclick: () => {
          checked.clear();
          draw('fw-tree-title');
        },
      },
      t('fw.clearChecked'),
    ),
  );
}

function treeList(ctx: FrameworkContext, nodes: FrameworkNodeSpec[], code: string | undefined, draw: (f?: string) => void): HTMLElement {
  const lang = ctx.lang;
  const rec = (c: string): HTMLElement => {
    const n = nodes.find((x) => x.code === c)!;
    const kids = childrenOf(nodes, c);
    const isRoot = !n.parent;
    const act = (what: string, fn: () => unknown, label: string, text: string, disabled = false) =>
      h(
        'button',
        {
          type: 'button',
          class: 'icon',
          id: `node-${what}-${c}`,
          'aria-label': `${label}: ${c}`,
          title: label,
          disabled,
          onclick: () => {
            if (fn() !== false) {
              ctx.edit([nodesEdit(nodes)]);
              draw(document.getElementById(`node-${what}-${c}`) ? `node-${what}-${c}` : `node-sel-${selected ?? ''}`);
            }
          },
        },
        text,
      );
    const sibs = childrenOf(nodes, n.parent ?? '');
    const k = sibs.findIndex((s) => s.code === c);
    return h(
      'li',
      { 'data-code': c },
      h(
        'div',
        { class: `node${selected === c ? ' selected' : ''}` },
        isRoot
          ? null
          : h('input', {
              type: 'checkbox',
              class: 'pick',
              id: `node-pick-${c}`,
              'aria-label': t('fw.pick', c),
              checked: checked.has(c),
              onchange: (e: Event) => {
                if ((e.target as HTMLInputElement).checked) checked.add(c);
                else checked.delete(c);
                draw(`node-pick-${c}`);
              },
            }),
        h(
          'button',
          {
            type: 'button',
            class: 'sel',
            id: `node-sel-${c}`,
            'aria-pressed': selected === c ? 'true' : 'false',
            onclick: () => {
              selected = c;
              draw(`node-sel-${c}`);
            },
          },
          nodeLabel(n, lang),
          toDirection(n.direction) === -1 ? ' (−)' : '',
        ),
        isRoot ? null : act('up', () => moveSibling(nodes, c, -1), t('fw.up'), '↑', k <= 0),
        isRoot ? null : act('down', () => moveSibling(nodes, c, 1), t('fw.down'), '↓', k < 0 || k >= sibs.length - 1),
        isRoot
          ? null
          : act(
              'remove',
              () => {
                removeNode(nodes, c);
                if (selected && !nodes.some((x) => x.code === selected)) selected = n.parent ?? undefined;
                ctx.announce(t('fw.removed', c));
              },
              t('fw.remove'),
              '✕',
            ),
      ),
      kids.length
        ? h(
            'ul',
            null,
            kids.map((x) => rec(x.code)),
          )
        : null,
    );
  };
  return h('ul', { class: 'tree', 'aria-labelledby': 'fw-tree-title' }, code ? rec(code) : null);
}

function nodeDetail(ctx: FrameworkContext, nodes: FrameworkNodeSpec[], code: string, draw: (f?: string) => void): HTMLElement {
  const n = nodes.find((x) => x.code === code)!;
  const kids = childrenOf(nodes, code);
  const box = h('div', { class: 'detail' }, h('h3', null, t('fw.node'), ' ', code));
  const text = (key: 'code' | 'nameZh' | 'nameEn' | 'column' | 'unit', label: string) => {
    const inp = h('input', { type: 'text', id: `nd-${key}`, value: n[key] ?? '' });
    inp.addEventListener('change', () => {
      const v = inp.value.trim();
      if (key === 'code') {
        if (!v || nodes.some((x) => x !== n && x.code === v)) {
          inp.value = n.code;
          ctx.announce(t('fw.badCode'));
          return;
        }
        const from = n.code;
        for (const x of nodes) if (x.parent === from) x.parent = v;
        n.code = v;
        if (!ctx.edit([nodesEdit(nodes), ...renameWeightEdits(ctx.spec(), from, v)])) {
          draw('nd-code');
          return;
        }
        selected = v;
        draw('nd-code');
        return;
      }
      if (v) n[key] = v;
      else delete n[key];
      ctx.edit([nodesEdit(nodes)]);
      if (key === 'nameZh' || key === 'nameEn') draw(`nd-${key}`);
    });
    return field(label, inp);
  };
  box.append(text('code', t('fw.code')), text('nameZh', t('fw.nameZh')), text('nameEn', t('fw.nameEn')));
  if (!kids.length) {
    box.append(text('column', t('fw.column')));
    box.append(
      field(
        t('fw.direction'),
        select(
          [
            ['1', t('fw.positive')],
            ['-1', t('fw.negative')],
          ],
          String(toDirection(n.direction) ?? 1),
          (v) => {
            if (v === '-1') n.direction = -1;
            else delete n.direction;
            ctx.edit([nodesEdit(nodes)]);
            draw('nd-direction');
          },
          { id: 'nd-direction' },
        ),
      ),
    );
  }
  if (n.parent) {
    const w = h('input', { type: 'number', id: 'nd-weight', min: '0', step: 'any', value: String(n.weight ?? 1) });
    w.addEventListener('change', () => {
      const v = Number(w.value);
      if (w.value === '' || !(v >= 0)) {
        w.value = String(n.weight ?? 1);
        return;
      }
      if (v === 1) delete n.weight;
      else n.weight = v;
      ctx.edit([nodesEdit(nodes)]);
    });
    box.append(field(t('fw.weight'), w, t('fw.weight.help')));
    const bad = subtree(nodes, code);
    const parents = nodes.filter((x) => !bad.has(x.code) && x.type !== 'indicator');
    box.append(
      field(
        t('fw.parent'),
        select(
          parents.map((p) => [p.code, nodeLabel(p, ctx.lang)]),
          n.parent,
          (v) => {
            if (reparent(nodes, code, v) && ctx.edit([nodesEdit(nodes)])) {
              ctx.announce(t('fw.moved', code, v));
            }
            draw('nd-parent');
          },
          { id: 'nd-parent' },
        ),
      ),
    );
  }
  // add a child: a new aggregate/indicator, or a data column
  const addRow = h('div', { class: 'row' });
  addRow.append(
    h(
      'button',
      {
        type: 'button',
        id: 'nd-add-child',
        onclick: () => {
          const c = freshCode(nodes, 'Dim');
          nodes.push({ code: c, parent: code });
          if (!ctx.edit([nodesEdit(nodes)])) return;
          selected = c;
          ctx.announce(t('fw.added', c));
          draw('nd-code');
        },
      },
      t('fw.addChild'),
    ),
  );
  const used = new Set(nodes.map((x) => x.column ?? x.code));
  const free = ctx.dataColumns.filter((c) => !used.has(c));
  if (free.length) {
    const s = select(
      free.map((c) => [c, c]),
      free[0],
      () => undefined,
      { id: 'nd-add-col', 'aria-label': t('fw.column') },
    );
    addRow.append(
      s,
      h(
        'button',
        {
          type: 'button',
          id: 'nd-add-col-btn',
          onclick: () => {
            nodes.push({ code: freshCode(nodes, s.value), parent: code, ...(nodes.some((x) => x.code === s.value) ? { column: s.value } : {}) });
            if (!ctx.edit([nodesEdit(nodes)])) return;
            ctx.announce(t('fw.added', s.value));
            draw('nd-add-col');
          },
        },
        t('fw.addColumn'),
      ),
    );
  }
  box.append(addRow);
  if (kids.length >= 2 && kids.length <= 15) box.append(ahpEditor(ctx, code, kids));
  return box;
}

/** AHP editor for the children of `code`: upper triangle as Saaty-scale selects, reciprocal below. */
function ahpEditor(ctx: FrameworkContext, code: string, kids: FrameworkNodeSpec[]): HTMLElement {
  const k = kids.length;
  const order = kids.map((x) => x.code);
  const existing = ctx.spec().steps?.weight?.nodes?.[code]?.ahp;
  const matrix: number[][] = order.map((_, i) => order.map((__, j) => (i === j ? 1 : 1)));
  if (existing && Array.isArray(existing.matrix)) {
    const ord: string[] = Array.isArray(existing.order) ? existing.order : order;
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        const a = ord.indexOf(order[i]);
        const b = ord.indexOf(order[j]);
        const v = a >= 0 && b >= 0 ? Number(existing.matrix[a]?.[b]) : NaN;
        if (v > 0) matrix[i][j] = v;
      }
  }
  const active = !!existing;
  const live = h('p', { class: 'ahp-cr', id: 'ahp-cr', 'aria-live': 'polite' });
  const wcells: HTMLElement[] = [];
  const lower: HTMLElement[][] = order.map(() => []);
  const update = (initial = false) => {
    const r = ahpLive(matrix);
    if (r.error) setChildren(live, r.error);
    else
      setChildren(
        live,
        h('strong', null, `CR = ${r.cr.toFixed(4)}`),
        ` (λmax = ${r.lambdaMax.toFixed(4)}) — `,
        h('span', { class: r.consistent ? 'ok' : 'bad' }, r.consistent ? t('ahp.ok') : t('ahp.bad')),
      );
    live.dataset.cr = String(r.cr);
    r.weights.forEach((w, i) => (wcells[i].textContent = w.toFixed(4)));
    for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) lower[i][j].textContent = saatyLabel(matrix[i][j]);
    // shown as it is on first draw; a changed cell writes the matrix (the node's other weight settings kept)
    if (active && !initial) ctx.edit(ahpEdits(code, matrix, order, r.consistent));
  };
  const table = h(
    'table',
    { class: 'ahp' },
    h('caption', null, t('ahp.caption', code)),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('td'),
        order.map((c) => h('th', { scope: 'col' }, c)),
        h('th', { scope: 'col' }, t('ahp.weight')),
      ),
    ),
  );
  const body = h('tbody');
  for (let i = 0; i < k; i++) {
    const tr = h('tr', null, h('th', { scope: 'row' }, order[i]));
    for (let j = 0; j < k; j++) {
      if (i === j) tr.append(h('td', { class: 'diag' }, '1'));
      else if (j > i) {
        const s = select(
          SAATY_SCALE.map(([v, l]) => [String(v), l]),
          String(SAATY_SCALE.find(([v]) => saatyLabel(v) === saatyLabel(matrix[i][j]))![0]),
          (v) => {
            matrix[i][j] = Number(v);
            matrix[j][i] = 1 / Number(v);
            update();
          },
          { id: `ahp-${i}-${j}`, 'aria-label': t('ahp.cell', order[i], order[j]) },
        );
        tr.append(h('td', null, s));
      } else {
        const c = h('td', { class: 'recip' });
        lower[i][j] = c;
        tr.append(c);
      }
    }
    const wc = h('td', { class: 'num' });
    wcells.push(wc);
    tr.append(wc);
    body.append(tr);
  }
  table.append(body);
  const toggle = h(
    'button',
    {
      type: 'button',
      id: 'ahp-use',
      'aria-pressed': active ? 'true' : 'false',
      onclick: () => {
        const ok = active
          ? ctx.edit([{ path: ['steps', 'weight', 'nodes', code], value: undefined }])
          : ctx.edit(ahpEdits(code, matrix, order, ahpLive(matrix).consistent));
        if (!ok) return;
        ctx.announce(active ? t('ahp.off', code) : t('ahp.on', code));
        const parent = box.parentElement;
        if (parent) box.replaceWith(ahpEditor(ctx, code, kids));
        document.getElementById('ahp-use')?.focus();
      },
    },
    active ? t('ahp.stop') : t('ahp.use'),
  );
  const box = h(
    'section',
    { class: 'ahp-box', 'aria-label': t('ahp.title') },
    h('h4', null, t('ahp.title')),
    h('p', { class: 'help' }, t('ahp.help')),
    table,
    live,
    toggle,
  );
  update(true);
  return box;
}

/**
 * Framework charts: the indicator tree as a sunburst sized by global weights (`framework_weights`)
 * and the indicators' global weights as sorted bars (`weights_indicators`), from the `weights`
 * table (node, name, parent, level, nominal, effective, global, method).
 */
import type { RunBundle } from '../bundle.js';
import { chartContext, fmt, getter, latestPeriod, makeSpec, num, PALETTE, pct, periodRows, str, table, titled } from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

interface SunNode {
  name: string;
  value: number;
  children?: SunNode[];
  itemStyle?: { color: string };
}

/**
 * `framework_weights` (sunburst: ring k = level below the root, leaf sector angle ∝ global weight,
 * label = name + global weight) and `weights_indicators` (bars of the leaves' global weights, largest
 * first, coloured by top-level dimension). Weights that vary by period: the latest period is shown.
 */
export function frameworkCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const w = table(bundle, 'weights');
  if (!w) return [];
  const ctx = chartContext(bundle, lang, opts);
  const g = getter(w);
  const rows = periodRows(w, latestPeriod(w));
  const kids = new Map<string, string[]>();
  const global = new Map<string, number>();
  let root: string | undefined;
  for (const r of rows) {
    const node = str(g(r, 'node'));
    const parent = str(g(r, 'parent'));
    global.set(node, num(g(r, 'global')));
    if (parent === '') root ??= node;
    else kids.set(parent, [...(kids.get(parent) ?? []), node]);
  }
  if (!root) return [];
  const top = kids.get(root) ?? [];
  const colourOf = new Map<string, string>();
  const build = (code: string, colour: string): SunNode => {
    colourOf.set(code, colour);
    const ch = kids.get(code);
    const v = global.get(code) ?? NaN;
    const full = ctx.node(code);
    if (!ch || ch.length === 0) {
      // Leaf labels sit outside the ring: keep them short so they stay on the canvas.
      const max = /[\u4e00-\u9fff]/.test(full) ? 12 : 24;
      const short = full.length > max ? `${full.slice(0, max - 1)}…` : full;
      return { name: `${short}\n${pct(v)}`, value: v, itemStyle: { color: colour } };
    }
    const name = `${full}\n${pct(v)}`;
    return { name, value: v, itemStyle: { color: colour }, children: ch.map((c) => build(c, colour)) };
  };
  const data = top.map((c, i) => build(c, PALETTE[i % PALETTE.length]));
  const leaves = [...global.keys()].filter((c) => !kids.has(c) && c !== root);
  const depth = (code: string): number => {
    let d = 0;
    for (const [p, cs] of kids) if (cs.includes(code)) d = 1 + depth(p);
    return d;
  };
  const maxDepth = Math.max(1, ...leaves.map(depth));
  const outer = leaves.length > 40 ? 56 : 66; // % of half the shorter side; room for outside leaf labels
  const ringW = outer / (maxDepth + 0.6);
  const levels: Record<string, unknown>[] = [{}];
  for (let k = 0; k < maxDepth; k++) {
    const inner = 0.6 * ringW + k * ringW;
    const leafRing = k === maxDepth - 1;
    levels.push({
      r0: `${inner.toFixed(1)}%`,
      r: `${(inner + ringW).toFixed(1)}%`,
      itemStyle: { borderWidth: 1, borderColor: '#fff', opacity: 1 - 0.18 * (maxDepth - 1 - k) },
      label: leafRing
        ? { rotate: 'radial', fontSize: 8, align: 'left', position: 'outside', padding: 2, silent: false }
        : { rotate: 'tangential', fontSize: 10 },
    });
  }
  const size = 860;
  const specs: ChartSpec[] = [
    makeSpec(ctx, {
      id: 'framework_weights',
      section: 'framework',
      ...titled(TITLES.frameworkWeights()),
      subtitle: ctx.t(`中心：${ctx.node(root)}；扇区角度 ∝ 全局权重`, `centre: ${ctx.node(root)}; sector angle ∝ global weight`),
      width: size + 140,
      height: size + 60,
      option: {
        series: [
          {
            type: 'sunburst',
            center: ['50%', '53%'],
            radius: [0, `${outer}%`],
            sort: undefined,
            nodeClick: false,
            data,
            levels,
            label: { fontSize: 10, minAngle: 2 },
          },
        ],
      },
    }),
  ];
  const lv = leaves
    .map((c) => ({ c, v: global.get(c) ?? NaN }))
    .filter((o) => Number.isFinite(o.v))
    .sort((a, b) => b.v - a.v);
  if (lv.length) {
    const items = lv.map((o) => ({
      value: o.v,
      itemStyle: { color: colourOf.get(o.c) ?? PALETTE[0] },
      label: { show: true, position: 'right', formatter: fmt(o.v), fontSize: 9 },
    }));
    specs.push(
      makeSpec(ctx, {
        id: 'weights_indicators',
        section: 'framework',
        ...titled(TITLES.indicatorWeights()),
        subtitle: ctx.t(`颜色 = 一级维度：${top.map(ctx.node).join('、')}`, `colour = top-level dimension: ${top.map(ctx.node).join(', ')}`),
        width: 900,
        height: Math.max(360, 130 + 20 * lv.length),
        option: {
          grid: { left: 230, right: 70, top: 70, bottom: 60 },
          xAxis: { type: 'value', name: ctx.t('全局权重', 'global weight'), nameLocation: 'middle', nameGap: 28 },
          yAxis: {
            type: 'category',
            data: lv.map((o) => ctx.node(o.c)),
            inverse: true,
            axisLabel: { fontSize: 10, interval: 0, width: 210, overflow: 'truncate' },
          },
          series: [{ type: 'bar', name: ctx.t('全局权重', 'global weight'), data: items, barMaxWidth: 16 }],
        },
      }),
    );
  }
  return specs;
}

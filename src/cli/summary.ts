/** The short console summary printed after a run (to stderr, like all logs). */
import { SYNTHETIC_NOTICE } from '../io/write/write-run.js';
import type { RunProjectResult } from '../app/run-project.js';

export function formatSummary(r: RunProjectResult): string {
  const { project, result } = r;
  const spec = project.spec;
  const agg = result.datasets.aggregated;
  const fw = result.framework;
  const root = fw.root;
  const lang = spec.outputs.language;
  const lines: string[] = [];
  if (spec.data.synthetic) lines.push(`!! ${SYNTHETIC_NOTICE}`);
  if (spec.title) lines.push(spec.title);
  const data = project.inputs.find((i) => i.role === 'data');
  lines.push(
    `data: ${data?.path} (${data?.encoding}) — ${agg.units.length} units ` +
      `× ${agg.hasPeriod ? `${agg.periods.length} periods (${agg.periods[0]}–${agg.periods[agg.periods.length - 1]})` : '1 cross-section'} × ${fw.indicators.length} indicators`,
  );
  const steps = result.log.map((e) => {
    switch (e.step) {
      case 'impute':
        return `impute ${uniq(Object.values(e.options.byIndicator).map((o) => o.method))}`;
      case 'treat':
        return `treat ${uniq(Object.values(e.options.byIndicator).map((o) => o.method))}`;
      case 'normalise':
        return `normalise ${uniq(Object.values(e.options.byIndicator).map((o) => `${o.method}/${o.scope}`))}`;
      case 'weight':
        return `weight ${e.options.base.method}${e.options.base.method !== 'nominal' && e.options.base.method !== 'equal' ? ` (${e.options.base.scope}, ${e.options.base.pooling})` : ''}`;
      case 'aggregate': {
        const alts = e.options.alternatives.map((a) => `${a.code}=${a.method}`).join(', ');
        return `aggregate ${uniq(Object.values(e.options.byNode).map((o) => o.method))}${alts ? ` + ${alts}` : ''}`;
      }
      case 'denominate': {
        const k = Object.keys(e.options.byIndicator).length;
        return e.options.enabled && k ? `denominate ${k}` : '';
      }
      case 'screen':
        return e.options.unitThreshold > 0 || e.options.indicatorThreshold > 0
          ? `screen (units ≥ ${e.options.unitThreshold}, indicators ≥ ${e.options.indicatorThreshold})`
          : '';
    }
  });
  lines.push(`steps: ${steps.filter((x) => x && x !== 'impute none' && x !== 'treat none').join(' → ')}`);
  const top = spec.outputs.summaryTop;
  if (top > 0) {
    const t = agg.periods.length - 1;
    const nU = agg.units.length;
    const x = agg.values.get(root)!.subarray(t * nU, (t + 1) * nU);
    const order = Array.from(x.keys())
      .filter((i) => !Number.isNaN(x[i]))
      .sort((a, b) => x[b] - x[a] || a - b)
      .slice(0, top);
    const name = lang === 'zh' ? fw.nodes.get(root)!.nameZh : fw.nodes.get(root)!.nameEn;
    lines.push(`top ${order.length} by ${root} (${name})${agg.hasPeriod ? `, ${agg.periods[t]}` : ''}:`);
    order.forEach((u, k) => lines.push(`  ${String(k + 1).padStart(2)}. ${agg.units[u].padEnd(12)} ${fmt(x[u])}`));
  }
  const warnings = [...project.warnings, ...result.warnings];
  if (warnings.length) lines.push(`${warnings.length} warning(s) (see run.json)`);
  if (r.outDir) lines.push(`wrote ${r.files.length} files to ${r.outDir}`);
  return lines.join('\n');
}

function uniq(xs: string[]): string {
  return [...new Set(xs)].join('/');
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(4);
}

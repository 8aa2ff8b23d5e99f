/**
 * The regression table as a LaTeX (booktabs) fragment: `\begin{table}…\end{table}` with
 * \toprule/\midrule/\bottomrule, one column per model, SEs in parentheses under the estimates,
 * stars as printed in the CSV, fixed-effect and statistics rows below a rule. Needs
 * `\usepackage{booktabs}` (and `ctex` for the Chinese version). Text is escaped for LaTeX.
 */
import type { AnalysisTable } from '../../analysis/context.js';

const LABELS: Record<string, { zh: string; en: string }> = {
  '(Intercept)': { zh: '常数项', en: 'Constant' },
  unit_fe: { zh: '个体固定效应', en: 'Unit FE' },
  period_fe: { zh: '时间固定效应', en: 'Period FE' },
  n: { zh: '观测值', en: 'Observations' },
  controls: { zh: '控制变量', en: 'Controls' },
  r2: { zh: '$R^2$', en: '$R^2$' },
  Yes: { zh: '是', en: 'Yes' },
  No: { zh: '否', en: 'No' },
};

/** Escape LaTeX's special characters in text. */
export function texEscape(s: string): string {
  return s.replace(/[\\{}$&#%_^~]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '^' ? '\\textasciicircum{}' : c === '~' ? '\\textasciitilde{}' : `\\${c}`,
  );
}

/** A cell as LaTeX: a number with its stars → `1.23$^{**}$` (U+2212 minus → hyphen), a known label, or escaped text. */
export function latexCell(x: unknown, lang: 'zh' | 'en'): string {
  const s = String(x ?? '').replace(/\u2212/g, '-');
  const m = /^(-?[\d.]+)(\*{0,3})$/.exec(s);
  if (m) return m[2] ? `${m[1]}$^{${m[2]}}$` : m[1];
  return LABELS[s] ? (s === 'r2' ? LABELS[s][lang] : texEscape(LABELS[s][lang])) : texEscape(s);
}

/**
 * A booktabs table as papers print regressions: caption, one header row, body lines (already LaTeX, `\midrule`
 * allowed), a footnote. Shared by the models lens (models.tex) and the spatial models (spatial_models.tex).
 */
export function latexBooktabs(o: { caption: string; head: string[]; body: string[]; note: string; zh: boolean; what?: string }): string {
  return [
    `% nqpf ${o.what ?? 'regression'} table; needs \\usepackage{booktabs}` + (o.zh ? ' and \\usepackage{ctex}' : ''),
    '\\begin{table}[htbp]',
    '\\centering',
    `\\caption{${o.caption}}`,
    `\\begin{tabular}{l${'c'.repeat(o.head.length)}}`,
    '\\toprule',
    ` & ${o.head.join(' & ')} \\\\`,
    '\\midrule',
    ...o.body,
    '\\bottomrule',
    '\\end{tabular}',
    `\\par\\footnotesize ${o.note}`,
    '\\end{table}',
    '',
  ].join('\n');
}

/** The star legend of every regression-style table (LaTeX). */
export const LATEX_STARS = '$^{***}$ p<0.01, $^{**}$ p<0.05, $^{*}$ p<0.1.';

export function latexTable(t: AnalysisTable, lang: 'zh' | 'en'): string {
  const models = t.header.slice(1);
  const lab = (x: string) => (LABELS[x] ? (x === 'r2' ? LABELS[x][lang] : texEscape(LABELS[x][lang])) : texEscape(x));
  const body: string[] = [];
  let ruled = false;
  let seTypes = '';
  for (const r of t.rows) {
    const key = String(r[0] ?? '');
    if (key === 'se_type') {
      seTypes = [...new Set(r.slice(1).map(String))].join(', ');
      continue;
    }
    if (!ruled && (key === 'controls' || key === 'unit_fe' || key === 'period_fe' || key === 'n')) {
      body.push('\\midrule');
      ruled = true;
    }
    body.push(
      `${key === '' ? '' : lab(key)} & ${r
        .slice(1)
        .map((x) => latexCell(x, lang))
        .join(' & ')} \\\\`,
    );
  }
  const zh = lang === 'zh';
  return latexBooktabs({
    caption: zh ? '回归结果' : 'Regression results',
    head: models.map(texEscape),
    body,
    note: `${zh ? `注：括号内为标准误（${texEscape(seTypes)}）；` : `Note: standard errors (${texEscape(seTypes)}) in parentheses; `}${LATEX_STARS}`,
    zh,
  });
}

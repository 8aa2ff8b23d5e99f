/**
 * Latin words the spec's Chinese field labels, descriptions and value names may hold besides the
 * allow-list of Chinese outputs (./zh-scan.ts, documented in docs/report.md): names of methods,
 * tools, file formats, estimators and software whose conventions a field follows, and symbols of
 * formulas. Shared by test/web/schema-labels.test.ts (the schema) and
 * test/browser/zh-forms.browser.test.ts (the forms in a browser).
 */
export const SPEC_ZH_ALLOW: readonly string[] = [
  // methods and their authors
  'COINr',
  'Mazziotta',
  'Pareto',
  'Box-Cox',
  'Borda',
  'Copeland',
  'log_CT',
  'log_CT_plus',
  // tools and formats
  'ArcGIS',
  'CrimeStat',
  'GAL',
  'GeoJSON',
  'CSV',
  'XLSX',
  'YAML',
  'SVG',
  'PNG',
  'BOM',
  'Word',
  // econometrics: estimators, tests and the software whose conventions are followed
  'Driscoll',
  'Kraay',
  'Hausman',
  'White',
  'HC0',
  'HC1',
  'Stata',
  'xtreg',
  'plm',
  // spatial regression models and tests (the acronyms papers print)
  'SAR',
  'SEM',
  'SDM',
  'SDEM',
  'SAC',
  'LM',
  // efficiency and value chains
  'DEA',
  'CCR',
  'BCC',
  'SBM',
  'Malmquist',
  'KWW',
  'GVC',
  'Leontief',
  'DDF',
  'ML',
  'GML',
  'WWZ',
  // input–output databases (their own names)
  'OECD',
  'ICIO',
  'MRIO',
  'WIOD',
  // symbols of formulas
  'cv',
];

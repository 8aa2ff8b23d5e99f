/**
 * The charts of each analysis's results section, declared once for report.html (./template.ts)
 * and the workbench's Results view (web/src/run-results.ts): which interactive charts
 * (../charts/view, by the name their containers carry: {@link SectionChartName}) a section draws when the run's data are
 * there, and for the report the selector above them and the tables its script fills below.
 * An analysis without an entry here is shown by its declared tables (./data.ts `tableSections`)
 * plus, in the workbench, the figures of the chart family of its key (../charts/index.ts, e.g.
 * `models`: event study, placebo test, threshold LR curves) — so a new analysis's charts are
 * added in one place. Pure and browser-safe.
 */
import { detectorFactorQ, distinct, panelEffectKeys } from '../charts/spatial-models-data.js';
import type { I18nKey } from './i18n.js';

/**
 * What the sections' conditions read of the report payload (./data.ts `ReportPayload`, which
 * satisfies it): structural, so that ./data.ts can take {@link FIGURE_SECTIONS} from here without
 * an import cycle.
 */
export interface SectionPayload {
  readonly tables: Readonly<Record<string, { readonly h: readonly string[]; readonly r: readonly (readonly unknown[])[] }>>;
  readonly density: unknown;
  readonly map: unknown;
  readonly hasPeriods: boolean;
  readonly periods: readonly string[];
}

/**
 * The interactive charts the sections draw: keys of ../charts/view `VIEW_CHARTS` (the workbench,
 * web/src/run-results.ts, assigns them to its `ViewChartName[]`, so a name that is not one fails the
 * type check).
 */
export type SectionChartName =
  | 'gini'
  | 'dagumShares'
  | 'dagumPairs'
  | 'theil'
  | 'density'
  | 'densitySurface'
  | 'markov'
  | 'moran'
  | 'moranScatter'
  | 'lisa'
  | 'sigma'
  | 'obstacleUnit'
  | 'obstacleMean'
  | 'couplingMap'
  | 'couplingTrend'
  | 'efficiencyMap'
  | 'efficiencyChange'
  | 'panelEffects'
  | 'detectorQ'
  | 'detectorInteraction'
  | 'rankInterval'
  | 'sobol'
  | 'loo';

/**
 * One chart of a section: its view chart, the size class of its container (`tall`, `map`) and, for a chart drawn once
 * per specification (spatial regression, as the figures), which one (passed to the chart; `data-arg` in the report).
 */
export interface SectionChart {
  readonly name: SectionChartName;
  readonly cls?: 'tall' | 'map';
  readonly arg?: string;
}

/** A section of interactive charts: an analysis's (by its registry key) or the robustness results. */
export interface FigureSection {
  /** Analysis key (src/analysis/registry.ts), or `robustness`. */
  readonly key: string;
  /** Heading (report i18n key). */
  readonly heading: I18nKey;
  /** Whether the run has the section's results. */
  present(P: SectionPayload): boolean;
  /** The charts drawn, in order, of those whose data the run has. */
  charts(P: SectionPayload): SectionChart[];
  /** Report: a selector above the charts (the client fills its options); `when`: only for runs it holds for. */
  readonly control?: { readonly id: string; readonly label: I18nKey; when?(P: SectionPayload): boolean };
  /** Report: tables the client fills below the charts, with their heading. */
  tables?(P: SectionPayload): { id: string; heading?: I18nKey }[];
  /** Report: a note under the charts. */
  readonly note?: I18nKey;
  /** Report: no (empty) chart grid when the section draws no chart (else the grid is always written). */
  readonly gridOnlyWithCharts?: boolean;
  /** Report: the analysis's declared tables below the charts (else a section with charts shows only its `tables`). */
  readonly declaredTables?: boolean;
}

const multi = (P: SectionPayload) => P.hasPeriods && P.periods.length > 1;
const keep = (xs: (SectionChart | false | undefined)[]): SectionChart[] => xs.filter((x): x is SectionChart => !!x);

/** The analyses with interactive charts, in registry order. */
export const FIGURE_SECTIONS_LIST: readonly FigureSection[] = [
  {
    key: 'inequality',
    heading: 's_inequality',
    present: (P) => !!P.tables.inequality,
    charts: ({ tables: T }) =>
      keep([
        !!T.inequality && { name: 'gini' },
        !!T.inequality?.h.includes('dagum_G') && { name: 'dagumShares' },
        !!T.dagum_groups && { name: 'dagumPairs' },
        !!T.inequality?.h.includes('theil_T') && { name: 'theil' },
      ]),
    // several groupings (analyses.inequality.groups): which one the decomposition charts show
    control: { id: 'ineq-grouping', label: 'groupingSel', when: (P) => !!P.tables.inequality?.h.includes('grouping') },
  },
  {
    key: 'density',
    heading: 's_density',
    present: (P) => !!P.density,
    charts: (P) => (P.density ? [{ name: 'density' }, { name: 'densitySurface' }] : []),
    control: { id: 'density-group', label: 'groupSel' },
    note: 'densityNote',
  },
  {
    key: 'markov',
    heading: 's_markov',
    present: (P) => !!P.tables.markov_transitions,
    charts: (P) => keep([!!P.tables.markov_transitions && { name: 'markov' }]),
    control: { id: 'markov-cond', label: 'conditionSel' },
  },
  {
    key: 'spatial',
    heading: 's_spatial',
    present: (P) => !!(P.tables.spatial_global || P.tables.spatial_local),
    charts: (P) =>
      keep([
        !!P.tables.spatial_global && multi(P) && { name: 'moran' },
        !!P.tables.spatial_local && { name: 'moranScatter' },
        !!P.tables.spatial_local && P.map !== null && { name: 'lisa', cls: 'map' },
      ]),
    // one period: Moran's I as a table instead of its trend
    tables: (P) => (P.tables.spatial_global && !multi(P) ? [{ id: 'moran-table' }] : []),
  },
  {
    key: 'convergence',
    heading: 's_convergence',
    present: (P) => !!(P.tables.convergence_sigma || P.tables.convergence_beta),
    charts: (P) => keep([!!P.tables.convergence_sigma && { name: 'sigma' }]),
    tables: (P) => (P.tables.convergence_beta ? [{ id: 'beta-table', heading: 'c_beta' }] : []),
    gridOnlyWithCharts: true,
  },
  {
    key: 'obstacle',
    heading: 's_obstacle',
    present: (P) => !!(P.tables.obstacle_indicators || P.tables.obstacle_dimensions),
    charts: (P) => keep([!!P.tables.obstacle_indicators && { name: 'obstacleUnit' }, !!P.tables.obstacle_dimensions && { name: 'obstacleMean' }]),
  },
  {
    key: 'coupling',
    heading: 's_coupling',
    present: (P) => !!P.tables.coupling,
    charts: (P) => (P.tables.coupling ? keep([P.map !== null && { name: 'couplingMap', cls: 'map' }, { name: 'couplingTrend' }]) : []),
  },
  {
    key: 'efficiency',
    heading: 's_efficiency',
    present: ({ tables: T }) => !!(T.efficiency_scores || T.efficiency_ml || T.efficiency_malmquist),
    charts: (P) =>
      keep([
        !!P.tables.efficiency_scores && P.map !== null && { name: 'efficiencyMap', cls: 'map' },
        !!(P.tables.efficiency_ml || P.tables.efficiency_malmquist) && multi(P) && { name: 'efficiencyChange' },
      ]),
    note: 'effNote',
    gridOnlyWithCharts: true,
    declaredTables: true,
  },
  {
    // analyses.spatial_models: per panel specification and model its effects with intervals, per detector specification
    // its q bars and interaction heat map (the figures spatial_panel_effects_*, spatial_detector_q_*, _interaction_*)
    key: 'spatial_models',
    heading: 's_spatialModels',
    present: ({ tables: T }) => Object.keys(T).some((k) => /^spatial_(models|panel|detector)_/.test(k)),
    charts: ({ tables: T }) => {
      const tab = (name: string) => (T[name] ? { header: T[name].h, rows: T[name].r } : undefined);
      const imp = tab('spatial_panel_impacts');
      const fac = tab('spatial_detector_factor');
      const it = tab('spatial_detector_interaction');
      const specs = [...new Set([...(fac ? distinct(fac, 'spec') : []), ...(it ? distinct(it, 'spec') : [])])];
      return [
        ...(imp ? panelEffectKeys(imp).map((k): SectionChart => ({ name: 'panelEffects', arg: `${k.model}:${k.spec}` })) : []),
        ...specs.flatMap((spec) =>
          keep([
            !!fac && detectorFactorQ(fac, spec).length > 0 && { name: 'detectorQ', arg: spec },
            !!it && it.rows.some((r) => String(r[it.header.indexOf('spec')]) === spec) && { name: 'detectorInteraction', arg: spec },
          ]),
        ),
      ];
    },
    gridOnlyWithCharts: true,
    declaredTables: true,
  },
];

/** The robustness results (after every analysis). */
export const ROBUSTNESS_SECTION: FigureSection = {
  key: 'robustness',
  heading: 's_robustness',
  present: ({ tables: T }) => !!(T.uncertainty || T.sensitivity || T.leave_one_out || T.method_comparison),
  charts: ({ tables: T }) =>
    keep([!!T.uncertainty && { name: 'rankInterval', cls: 'tall' }, !!T.sensitivity && { name: 'sobol' }, !!T.leave_one_out && { name: 'loo', cls: 'tall' }]),
  tables: (P) => (P.tables.method_comparison ? [{ id: 'compare-table', heading: 'c_compare' }] : []),
};

/** Keys of the analyses with a section of interactive charts (the others are shown by their declared tables). */
export const FIGURE_SECTIONS: ReadonlySet<string> = new Set(FIGURE_SECTIONS_LIST.map((s) => s.key));

/** The chart section of analysis `key` (undefined: tables only). */
export function figureSection(key: string): FigureSection | undefined {
  return FIGURE_SECTIONS_LIST.find((s) => s.key === key);
}

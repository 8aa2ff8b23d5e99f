/**
 * The SYNTHETIC demo panel: 31 provinces × 2012–2023 × the 24 indicators of the built-in
 * `nqpf-three-factor` framework. It exists so that examples, tests and first-time users have
 * realistic-looking input without licensing or transcription issues. **The numbers are invented**:
 * they are drawn from a seeded model, are not statistics and must never be cited as such.
 *
 * Model (per province p, year t = 0…11, indicator i):
 * - latent development level `z_p` = regional base (East 0.45, Central 0, Northeast −0.15,
 *   West −0.35) + a boost for a few well-known leaders (北京, 上海 +0.9; 广东, 江苏 +0.5; 浙江 +0.45)
 *   + N(0, 0.2²);
 * - a province-specific level effect `a_pi ~ N(0, s_i²)` (geography, industry mix) and growth
 *   `g_pi = g_i · exp(0.25 · N(0,1))` (same sign as the indicator's trend `g_i`);
 * - **positive-valued indicators** (counts, per-capita values, intensities):
 *   `x = base_i · exp(b_i z_p + a_pi + g_pi t + e_pit)`, `e ~ N(0, σ_i²)`: log-normal noise, growth
 *   `exp(g_i) − 1` per year (2–10 %; avg_schooling_years 1 %; negative-direction indicators decline);
 * - **percentages**: the same linear predictor on the logit scale,
 *   `x = 100 / (1 + exp(−(logit(base_i/100) + b_i z_p + a_pi + g_pi t + e_pit)))`, so values stay
 *   inside (0, 100) (logit-normal noise);
 * - about 1 % missing cells: exactly `round(0.01 · 372 · 24) = 89` distinct cells, chosen from a
 *   separate random stream with early years more likely (`year index = ⌊12 u²⌋`), written as empty fields;
 * - values rounded to the decimals stated per indicator (`Number.prototype.toFixed`).
 *
 * Each indicator draws from its own stream `Rng.stream(DEMO_SEED, 1, i)`, so adding an indicator at
 * the end leaves the others unchanged. The output is a pure function of {@link DEMO_SEED}: the same
 * string on every run (no clock, no `Math.random`). Cost: O(cells), a few milliseconds.
 */
import { Rng } from '../core/rng.js';
import { PROVINCES, type ProvinceRecord } from '../core/units/provinces.js';
import { NQPF_THREE_FACTOR } from './nqpf-three-factor.js';

/** Seed of the committed demo file. Changing it changes every number in the CSV. */
export const DEMO_SEED = 20240305;
/** First and last year of the demo panel. */
export const DEMO_FIRST_YEAR = 2012;
export const DEMO_LAST_YEAR = 2023;
/** File name of the committed demo CSV (under `examples/demo/`). */
export const DEMO_CSV_FILE = 'nqpf_demo_provinces_2012_2023_SYNTHETIC.csv';
/** Share of cells left empty. */
export const DEMO_MISSING_SHARE = 0.01;

/** Generating parameters of one demo indicator (see the module comment for the model). */
export interface DemoIndicatorModel {
  /** `log`: positive, log-normal; `logit`: a percentage, logit-normal. */
  scale: 'log' | 'logit';
  /** Level in 2012 for a province with z = 0 and no own effect (in the indicator's unit). */
  base: number;
  /** Loading on the latent development level (log or logit units per unit of z). */
  loading: number;
  /** Trend per year (log or logit units); negative for declining indicators. */
  growth: number;
  /** Standard deviation of the province-specific level effect. */
  provinceSd: number;
  /** Standard deviation of the cell noise. */
  noiseSd: number;
  /** Decimals written. */
  decimals: number;
}

/** Model of every indicator of `nqpf-three-factor`, keyed by code. */
export const DEMO_MODELS: Readonly<Record<string, Readonly<DemoIndicatorModel>>> = Object.freeze({
  higher_edu_share: { scale: 'logit', base: 14, loading: 0.9, growth: 0.07, provinceSd: 0.15, noiseSd: 0.04, decimals: 2 },
  avg_schooling_years: { scale: 'log', base: 9.0, loading: 0.08, growth: 0.01, provinceSd: 0.03, noiseSd: 0.008, decimals: 2 },
  grad_students_per_10k: { scale: 'log', base: 10, loading: 1.3, growth: 0.07, provinceSd: 0.3, noiseSd: 0.04, decimals: 2 },
  rd_personnel_intensity: { scale: 'log', base: 40, loading: 1.2, growth: 0.065, provinceSd: 0.3, noiseSd: 0.05, decimals: 2 },
  labour_productivity: { scale: 'log', base: 6.5, loading: 0.7, growth: 0.075, provinceSd: 0.12, noiseSd: 0.03, decimals: 2 },
  avg_wage: { scale: 'log', base: 44000, loading: 0.35, growth: 0.085, provinceSd: 0.08, noiseSd: 0.02, decimals: 0 },
  tertiary_employment_share: { scale: 'logit', base: 36, loading: 0.6, growth: 0.045, provinceSd: 0.15, noiseSd: 0.03, decimals: 2 },
  ict_employment_share: { scale: 'logit', base: 1.6, loading: 0.9, growth: 0.06, provinceSd: 0.2, noiseSd: 0.05, decimals: 2 },
  broadband_per_100: { scale: 'log', base: 12, loading: 0.45, growth: 0.095, provinceSd: 0.12, noiseSd: 0.04, decimals: 2 },
  optical_cable_density: { scale: 'log', base: 1.2, loading: 1.6, growth: 0.095, provinceSd: 0.5, noiseSd: 0.04, decimals: 3 },
  digital_finance_index: { scale: 'log', base: 120, loading: 0.25, growth: 0.09, provinceSd: 0.05, noiseSd: 0.02, decimals: 2 },
  rd_intensity: { scale: 'log', base: 1.4, loading: 1.1, growth: 0.035, provinceSd: 0.3, noiseSd: 0.04, decimals: 2 },
  invention_patents_per_10k: { scale: 'log', base: 2.0, loading: 1.6, growth: 0.095, provinceSd: 0.3, noiseSd: 0.05, decimals: 2 },
  tech_market_share: { scale: 'logit', base: 0.8, loading: 1.4, growth: 0.09, provinceSd: 0.5, noiseSd: 0.12, decimals: 2 },
  robot_density: { scale: 'log', base: 20, loading: 0.9, growth: 0.095, provinceSd: 0.35, noiseSd: 0.08, decimals: 1 },
  energy_intensity: { scale: 'log', base: 0.85, loading: -0.6, growth: -0.045, provinceSd: 0.35, noiseSd: 0.03, decimals: 3 },
  hightech_revenue_share: { scale: 'logit', base: 9, loading: 0.9, growth: 0.035, provinceSd: 0.35, noiseSd: 0.05, decimals: 2 },
  new_product_sales_share: { scale: 'logit', base: 10, loading: 0.8, growth: 0.06, provinceSd: 0.3, noiseSd: 0.06, decimals: 2 },
  ecommerce_sales_per_capita: { scale: 'log', base: 3500, loading: 1.3, growth: 0.095, provinceSd: 0.3, noiseSd: 0.07, decimals: 0 },
  software_revenue_share: { scale: 'logit', base: 2.0, loading: 1.6, growth: 0.06, provinceSd: 0.45, noiseSd: 0.05, decimals: 2 },
  so2_per_gdp: { scale: 'log', base: 40, loading: -0.9, growth: -0.095, provinceSd: 0.4, noiseSd: 0.08, decimals: 2 },
  wastewater_per_gdp: { scale: 'log', base: 13, loading: -0.5, growth: -0.06, provinceSd: 0.25, noiseSd: 0.05, decimals: 3 },
  forest_coverage: { scale: 'logit', base: 30, loading: 0, growth: 0.02, provinceSd: 0.9, noiseSd: 0.01, decimals: 2 },
  solid_waste_utilisation: { scale: 'logit', base: 55, loading: 0.5, growth: 0.02, provinceSd: 0.4, noiseSd: 0.06, decimals: 2 },
});

const REGION_LEVEL: Record<ProvinceRecord['region'], number> = { East: 0.45, Central: 0, Northeast: -0.15, West: -0.35 };
const LEADER_BOOST: Record<string, number> = { 北京: 0.9, 上海: 0.9, 广东: 0.5, 江苏: 0.5, 浙江: 0.45 };

/** Indicator codes of `nqpf-three-factor` in framework order (the CSV's value columns). */
export function demoIndicatorCodes(): string[] {
  return NQPF_THREE_FACTOR.nodes.filter((n) => n.type === 'indicator').map((n) => n.code);
}

/** The demo panel as numbers: `values[c][p * nYears + y]` (NaN = missing) for code `codes[c]`. */
export interface DemoPanelData {
  provinces: string[];
  years: number[];
  codes: string[];
  values: Float64Array[];
}

/** Generate the synthetic panel (unrounded values; missing cells NaN). Pure and deterministic. */
export function generateDemoPanel(seed: number = DEMO_SEED): DemoPanelData {
  const provinces = PROVINCES.map((p) => p.zh);
  const nP = provinces.length;
  const years: number[] = [];
  for (let y = DEMO_FIRST_YEAR; y <= DEMO_LAST_YEAR; y++) years.push(y);
  const nY = years.length;
  const codes = demoIndicatorCodes();

  const latentRng = Rng.stream(seed, 0);
  const z = new Float64Array(nP);
  for (let p = 0; p < nP; p++) {
    const rec = PROVINCES[p];
    z[p] = REGION_LEVEL[rec.region] + (LEADER_BOOST[rec.zh] ?? 0) + 0.2 * latentRng.normal();
  }

  const values = codes.map((code, i) => {
    const m = DEMO_MODELS[code];
    if (!m) throw new Error(`demo-data: no generating model for indicator "${code}"`);
    const rng = Rng.stream(seed, 1, i);
    const out = new Float64Array(nP * nY);
    const center = m.scale === 'log' ? Math.log(m.base) : Math.log(m.base / (100 - m.base));
    for (let p = 0; p < nP; p++) {
      const own = m.provinceSd * rng.normal();
      const g = m.growth * Math.exp(0.25 * rng.normal());
      for (let y = 0; y < nY; y++) {
        const eta = center + m.loading * z[p] + own + g * y + m.noiseSd * rng.normal();
        out[p * nY + y] = m.scale === 'log' ? Math.exp(eta) : 100 / (1 + Math.exp(-eta));
      }
    }
    return out;
  });

  const missRng = Rng.stream(seed, 2);
  const nCells = nP * nY * codes.length;
  const nMissing = Math.round(DEMO_MISSING_SHARE * nCells);
  let made = 0;
  while (made < nMissing) {
    const u = missRng.uniform();
    const y = Math.floor(nY * u * u);
    const p = missRng.int(nP);
    const c = missRng.int(codes.length);
    const k = p * nY + y;
    if (Number.isNaN(values[c][k])) continue;
    values[c][k] = NaN;
    made++;
  }
  return { provinces, years, codes, values };
}

/**
 * The committed demo CSV as a string: UTF-8 text (no BOM), `\n` line ends, header
 * `province,year,<24 indicator codes>`, rows ordered by province (GB/T 2260 order) then year,
 * missing cells empty. `scripts/gen-demo.ts` writes it to `examples/demo/` + {@link DEMO_CSV_FILE}.
 */
export function generateDemoCsv(seed: number = DEMO_SEED): string {
  const { provinces, years, codes, values } = generateDemoPanel(seed);
  const decimals = codes.map((c) => DEMO_MODELS[c].decimals);
  const lines: string[] = [['province', 'year', ...codes].join(',')];
  for (let p = 0; p < provinces.length; p++) {
    for (let y = 0; y < years.length; y++) {
      const cells: string[] = [provinces[p], String(years[y])];
      for (let c = 0; c < codes.length; c++) {
        const v = values[c][p * years.length + y];
        cells.push(Number.isNaN(v) ? '' : v.toFixed(decimals[c]));
      }
      lines.push(cells.join(','));
    }
  }
  return lines.join('\n') + '\n';
}

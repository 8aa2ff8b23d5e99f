/**
 * Writes the SYNTHETIC city panel examples/demo/nqpf_demo_cities_2012_2023_SYNTHETIC.csv (issue 19):
 * the prefecture-level cities (地级市) and the four municipalities that were cities throughout
 * 2012–2023 — every unit of kind city/municipality of the cn-cities registry except those that
 * became cities in or after 2012 (三沙 2012, 海东 2013, 日喀则/昌都 2014, 林芝/吐鲁番/儋州 2015,
 * 山南/哈密 2016, 那曲 2017) — × 12 years, with the 24 indicators of `nqpf-three-factor`.
 * Invented numbers from the province demo's indicator models (src/frameworks/demo-data.ts,
 * DEMO_MODELS) with a city latent level: the province demo's regional gradient, + 0.5 for the
 * provincial capitals and the 15 sub-provincial cities, + 0.9 for 北京/上海, − 0.15 for autonomous
 * areas' cities in the West, + N(0, 0.3²); about 1 % of the cells missing. Do not cite them.
 *
 * Run: `npx tsx scripts/gen-city-demo.ts`; the output is byte-identical on every run (seed below),
 * and test/examples/cn-cities-demo.test.ts fails if the committed file and this script disagree.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/core/rng.js';
import { CITIES, type CityRecord } from '../src/core/units/cities.js';
import { DEMO_MODELS, demoIndicatorCodes } from '../src/frameworks/demo-data.js';

export const CITY_DEMO_SEED = 20261207;
export const CITY_DEMO_FILE = 'nqpf_demo_cities_2012_2023_SYNTHETIC.csv';
const FIRST = 2012;
const LAST = 2023;

/** Units that became prefecture-level cities in 2012 or later (no city series for 2012–2023). */
const LATE_CITIES = new Set(['460300', '630200', '540200', '540300', '540400', '650400', '460400', '540500', '650500', '540600']);
/** The 15 sub-provincial cities (副省级城市). */
const SUB_PROVINCIAL = new Set([
  '210100',
  '210200',
  '220100',
  '230100',
  '320100',
  '330100',
  '330200',
  '350200',
  '370100',
  '370200',
  '420100',
  '440100',
  '440300',
  '510100',
  '610100',
]);
const REGION_LEVEL: Record<string, number> = { East: 0.45, Central: 0, Northeast: -0.15, West: -0.35 };

/** The cities of the panel, in code order. */
export function cityDemoUnits(): CityRecord[] {
  return CITIES.filter((c) => (c.kind === 'city' || c.kind === 'municipality') && !LATE_CITIES.has(c.code));
}

/** The CSV text: header `city,province,year,<24 codes>`, rows by city code then year, missing cells empty. */
export function cityDemoCsv(seed = CITY_DEMO_SEED): string {
  const cities = cityDemoUnits();
  const codes = demoIndicatorCodes();
  const years = Array.from({ length: LAST - FIRST + 1 }, (_, t) => FIRST + t);
  const nC = cities.length;
  const nY = years.length;
  const lat = Rng.stream(seed, 0);
  const z = cities.map((c) => {
    const capital = c.code.slice(2) === '0100' || c.kind === 'municipality';
    let v = REGION_LEVEL[c.province.region] + (capital || SUB_PROVINCIAL.has(c.code) ? 0.5 : 0) + 0.3 * lat.normal();
    if (c.code === '110000' || c.code === '310000') v += 0.9;
    return v;
  });
  const values = codes.map((code, i) => {
    const m = DEMO_MODELS[code];
    const rng = Rng.stream(seed, 1, i);
    const out = new Float64Array(nC * nY);
    const center = m.scale === 'log' ? Math.log(m.base) : Math.log(m.base / (100 - m.base));
    for (let p = 0; p < nC; p++) {
      const own = 1.3 * m.provinceSd * rng.normal();
      const g = m.growth * Math.exp(0.25 * rng.normal());
      for (let y = 0; y < nY; y++) {
        const eta = center + m.loading * z[p] + own + g * y + 1.5 * m.noiseSd * rng.normal();
        out[p * nY + y] = m.scale === 'log' ? Math.exp(eta) : 100 / (1 + Math.exp(-eta));
      }
    }
    return out;
  });
  const miss = Rng.stream(seed, 2);
  const nMissing = Math.round(0.01 * nC * nY * codes.length);
  for (let made = 0; made < nMissing; ) {
    const u = miss.uniform();
    const k = miss.int(nC) * nY + Math.floor(nY * u * u);
    const c = miss.int(codes.length);
    if (Number.isNaN(values[c][k])) continue;
    values[c][k] = NaN;
    made++;
  }
  const lines = [['city', 'province', 'year', ...codes].join(',')];
  cities.forEach((city, p) => {
    years.forEach((year, y) => {
      const cells = [city.zh, city.province.zh, String(year)];
      codes.forEach((code, c) => {
        const v = values[c][p * nY + y];
        cells.push(Number.isNaN(v) ? '' : v.toFixed(DEMO_MODELS[code].decimals));
      });
      lines.push(cells.join(','));
    });
  });
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(import.meta.dirname, '../examples/demo', CITY_DEMO_FILE);
  writeFileSync(out, cityDemoCsv(), 'utf8');
  process.stderr.write(`wrote ${out} (${cityDemoUnits().length} cities × ${LAST - FIRST + 1} years, seed ${CITY_DEMO_SEED}) — SYNTHETIC data\n`);
}

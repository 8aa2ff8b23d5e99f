import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_FRAMEWORKS } from '../../src/frameworks/index.js';
import { DEMO_CSV_FILE, DEMO_SEED, generateDemoCsv } from '../../src/frameworks/demo-data.js';
import { parseCsvSimple } from '../helpers/shared.js';

const committedPath = resolve(import.meta.dirname, '../../examples/demo', DEMO_CSV_FILE);
const committed = readFileSync(committedPath);

// NBS four-region membership, written out here independently of src/core/units/provinces.ts.
const EAST = ['北京', '天津', '河北', '上海', '江苏', '浙江', '福建', '山东', '广东', '海南'];
const WEST = ['内蒙古', '广西', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆'];

const fw = BUILTIN_FRAMEWORKS['nqpf-three-factor'];
const parents = new Set(fw.nodes.map((n) => n.parent).filter((p) => p != null));
const indicators = fw.nodes.filter((n) => !parents.has(n.code));

// Parse the committed file with the test helper's CSV parser (not src/io).
const rows = parseCsvSimple(committed.toString('utf8'));
const header = rows[0];
const body = rows.slice(1);
const col = (code: string) => header.indexOf(code);
const num = (s: string) => (s === '' ? NaN : Number(s));
const mean = (xs: number[]) => {
  const ok = xs.filter((x) => !Number.isNaN(x));
  return ok.reduce((s, x) => s + x, 0) / ok.length;
};

describe('generateDemoCsv', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'nqpf-demo-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('generateDemoCsv() written to a temp file equals the committed examples/demo CSV byte for byte', () => {
    const out = join(tmp, DEMO_CSV_FILE);
    writeFileSync(out, generateDemoCsv(), 'utf8');
    expect(readFileSync(out).equals(committed)).toBe(true);
  });

  it('generateDemoCsv() is the same on every call and depends on the seed', () => {
    expect(generateDemoCsv()).toBe(generateDemoCsv(DEMO_SEED));
    expect(generateDemoCsv(DEMO_SEED + 1)).not.toBe(generateDemoCsv());
  });

  it('writes UTF-8 without BOM and with \\n line ends only', () => {
    expect(committed[0]).not.toBe(0xef);
    expect(committed.includes(0x0d)).toBe(false);
    expect(committed[committed.length - 1]).toBe(0x0a);
  });
});

describe('the synthetic demo panel', () => {
  it('has columns province, year and the nqpf-three-factor indicator codes in framework order', () => {
    expect(header).toEqual(['province', 'year', ...indicators.map((n) => n.code)]);
    for (const r of body) expect(r.length).toBe(header.length);
  });

  it('has 31 provinces × 12 years (2012–2023) = 372 distinct rows', () => {
    expect(body.length).toBe(372);
    const keys = new Set(body.map((r) => `${r[0]}|${r[1]}`));
    expect(keys.size).toBe(372);
    const provinces = new Set(body.map((r) => r[0]));
    expect(provinces.size).toBe(31);
    for (const p of [...EAST, ...WEST, '山西', '安徽', '江西', '河南', '湖北', '湖南', '辽宁', '吉林', '黑龙江']) expect(provinces.has(p), p).toBe(true);
    for (const p of provinces) {
      const years = body.filter((r) => r[0] === p).map((r) => Number(r[1]));
      expect(years).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    }
  });

  it('leaves about 1 % of the cells empty, never a whole row', () => {
    const cells = body.length * indicators.length;
    const empty = body.reduce((s, r) => s + r.slice(2).filter((x) => x === '').length, 0);
    expect(empty / cells).toBeGreaterThan(0.008);
    expect(empty / cells).toBeLessThan(0.012);
    for (const r of body) expect(r.slice(2).some((x) => x !== '')).toBe(true);
  });

  it('holds only finite positive numbers, with percentages within 0–100', () => {
    for (const n of indicators) {
      const j = col(n.code);
      for (const r of body) {
        if (r[j] === '') continue;
        const x = Number(r[j]);
        expect(Number.isFinite(x), `${n.code} ${r[0]} ${r[1]}`).toBe(true);
        expect(x, `${n.code} ${r[0]} ${r[1]}`).toBeGreaterThan(0);
        if (n.unit === '%') expect(x, `${n.code} ${r[0]} ${r[1]}`).toBeLessThan(100);
      }
    }
  });

  it('puts the East above the West on every development-driven indicator (below it on negative ones)', () => {
    for (const n of indicators) {
      if (n.code === 'forest_coverage') continue; // geography, not development
      const j = col(n.code);
      const east = mean(body.filter((r) => EAST.includes(r[0])).map((r) => num(r[j])));
      const west = mean(body.filter((r) => WEST.includes(r[0])).map((r) => num(r[j])));
      if (n.direction === 1) expect(east, n.code).toBeGreaterThan(west);
      else expect(east, n.code).toBeLessThan(west);
    }
  });

  it('grows the national mean of every positive indicator 2012→2023 and lowers every negative one in every province', () => {
    for (const n of indicators) {
      const j = col(n.code);
      const y0 = body.filter((r) => r[1] === '2012').map((r) => num(r[j]));
      const y1 = body.filter((r) => r[1] === '2023').map((r) => num(r[j]));
      if (n.direction === 1) expect(mean(y1), n.code).toBeGreaterThan(mean(y0));
      else {
        for (const p of new Set(body.map((r) => r[0]))) {
          const first = body.find((r) => r[0] === p && r[1] === '2012')![j];
          const last = body.find((r) => r[0] === p && r[1] === '2023')![j];
          if (first !== '' && last !== '') expect(Number(last), `${n.code} ${p}`).toBeLessThan(Number(first));
        }
      }
    }
  });

  it('places 北京 and 上海 in the top quarter of R&D intensity and patents per 10,000 people', () => {
    for (const code of ['rd_intensity', 'invention_patents_per_10k']) {
      const j = col(code);
      const byProv = new Map<string, number>();
      for (const p of new Set(body.map((r) => r[0]))) byProv.set(p, mean(body.filter((r) => r[0] === p).map((r) => num(r[j]))));
      const sorted = [...byProv.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
      expect(sorted.indexOf('北京'), code).toBeLessThan(8);
      expect(sorted.indexOf('上海'), code).toBeLessThan(8);
    }
  });
});

describe('examples/demo/README.md', () => {
  it('says plainly that the data are SYNTHETIC and states the seed and the script', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../examples/demo/README.md'), 'utf8');
    expect(readme).toMatch(/SYNTHETIC/);
    expect(readme).toMatch(/not, and does not approximate, any official statistic/);
    expect(readme).toContain(`DEMO_SEED = ${DEMO_SEED}`);
    expect(readme).toContain('scripts/gen-demo.ts');
  });
});

/**
 * methodsText(bundle, lang): the generated methods section names the methods and parameters the
 * run actually used, reports the weights of the weights table, cites each method and lists
 * exactly the works cited, and states provenance. Expected values are read independently of the
 * code under test: weights and framework from the run's CSV files with the test's own CSV parser,
 * the data hash with node:crypto.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/read/run-dir.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { methodsText } from '../../src/report/methods-text.js';
import { REFERENCES, citeText, formatReference } from '../../src/report/references.js';
import { demoRun } from '../helpers/demo-run.js';
import { parseCsvSimple } from '../helpers/shared.js';

const demoData = resolve(import.meta.dirname, '../../examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

let out: string;
let bundle: RunBundle;

beforeAll(async () => {
  out = await demoRun();
  bundle = await readRunDir(out);
}, 120_000);

function csv(name: string): { header: string[]; rows: string[][] } {
  const r = parseCsvSimple(readFileSync(join(out, `${name}.csv`), 'utf8').replace(/^\uFEFF/, '')).filter((x) => x.length > 1);
  return { header: r[0], rows: r.slice(1) };
}

const all = (m: ReturnType<typeof methodsText>): string => m.paragraphs.map((p) => `${p.heading ?? ''}\n${p.text}`).join('\n');

/** A deep copy of the bundle with `edit` applied to its run.json. */
function edited(edit: (run: Record<string, any>) => void): RunBundle {
  const run = structuredClone(bundle.run) as Record<string, any>;
  edit(run);
  return { run: run as RunBundle['run'], tables: bundle.tables };
}

describe('methodsText on the demo run', () => {
  it('zh names the methods and parameters used: 熵权法 global/pooled, min-max [0, 1] pooled, TOPSIS pooled ideal, linear interpolation', () => {
    const m = methodsText(bundle, 'zh');
    const t = all(m);
    expect(m.title).toBe('研究方法与数据');
    expect(t).toContain('本文采用熵权法确定指标权重');
    expect(t).toContain('e_j = −(1/ln n) Σ_i p_ij ln p_ij');
    expect(t).toContain('w_j = (1 − e_j)/Σ_k (1 − e_k)');
    expect(t).toContain('n = 372'); // pooled: 31 provinces × 12 years
    expect(t).toContain('极差标准化（min-max）');
    expect(t).toContain('[0, 1]');
    expect(t).toMatch(/pooled，混合标准化/);
    expect(t).toContain('TOPSIS');
    expect(t).toContain('C_i = D_i⁻/(D_i⁺ + D_i⁻)');
    expect(t).toContain('NQPF_topsis');
    expect(t).toContain('线性插值法');
    expect(t).toContain('未进行异常值处理');
    // analyses present in the run, with their parameters from the spec
    for (const s of ['Dagum', '泰尔指数', 'bw.nrd0', '马尔可夫链', '空间马尔可夫链', "Moran's I", 'LISA', 'G_i*', 'β 收敛', 'σ 收敛', '障碍度', '耦合协调度'])
      expect(t, s).toContain(s);
    expect(t).toContain('499 次随机置换'); // spatial.permutations: 499
    expect(t).toContain('最近的 4 个邻居'); // weights: knn k = 4
    expect(t).toContain('前 3 个指标'); // obstacle.top: 3
    // robustness set-up
    expect(t).toContain('200 次蒙特卡洛模拟');
    expect(t).toContain('N = 100');
    expect(t).toContain('(k + 2)N = 500');
  });

  it('en names the same methods: entropy method, min-max onto [0, 1], pooled scope, TOPSIS', () => {
    const t = all(methodsText(bundle, 'en'));
    expect(t).toContain('Weights were determined by the entropy method');
    expect(t).toContain('min-max normalisation onto [0, 1]');
    expect(t).toContain('(pooled scope)');
    expect(t).toContain('by TOPSIS');
    expect(t).toContain('treating all 372 unit-periods as one sample (pooled)');
    expect(t).toContain("Silverman's rule of thumb (as R bw.nrd0)");
    expect(t).toContain('first-order index S_i = V_i/V');
    expect(t).not.toMatch(/本文|采用|指标权重/);
  });

  it('reports the framework counts and the dimension weights of framework.csv and weights.csv', () => {
    const fw = csv('framework');
    const type = fw.header.indexOf('type');
    const nInd = fw.rows.filter((r) => r[type] === 'indicator').length;
    const dir = fw.header.indexOf('direction');
    const nNeg = fw.rows.filter((r) => r[type] === 'indicator' && Number(r[dir]) < 0).length;
    const zh = all(methodsText(bundle, 'zh'));
    expect(zh).toContain(`共 ${nInd} 个基础指标`);
    expect(zh).toContain(`负向指标 ${nNeg} 个`);
    const w = csv('weights');
    const ix = (c: string): number => w.header.indexOf(c);
    const top = w.rows.filter((r) => r[ix('parent')] === 'NQPF');
    expect(top.length).toBe(3);
    for (const r of top) expect(zh).toContain(`${r[ix('name')]} ${Number(r[ix('global')]).toFixed(4)}`);
    const en = all(methodsText(bundle, 'en'));
    for (const r of top) expect(en).toContain(Number(r[ix('global')]).toFixed(4));
  });

  it('states provenance: version, seed, SHA-256 of the data file, and the SYNTHETIC notice', () => {
    const sha = createHash('sha256').update(readFileSync(demoData)).digest('hex');
    for (const lang of ['zh', 'en'] as const) {
      const t = all(methodsText(bundle, lang));
      expect(t).toContain(sha);
      expect(t).toContain('20240101');
      expect(t).toContain(`nqpf ${bundle.run.nqpf}`);
      expect(t).toContain('SYNTHETIC');
    }
  });

  it('cites every method used and lists exactly the cited works', () => {
    for (const lang of ['zh', 'en'] as const) {
      const m = methodsText(bundle, lang);
      const t = all(m);
      const used = [
        'entropy',
        'topsis',
        'handbook',
        'dagum',
        'theil',
        'kde',
        'markov',
        'spatialMarkov',
        'moran',
        'cliffOrd',
        'geary',
        'getisOrd',
        'lisa',
        'giStar',
        'convergence',
        'coupling',
        'lefever',
        'yuill',
        'saltelliDesign',
        'sobolFirst',
        'sobolTotal',
      ];
      for (const k of used) {
        expect(m.references, `${lang} ${k}`).toContain(formatReference(REFERENCES[k], lang));
        expect(t.includes(citeText(REFERENCES[k], lang)) || t.includes(`${REFERENCES[k].authors[0].family}`), `${lang} cites ${k}`).toBe(true);
      }
      expect(m.references.length).toBe(used.length);
      // not used by this run
      for (const k of ['critic', 'ahp', 'grey', 'couplingCorrected', 'coinr']) expect(m.references).not.toContain(formatReference(REFERENCES[k], lang));
    }
    const en = methodsText(bundle, 'en').references;
    expect(en).toContain('Shannon, C. E. (1948). A mathematical theory of communication. Bell System Technical Journal, 27(3), 379–423.');
    expect(en).toContain(
      'Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and Applications — A State-of-the-Art Survey. Berlin: Springer.',
    );
  });
});

describe('methodsText follows the run log, not the defaults', () => {
  it('a log with CRITIC weights and COINr treatment describes them and cites Diakoulaki et al. and Becker et al.', () => {
    const b = edited((run) => {
      const wl = run.log.find((e: any) => e.step === 'weight');
      for (const o of Object.values(wl.options.byNode) as any[]) o.method = 'critic';
      wl.options.base.method = 'critic';
      const tr = run.log.find((e: any) => e.step === 'treat');
      for (const o of Object.values(tr.options.byIndicator) as any[]) o.method = 'coinr';
    });
    const zh = methodsText(b, 'zh');
    const t = all(zh);
    expect(t).toContain('本文采用 CRITIC 法确定指标权重');
    expect(t).toContain('C_j = σ_j Σ_k (1 − r_jk)');
    expect(t).not.toContain('熵权法');
    expect(t).toContain('|skew| ≥ 2 且峰度 kurt ≥ 3.5');
    expect(t).toContain('最多 5 个点');
    expect(zh.references).toContain(
      'DIAKOULAKI D, MAVROTAS G, PAPAYANNAKIS L, 1995. Determining objective weights in multiple criteria problems: The CRITIC method[J]. Computers & Operations Research, 22(7): 763-770.',
    );
    expect(zh.references.some((r) => r.startsWith('BECKER W, CAPERNA G, DEL SORBO M, et al., 2022. COINr'))).toBe(true);
    expect(zh.references.some((r) => r.startsWith('SHANNON'))).toBe(false);
    const en = methodsText(b, 'en').references;
    expect(en).toContain(
      'Diakoulaki, D., Mavrotas, G., & Papayannakis, L. (1995). Determining objective weights in multiple criteria problems: The CRITIC method. Computers & Operations Research, 22(7), 763–770.',
    );
    expect(en).toContain(
      'Becker, W., Caperna, G., Del Sorbo, M., Norlén, H., Papadimitriou, E., & Saisana, M. (2022). COINr: An R ' +
        'package for developing composite indicators. Journal of Open Source Software, 7(78), 4567.',
    );
  });

  it('per-period normalisation and the corrected coupling model are described when the run used them', () => {
    const b = edited((run) => {
      const n = run.log.find((e: any) => e.step === 'normalise');
      for (const o of Object.values(n.options.byIndicator) as any[]) {
        o.scope = 'period';
        o.range = [0, 100];
      }
      run.spec.analyses.coupling.corrected = true;
    });
    const zh = all(methodsText(b, 'zh'));
    expect(zh).toContain('[0, 100]');
    expect(zh).toContain('逐期确定（period，按期标准化）');
    expect(zh).not.toContain('混合标准化');
    expect(zh).toContain('王淑佳等（2021）提出的修正模型');
    const en = methodsText(b, 'en');
    expect(all(en)).toContain('within each period (period scope)');
    expect(en.references).toContain('王淑佳, 孔伟, 任亮, 治丹丹, & 戴彬婷. (2021). 国内耦合协调度模型的误区及修正. 自然资源学报, 36(3), 793–810.');
  });

  it('an indicator with its own normalisation is named as the exception', () => {
    const b = edited((run) => {
      const n = run.log.find((e: any) => e.step === 'normalise');
      n.options.byIndicator.forest_coverage.method = 'zscore';
    });
    const zh = all(methodsText(b, 'zh'));
    expect(zh).toContain('森林覆盖率采用 Z-score 标准化');
    expect(zh).toContain('其余指标采用极差标准化');
  });

  it('real data get no SYNTHETIC notice', () => {
    const b = edited((run) => {
      run.synthetic = false;
      delete run.notice;
    });
    expect(all(methodsText(b, 'zh'))).not.toContain('合成数据');
    expect(all(methodsText(b, 'en'))).not.toContain('data are SYNTHETIC');
    expect(all(methodsText(bundle, 'en'))).toContain('data are SYNTHETIC');
  });
});

describe('formatReference', () => {
  it('GB/T 7714 author–year for zh and APA-like for en (CRITIC, the brief’s example)', () => {
    expect(formatReference(REFERENCES.critic, 'zh')).toBe(
      'DIAKOULAKI D, MAVROTAS G, PAPAYANNAKIS L, 1995. Determining objective weights in multiple criteria problems: The CRITIC method[J]. Computers & Operations Research, 22(7): 763-770.',
    );
    expect(formatReference(REFERENCES.ahp, 'en')).toBe(
      'Saaty, T. L. (1980). The Analytic Hierarchy Process: Planning, Priority Setting, Resource Allocation. New York: McGraw-Hill.',
    );
    expect(formatReference(REFERENCES.coinr, 'zh')).toBe(
      'BECKER W, CAPERNA G, DEL SORBO M, et al., 2022. COINr: An R package for developing composite indicators[J]. Journal of Open Source Software, 7(78): 4567.',
    );
    expect(citeText(REFERENCES.critic, 'en')).toBe('Diakoulaki et al., 1995');
    expect(citeText(REFERENCES.couplingCorrected, 'zh')).toBe('王淑佳等，2021');
  });
});

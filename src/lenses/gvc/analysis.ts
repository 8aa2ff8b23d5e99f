/**
 * analyses.valueChains (issue 18): global-value-chain measures from an inter-country input–output
 * table — the Koopman–Wang–Wei (2014) decomposition of each country's gross exports, GVC
 * participation and position (Koopman et al. 2010), upstreamness (Antràs et al. 2012) and
 * downstreamness, and the value-added origins of exports V·B·diag(E). Kernels: ./table.ts,
 * ./leontief.ts, ./kww.ts, ./upstreamness.ts; every table at full precision.
 *
 * The ICIO table is not part of the run's panel: the application reads the section's files with
 * io/read/icio.ts (`readIcioCsv`) and passes the validated table as `ctx.icio` ({@link GvcContext});
 * {@link valueChainTables} is the same computation for library use.
 */
import { fail } from '../../core/errors.js';
import { arr, type Loose } from '../../core/loose.js';
import type { AnalysisContext, AnalysisTable } from '../../analysis/context.js';
import { analysis, type MethodsParagraph, type MethodsWriter, type Row, table } from '../../analysis/descriptor.js';
import { grossExports, KWW_TERMS, kww } from './kww.js';
import { type DenseExecutor, leontief, leontiefFactors, luSolveTransposed, valueAddedOrigins } from './leontief.js';
import { type ValueChainsSpecOut, ValueChainsSpec } from './spec.js';
import type { IcioTable } from './table.js';
import { countryName, industryName } from './names.js';
import { type ProductionRow, productionParticipation } from './production.js';
import { upstreamness, upstreamnessFromFactors } from './upstreamness.js';
import { WWZ_TERMS, wwz } from './wwz.js';

const country = { kind: 'text', zh: '国家', en: 'Country' } as const;
const industry = { kind: 'text', zh: '行业', en: 'Industry' } as const;
const countryZh = { kind: 'text', zh: '国家（中文名）', en: 'Country (Chinese name)' } as const;
const countryEn = { kind: 'text', zh: '国家（英文名）', en: 'Country (English name)' } as const;
const industryZh = { kind: 'text', zh: '行业（中文名）', en: 'Industry (Chinese name)' } as const;
const industryEn = { kind: 'text', zh: '行业（英文名）', en: 'Industry (English name)' } as const;
/** zh/en names of a country label (ISO3 or English name; the label itself when unknown). */
const cNames = (c: string) => ({ country_zh: countryName(c, 'zh'), country_en: countryName(c, 'en') });
/** Country and industry codes and zh/en names of sector k (country-major order, N industries per country). */
const sectorNames = (t: IcioTable, k: number) => {
  const country = t.countries[Math.floor(k / t.N)];
  const industry = t.industries[k % t.N];
  return { country, industry, ...cNames(country), industry_zh: industryName(industry, 'zh'), industry_en: industryName(industry, 'en') };
};
const n = (zh: string, en: string) => ({ kind: 'num', zh, en }) as const;
/** Present when the section reads a panel of tables (`years`). */
const year = { kind: 'period', zh: '年份', en: 'Year', optional: true } as const;

export const GVC_KWW = table({
  name: 'gvc_kww',
  file: 'gvc_kww.csv',
  zh: '总出口的 KWW 分解（Koopman、Wang 与 Wei，2014）',
  en: 'KWW decomposition of gross exports (Koopman, Wang & Wei 2014)',
  columns: {
    year,
    country,
    country_zh: countryZh,
    country_en: countryEn,
    exports: n('总出口', 'Gross exports'),
    DVA_FIN: n('最终品出口中的国内增加值', 'DVA in final exports'),
    DVA_INT: n('被直接进口国吸收的中间品出口国内增加值', 'DVA in intermediates absorbed by direct importers'),
    DVA_INTrex: n('经直接进口国再出口至第三国的国内增加值', 'DVA in intermediates re-exported to third countries'),
    RDV_FIN: n('以最终品返回的国内增加值', 'Returned DVA via final imports'),
    RDV_INT: n('以中间品返回的国内增加值', 'Returned DVA via intermediate imports'),
    DDC: n('国内重复计算', 'Domestic double counting'),
    FVA_FIN: n('最终品出口中的国外增加值', 'FVA in final exports'),
    FVA_INT: n('中间品出口中的国外增加值', 'FVA in intermediate exports'),
    FDC: n('国外重复计算', 'Foreign double counting'),
    vax: n('增加值出口（T1–T3）', 'Value-added exports (T1–T3)'),
    rdv: n('返回的国内增加值（T4–T5）', 'Returned DVA (T4–T5)'),
    dva: n('出口中的国内增加值（T1–T5）', 'DVA in exports (T1–T5)'),
    fva: n('出口中的国外增加值（T7–T8）', 'FVA in exports (T7–T8)'),
    pdc: n('纯重复计算（T6 + T9）', 'Pure double counting (T6 + T9)'),
  },
  report: { columns: ['year', 'country', 'exports', 'dva', 'fva', 'pdc', 'vax'] },
});

export const GVC_POSITION = table({
  name: 'gvc_position',
  file: 'gvc_position.csv',
  zh: '全球价值链参与度与位置指数（Koopman 等，2010）',
  en: 'GVC participation and position (Koopman et al. 2010)',
  columns: {
    year,
    country,
    country_zh: countryZh,
    country_en: countryEn,
    exports: n('总出口', 'Gross exports'),
    iv: n('间接增加值出口 IV', 'Indirect VA exports IV'),
    fv: n('出口中的国外增加值 FV', 'Foreign VA in exports FV'),
    participation: n('参与度', 'Participation'),
    position: n('位置指数', 'Position'),
  },
  report: true,
});

export const GVC_UPSTREAMNESS = table({
  name: 'gvc_upstreamness',
  file: 'gvc_upstreamness.csv',
  zh: '国家—行业上游度与下游度',
  en: 'Upstreamness and downstreamness by country and industry',
  columns: {
    year,
    country,
    industry,
    country_zh: countryZh,
    country_en: countryEn,
    industry_zh: industryZh,
    industry_en: industryEn,
    output: n('总产出', 'Gross output'),
    value_added: n('增加值', 'Value added'),
    exports: n('总出口', 'Gross exports'),
    upstreamness: n('上游度', 'Upstreamness'),
    downstreamness: n('下游度', 'Downstreamness'),
  },
  report: true,
});

export const GVC_LEONTIEF = table({
  name: 'gvc_leontief',
  file: 'gvc_leontief.csv',
  zh: '出口的增加值来源（V B diag(E)）',
  en: 'Value-added origins of exports (V B diag(E))',
  columns: {
    year,
    source_country: { kind: 'text', zh: '来源国', en: 'Source country' },
    source_industry: { kind: 'text', zh: '来源行业', en: 'Source industry' },
    using_country: { kind: 'text', zh: '出口国', en: 'Exporting country' },
    using_industry: { kind: 'text', zh: '出口行业', en: 'Exporting industry' },
    value_added: n('增加值', 'Value added'),
  },
});

export const GVC_WWZ = table({
  name: 'gvc_wwz',
  file: 'gvc_wwz.csv',
  zh: '双边—部门总出口的 WWZ 分解（Wang、Wei 与 Zhu，2013）',
  en: 'WWZ decomposition of bilateral-sectoral gross exports (Wang, Wei & Zhu 2013)',
  columns: {
    year,
    exporter: { kind: 'text', zh: '出口国', en: 'Exporter' },
    partner: { kind: 'text', zh: '进口国', en: 'Importer' },
    industry: { kind: 'text', zh: '出口行业', en: 'Exporting industry' },
    exports: n('双边总出口', 'Bilateral gross exports'),
    final_exports: n('最终品出口', 'Final-goods exports'),
    DVA_FIN: n('最终品出口中的国内增加值', 'DVA in final exports'),
    DVA_INT: n('被直接进口国用于本国最终品的中间品国内增加值', 'DVA in intermediates for the direct importer’s domestic final goods'),
    DVA_INTrexI1: n('经直接进口国中间品再出口、第三国本国吸收的国内增加值', 'DVA re-exported as intermediates, absorbed by third countries at home'),
    DVA_INTrexF: n('经直接进口国以最终品再出口至第三国的国内增加值', 'DVA re-exported by the direct importer in final goods to third countries'),
    DVA_INTrexI2: n('经直接进口国中间品再出口、第三国最终品出口吸收的国内增加值', 'DVA re-exported as intermediates for third countries’ final exports'),
    RDV_INT: n('经中间品进口返回并用于本国最终品的国内增加值', 'Returned DVA via intermediate imports'),
    RDV_FIN: n('经自直接进口国的最终品进口返回的国内增加值', 'Returned DVA via final imports from the direct importer'),
    RDV_FIN2: n('经自第三国的最终品进口返回的国内增加值', 'Returned DVA via final imports from third countries'),
    OVA_FIN: n('最终品出口中的第三国增加值', 'Third countries’ VA in final exports'),
    MVA_FIN: n('最终品出口中的直接进口国增加值', 'Direct importer’s VA in final exports'),
    OVA_INT: n('中间品出口中的第三国增加值', 'Third countries’ VA in intermediate exports'),
    MVA_INT: n('中间品出口中的直接进口国增加值', 'Direct importer’s VA in intermediate exports'),
    DDC_FIN: n('最终品出口生产中的国内重复计算', 'Domestic double counting, final exports'),
    DDC_INT: n('中间品出口生产中的国内重复计算', 'Domestic double counting, intermediate exports'),
    ODC: n('第三国增加值的重复计算', 'Third countries’ double counting'),
    MDC: n('直接进口国增加值的重复计算', 'Direct importer’s double counting'),
    dva: n('被国外吸收的国内增加值（1–5）', 'DVA absorbed abroad (1–5)'),
    rdv: n('返回的国内增加值（6–8）', 'Returned DVA (6–8)'),
    fva: n('国外增加值（9–12）', 'Foreign VA (9–12)'),
    pdc: n('纯重复计算（13–16）', 'Pure double counting (13–16)'),
  },
});

const productionColumns = {
  va: n('增加值', 'Value added'),
  final: n('最终品产出', 'Final goods'),
  fwd_D: n('前向：纯国内', 'Forward: pure domestic'),
  fwd_RT: n('前向：传统贸易', 'Forward: traditional trade'),
  fwd_GVC_S: n('前向：简单价值链', 'Forward: simple GVC'),
  fwd_GVC_C: n('前向：复杂价值链', 'Forward: complex GVC'),
  bwd_D: n('后向：纯国内', 'Backward: pure domestic'),
  bwd_RT: n('后向：传统贸易', 'Backward: traditional trade'),
  bwd_GVC_S: n('后向：简单价值链', 'Backward: simple GVC'),
  bwd_GVC_C: n('后向：复杂价值链', 'Backward: complex GVC'),
  forward_participation: n('前向参与度', 'Forward participation'),
  backward_participation: n('后向参与度', 'Backward participation'),
} as const;

export const GVC_PRODUCTION_COUNTRY = table({
  name: 'gvc_production_country',
  file: 'gvc_production_country.csv',
  zh: '基于生产分解的全球价值链参与度：国家（王直等，2017）',
  en: 'Production-based GVC participation by country (Wang, Wei, Yu & Zhu 2017)',
  columns: { year, country, country_zh: countryZh, country_en: countryEn, ...productionColumns },
  report: { columns: ['year', 'country', 'va', 'final', 'forward_participation', 'backward_participation'] },
});

export const GVC_PRODUCTION = table({
  name: 'gvc_production',
  file: 'gvc_production.csv',
  zh: '基于生产分解的全球价值链参与度：国家 × 行业（王直等，2017）',
  en: 'Production-based GVC participation by country × industry (Wang, Wei, Yu & Zhu 2017)',
  columns: { year, country, industry, country_zh: countryZh, country_en: countryEn, industry_zh: industryZh, industry_en: industryEn, ...productionColumns },
});

const productionCells = (r: ProductionRow) => ({
  va: r.va,
  final: r.final,
  fwd_D: r.forward[0],
  fwd_RT: r.forward[1],
  fwd_GVC_S: r.forward[2],
  fwd_GVC_C: r.forward[3],
  bwd_D: r.backward[0],
  bwd_RT: r.backward[1],
  bwd_GVC_S: r.backward[2],
  bwd_GVC_C: r.backward[3],
  forward_participation: r.forwardParticipation,
  backward_participation: r.backwardParticipation,
});

/** The analysis context with the ICIO table the application read for the section. */
export interface GvcContext extends AnalysisContext {
  icio?: IcioTable;
}

/**
 * The section's tables from a validated table (what `run` does once the table is read). Cost: one LU
 * of I − A (2n³/3) and G + 1 solves for KWW, participation and downstreamness; another LU for
 * upstreamness only when the table states inventories (else U = diag(X)⁻¹ B X by one more solve); WWZ by 2G + G per
 * exporter solves on the same factors; B (8n³/3) only for the `leontief` table. `exec`: helper threads for the LUs
 * (`startDensePool()`); the tables are the same bytes with or without.
 * @example valueChainTables(await readIcioCsv(files), { measures: ['kww'] })
 */
export function valueChainTables(
  t: IcioTable,
  spec: Pick<ValueChainsSpecOut, 'measures'> & Pick<Partial<ValueChainsSpecOut>, 'exporters'>,
  exec?: DenseExecutor,
  year?: number,
): AnalysisTable[] {
  const want = new Set(spec.measures);
  // a panel of tables: every row carries its year, every table the year column
  const Y = year === undefined ? {} : { year };
  const inc = year === undefined ? {} : { include: ['year'] as const };
  const f = leontiefFactors(t, exec);
  const out: AnalysisTable[] = [];
  const rows = want.has('kww') || want.has('participation') ? kww(t, f) : [];
  if (want.has('kww')) {
    out.push(
      GVC_KWW.build(
        rows.map((r) => {
          const row = { ...Y, country: r.country, ...cNames(r.country), exports: r.exports, vax: r.vax, rdv: r.rdv, dva: r.dva, fva: r.fva, pdc: r.pdc } as Row<
            typeof GVC_KWW.columns
          >;
          KWW_TERMS.forEach((k, i) => {
            row[k] = r.terms[i];
          });
          return row;
        }),
        inc,
      ),
    );
  }
  if (want.has('participation')) {
    out.push(
      GVC_POSITION.build(
        rows.map((r) => ({
          ...Y,
          country: r.country,
          ...cNames(r.country),
          exports: r.exports,
          iv: r.iv,
          fv: r.fv,
          participation: r.participation,
          position: r.position,
        })),
        inc,
      ),
    );
  }
  const E = grossExports(t);
  if (want.has('upstreamness')) {
    // without inventories U = diag(X)⁻¹ B X from the factors already at hand; with them Δ changes and needs its own LU
    const { U } = t.inventories ? upstreamness(t, t.inventories, exec) : upstreamnessFromFactors(t, f.lu);
    const D = luSolveTransposed(f.lu, new Float64Array(t.n).fill(1)); // 1'(I − A)⁻¹: column sums of B
    out.push(
      GVC_UPSTREAMNESS.build(
        t.sectors.map((_, k) => ({
          ...Y,
          ...sectorNames(t, k),
          output: t.X[k],
          value_added: t.VA[k],
          exports: E[k],
          upstreamness: U[k],
          downstreamness: D[k],
        })),
        inc,
      ),
    );
  }
  if (want.has('wwz')) {
    const exporters = (spec.exporters ?? t.countries).map((c) => {
      const s = t.countries.indexOf(c);
      if (s < 0) {
        fail('E_ICIO_TABLE', `analyses.valueChains.exporters: "${c}" is not one of the table's countries`, {
          location: { path: 'analyses.valueChains.exporters' },
          hint: `known: ${t.countries.join(', ')}`,
        });
      }
      return s;
    });
    out.push(
      GVC_WWZ.build(
        wwz(t, f, exporters).map((w) => {
          const row = {
            ...Y,
            exporter: t.countries[w.s],
            partner: t.countries[w.r],
            industry: t.industries[w.sector % t.N],
            exports: w.exports,
            final_exports: w.finalExports,
            dva: w.dva,
            rdv: w.rdv,
            fva: w.fva,
            pdc: w.pdc,
          } as Row<typeof GVC_WWZ.columns>;
          WWZ_TERMS.forEach((k, i) => {
            row[k] = w.terms[i];
          });
          return row;
        }),
        inc,
      ),
    );
  }
  if (want.has('production')) {
    const p = productionParticipation(t, f);
    out.push(
      GVC_PRODUCTION_COUNTRY.build(
        p.countries.map((r, g) => ({ ...Y, country: t.countries[g], ...cNames(t.countries[g]), ...productionCells(r) })),
        inc,
      ),
    );
    out.push(
      GVC_PRODUCTION.build(
        p.sectors.map((r, k) => ({
          ...Y,
          ...sectorNames(t, k),
          ...productionCells(r),
        })),
        inc,
      ),
    );
  }
  if (want.has('leontief')) {
    const vbe = valueAddedOrigins(leontief(t, exec), E);
    const r: Row<typeof GVC_LEONTIEF.columns>[] = [];
    for (let i = 0; i < t.n; i++) {
      for (let j = 0; j < t.n; j++) {
        r.push({
          ...Y,
          source_country: t.countries[Math.floor(i / t.N)],
          source_industry: t.industries[i % t.N],
          using_country: t.countries[Math.floor(j / t.N)],
          using_industry: t.industries[j % t.N],
          value_added: vbe[i * t.n + j],
        });
      }
    }
    out.push(GVC_LEONTIEF.build(r, inc));
  }
  return out;
}

/** One year's validated table of a panel (`analyses.valueChains.years`). */
export interface IcioYear {
  year: number;
  table: IcioTable;
}

/**
 * {@link valueChainTables} for a panel of tables, one per year: the tables of every year, in the order given,
 * stacked into one table per measure with a year column first. The years run one after another (each LU
 * uses `exec`'s helpers as one table does). Cost: the sum of the years' costs.
 * @example valueChainPanel([{ year: 2019, table: t19 }, { year: 2020, table: t20 }], { measures: ['kww', 'participation'] })
 */
export function valueChainPanel(
  years: readonly IcioYear[],
  spec: Pick<ValueChainsSpecOut, 'measures'> & Pick<Partial<ValueChainsSpecOut>, 'exporters'>,
  exec?: DenseExecutor,
): AnalysisTable[] {
  const out: AnalysisTable[] = [];
  for (const y of years) {
    for (const t of valueChainTables(y.table, spec, exec, y.year)) {
      const have = out.find((o) => o.name === t.name);
      if (have) have.rows.push(...t.rows);
      else out.push({ ...t, rows: [...t.rows] });
    }
  }
  return out;
}

function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const measures = new Set(arr(sec.measures).map(String));
  const s: string[] = [];
  s.push(
    w.t(
      '基于国际投入产出表计算全球价值链指标：直接消耗系数 A = Z diag(X)⁻¹，里昂惕夫逆矩阵 B = (I − A)⁻¹（部分选主元 LU 分解），增加值系数 V = VA / X，' +
        `各国国内里昂惕夫逆矩阵 L = (I − A_D)⁻¹${w.cite('leontief1936')}。`,
      'Global-value-chain measures are computed from an inter-country input–output table: technical coefficients A = Z diag(X)⁻¹, ' +
        `the Leontief inverse B = (I − A)⁻¹ (LU with partial pivoting), value-added coefficients V = VA / X and the local inverse L = (I − A_D)⁻¹${w.cite('leontief1936')}.`,
    ),
  );
  s.push(
    w.t(
      '增加值取总产出减中间投入（VA = X − Z′1，含中间产品税减补贴）；最终需求中的存货变动可为负，按原值保留，各分解恒等式对其同样成立。',
      'Value added is gross output less intermediate inputs (VA = X − Z′1, taxes less subsidies on intermediate products included); ' +
        'changes in inventories in final demand may be negative and are kept as they are — the decomposition identities hold with them.',
    ),
  );
  const years = arr(sec.years).map(String);
  if (years.length) {
    s.push(
      w.t(
        `各年份的投入产出表分别计算，结果按年份列出（${years.join('、')}）。`,
        `Each year's input–output table is computed on its own and the results are listed by year (${years.join(', ')}).`,
      ),
    );
  }
  if (measures.has('kww')) {
    s.push(
      w.t(
        `按 Koopman、Wang 与 Wei 的方法${w.cite('kww2014')}将各国总出口分解为九项：最终品出口中的国内增加值、被直接进口国吸收的中间品国内增加值、` +
          '经直接进口国再出口至第三国的国内增加值、以最终品和中间品返回的国内增加值、国内重复计算、最终品与中间品出口中的国外增加值和国外重复计算；' +
          '九项之和等于总出口，国内增加值 DVA（T1–T5）、国外增加值 FVA（T7–T8）与纯重复计算 PDC（T6 + T9）之和亦等于总出口。',
        `Each country's gross exports are decomposed into the nine terms of Koopman, Wang and Wei${w.cite('kww2014')}: domestic value added ` +
          'in final exports, in intermediates absorbed by direct importers and in intermediates re-exported to third countries; returned domestic ' +
          'value added via final and intermediate imports; domestic double counting; foreign value added in final and intermediate exports; and ' +
          'foreign double counting. The terms sum to gross exports, and so do DVA (T1–T5), FVA (T7–T8) and pure double counting (T6 + T9).',
      ),
    );
  }
  if (measures.has('participation')) {
    s.push(
      w.t(
        `全球价值链参与度 = IV/E + FV/E，位置指数 = ln(1 + IV/E) − ln(1 + FV/E)${w.cite('koopman2010')}，其中 IV 为经直接进口国再出口至第三国的国内增加值（KWW 第 3 项），` +
          'FV 为出口中的全部国外增加值（第 7–9 项），E 为总出口。',
        `GVC participation = IV/E + FV/E and position = ln(1 + IV/E) − ln(1 + FV/E)${w.cite('koopman2010')}, with IV the domestic value added ` +
          'in intermediates re-exported by the direct importer to third countries (KWW term 3), FV all foreign value added in the exports (terms 7–9) and E gross exports.',
      ),
    );
  }
  if (measures.has('wwz')) {
    s.push(
      w.t(
        `双边—部门层面按 Wang、Wei 与 Zhu 的方法${w.cite('wwz2013')}将 s 国部门 i 对 r 国的总出口 E^sr_i 分解为 16 项：` +
          '以 (V^s B^ss)ᵀ、(V^s L^ss)ᵀ、(V^r B^rs)ᵀ 与 (Σ_{t≠s,r} V^t B^ts)ᵀ 为权重，逐元素乘以最终品出口 Y^sr 或中间品出口 A^sr X^r 的各组成部分' +
          '（如 DVA_INT = (V^s L^ss)ᵀ # (A^sr B^rr Y^rr)，DDC_INT = (V^s B^ss − V^s L^ss)ᵀ # (A^sr X^r)，MDC = (V^r B^rs)ᵀ # (A^sr L^rr E^r*)）；' +
          '各项均按公式计算（无残差项），16 项之和等于 E^sr_i。汇总：被国外吸收的国内增加值 DVA（第 1–5 项）、返回的国内增加值 RDV（第 6–8 项）、' +
          '国外增加值 FVA（第 9–12 项）与纯重复计算 PDC（第 13–16 项）；按进口国与部门加总即得 KWW 的九项。',
        `Bilateral-sectoral gross exports E^sr_i (sector i of country s to country r) are decomposed into the 16 terms of Wang, Wei and Zhu${w.cite('wwz2013')}: ` +
          'the weights (V^s B^ss)ᵀ, (V^s L^ss)ᵀ, (V^r B^rs)ᵀ and (Σ_{t≠s,r} V^t B^ts)ᵀ multiply element by element the final-goods exports Y^sr or the parts of ' +
          'intermediate exports A^sr X^r (e.g. DVA_INT = (V^s L^ss)ᵀ # (A^sr B^rr Y^rr), DDC_INT = (V^s B^ss − V^s L^ss)ᵀ # (A^sr X^r), ' +
          'MDC = (V^r B^rs)ᵀ # (A^sr L^rr E^r*)). Every term is computed by its formula (none as a residual) and the 16 sum to E^sr_i. Aggregates: domestic ' +
          'value added absorbed abroad DVA (terms 1–5), returned domestic value added RDV (6–8), foreign value added FVA (9–12) and pure double counting ' +
          'PDC (13–16); summed over partners and sectors they give the nine KWW terms.',
      ),
    );
  }
  if (measures.has('production')) {
    s.push(
      w.t(
        `按王直、魏尚进、余心玎与祝坤福的生产分解${w.cite('wwyz2017')}，将最终品中的增加值 V̂BŶ 分为纯国内 V̂LŶ^D、传统贸易 V̂LŶ^F、` +
          '简单全球价值链 V̂LA^F LŶ^D 与复杂全球价值链 V̂LA^F(BŶ − LŶ^D) 四部分（Ŷ 为各部门最终品、Ŷ^D 为其国内部分、A^F 为 A 的国外分块）；' +
          '按行加总为前向分解（之和等于增加值），按列加总为后向分解（之和等于最终品）；前向参与度 = (简单 + 复杂)/增加值，后向参与度 = (简单 + 复杂)/最终品，国家为其各部门之和。',
        `Following the production decomposition of Wang, Wei, Yu and Zhu${w.cite('wwyz2017')}, the value added in final goods V̂BŶ is split into pure domestic ` +
          'V̂LŶ^D, traditional trade V̂LŶ^F, simple GVC V̂LA^F LŶ^D and complex GVC V̂LA^F(BŶ − LŶ^D) (Ŷ the final goods of each sector, Ŷ^D their domestic part, ' +
          'A^F the foreign blocks of A); row sums give the forward parts (adding up to value added), column sums the backward parts (adding up to final goods); ' +
          'forward participation = (simple + complex) / value added, backward = (simple + complex) / final goods, countries summing their sectors.',
      ),
    );
  }
  if (measures.has('upstreamness')) {
    const inv = typeof sec.inventories === 'string' ? sec.inventories : undefined;
    s.push(
      inv
        ? w.t(
            `上游度 U = (I − Δ)⁻¹1，Δ_ij = Z_ij / (X_i − N_i)${w.cite('antras2012')}，N_i 为部门 i 的存货变动（最终需求类别 ${inv} 对各目的国之和），即从总产出中扣除存货变动；下游度为 1′(I − A)⁻¹（B 的列和）。`,
            `Upstreamness U = (I − Δ)⁻¹1 with Δ_ij = Z_ij / (X_i − N_i)${w.cite('antras2012')}, N_i sector i's net change in inventories (final-demand category ${inv} ` +
              'summed over destinations), i.e. inventories removed from output; downstreamness is 1′(I − A)⁻¹ (column sums of B).',
          )
        : w.t(
            `上游度 U = (I − Δ)⁻¹1，Δ_ij = Z_ij / X_i${w.cite('antras2012')}，未作存货调整；下游度为 1′(I − A)⁻¹（B 的列和）。`,
            `Upstreamness U = (I − Δ)⁻¹1 with Δ_ij = Z_ij / X_i${w.cite('antras2012')}, without an inventory adjustment; downstreamness is 1′(I − A)⁻¹ (column sums of B).`,
          ),
    );
  }
  return { heading: w.t('全球价值链', 'Global value chains'), sentences: s };
}

export const valueChainsAnalysis = analysis({
  key: 'valueChains',
  title: { zh: '全球价值链', en: 'Global value chains' },
  spec: ValueChainsSpec,
  tables: [GVC_KWW, GVC_POSITION, GVC_UPSTREAMNESS, GVC_LEONTIEF, GVC_WWZ, GVC_PRODUCTION_COUNTRY, GVC_PRODUCTION],
  run(ctx: GvcContext, spec) {
    const panel = ctx.inputs?.icioYears as IcioYear[] | undefined;
    if (panel) return valueChainPanel(panel, spec, ctx.dense);
    const icio = (ctx.icio ?? ctx.inputs?.icio) as IcioTable | undefined;
    if (!icio) {
      fail('E_ICIO_TABLE', 'analyses.valueChains: the input–output table was not read', {
        location: { path: 'analyses.valueChains' },
        hint: 'the application reads the section’s files (io/read/icio.ts) before the analyses run',
      });
    }
    return valueChainTables(icio, spec, ctx.dense);
  },
  methods,
});

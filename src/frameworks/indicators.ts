import type { FrameworkNodeSpec } from '../core/framework-types.js';

/**
 * Catalogue of the provincial indicators used by nqpf's built-in frameworks. Each entry is a
 * complete indicator description (code, names, direction, unit, definition, usual source) without
 * a parent; a framework places an entry in its tree with {@link placeIndicator}. Keeping one
 * catalogue means the same code has the same meaning in every built-in framework.
 *
 * Definitions state the numerator and denominator as the yearbooks publish them, so that users can
 * assemble the data themselves. "GRP" is gross regional product (地区生产总值). The values are
 * ratios the user computes before loading (no `denominator` is set), because the underlying
 * counts come from different yearbooks.
 */
export type CatalogueIndicator = Omit<FrameworkNodeSpec, 'parent' | 'type' | 'weight'> & {
  code: string;
  nameZh: string;
  nameEn: string;
  direction: 1 | -1;
  unit: string;
  definition: string;
  source: string;
};

const list: CatalogueIndicator[] = [
  // ---- Labourers (新型劳动者) ---------------------------------------------------------------
  {
    code: 'higher_edu_share',
    nameZh: '就业人员中大专及以上学历占比',
    nameEn: 'Share of employed persons with tertiary education',
    direction: 1,
    unit: '%',
    definition: 'Employed persons with junior-college (大专) education or above / all employed persons × 100',
    source: '中国劳动统计年鉴 (就业人员受教育程度构成)',
  },
  {
    code: 'avg_schooling_years',
    nameZh: '人均受教育年限',
    nameEn: 'Average years of schooling',
    direction: 1,
    unit: '年',
    definition:
      'Σ (population aged 6+ by highest attainment × years: no schooling 0, primary 6, junior secondary 9, senior secondary 12, tertiary 16) / population aged 6+',
    source: '中国统计年鉴 (人口受教育程度, 人口抽样调查); 中国人口和就业统计年鉴',
  },
  {
    code: 'grad_students_per_10k',
    nameZh: '每万人在校研究生数',
    nameEn: 'Postgraduate students per 10,000 population',
    direction: 1,
    unit: '人/万人',
    definition: 'Postgraduate (master + doctoral) students enrolled / year-end resident population × 10,000',
    source: '中国统计年鉴; 中国教育统计年鉴',
  },
  {
    code: 'rd_personnel_intensity',
    nameZh: '每万名就业人员R&D人员全时当量',
    nameEn: 'R&D personnel (full-time equivalent) per 10,000 employed persons',
    direction: 1,
    unit: '人年/万人',
    definition: 'R&D personnel full-time equivalent / employed persons × 10,000',
    source: '中国科技统计年鉴; 各省统计年鉴 (employment)',
  },
  {
    code: 'labour_productivity',
    nameZh: '全员劳动生产率',
    nameEn: 'Labour productivity',
    direction: 1,
    unit: '万元/人',
    definition: 'GRP / employed persons (deflate GRP with the GRP index to compare years at constant prices)',
    source: '各省统计年鉴; 中国统计年鉴',
  },
  {
    code: 'avg_wage',
    nameZh: '城镇非私营单位就业人员平均工资',
    nameEn: 'Average wage of employees in urban non-private units',
    direction: 1,
    unit: '元',
    definition: 'Total wage bill of urban non-private units / average number of their employees',
    source: '中国统计年鉴; 中国劳动统计年鉴',
  },
  {
    code: 'tertiary_employment_share',
    nameZh: '第三产业就业人员占比',
    nameEn: 'Share of employment in the tertiary sector',
    direction: 1,
    unit: '%',
    definition: 'Employed persons in the tertiary sector / all employed persons × 100',
    source: '各省统计年鉴; 中国劳动统计年鉴',
  },
  {
    code: 'ict_employment_share',
    nameZh: '信息传输、软件和信息技术服务业就业人员占比',
    nameEn: 'Share of employees in information transmission, software and IT services',
    direction: 1,
    unit: '%',
    definition: 'Employees of urban non-private units in information transmission, software and IT services / all employees of urban non-private units × 100',
    source: '中国劳动统计年鉴',
  },
  // ---- Means of labour (新型劳动资料) ---------------------------------------------------------
  {
    code: 'broadband_per_100',
    nameZh: '互联网宽带接入用户普及率',
    nameEn: 'Fixed broadband subscribers per 100 population',
    direction: 1,
    unit: '户/百人',
    definition: 'Fixed internet broadband subscribers / year-end resident population × 100',
    source: '中国统计年鉴 (邮电通信)',
  },
  {
    code: 'optical_cable_density',
    nameZh: '光缆线路密度',
    nameEn: 'Optical cable line density',
    direction: 1,
    unit: '公里/平方公里',
    definition: 'Length of optical cable lines / land area',
    source: '中国统计年鉴 (邮电通信); land area from 各省统计年鉴',
  },
  {
    code: 'digital_finance_index',
    nameZh: '数字普惠金融指数',
    nameEn: 'Digital financial inclusion index',
    direction: 1,
    unit: '指数',
    definition: 'Peking University Digital Financial Inclusion Index of China (PKU-DFIIC), provincial total index',
    source: '北京大学数字金融研究中心 (PKU-DFIIC)',
  },
  {
    code: 'rd_intensity',
    nameZh: 'R&D经费投入强度',
    nameEn: 'R&D expenditure intensity',
    direction: 1,
    unit: '%',
    definition: 'Intramural R&D expenditure / GRP × 100',
    source: '中国科技统计年鉴; 全国科技经费投入统计公报',
  },
  {
    code: 'invention_patents_per_10k',
    nameZh: '每万人发明专利拥有量',
    nameEn: 'Valid invention patents per 10,000 population',
    direction: 1,
    unit: '件/万人',
    definition: 'Valid (in-force) invention patents held / year-end resident population × 10,000',
    source: '中国科技统计年鉴; 国家知识产权局统计年报',
  },
  {
    code: 'tech_market_share',
    nameZh: '技术市场成交额占GDP比重',
    nameEn: 'Technology-market turnover relative to GRP',
    direction: 1,
    unit: '%',
    definition: "Turnover of registered technology contracts (by the seller's region) / GRP × 100",
    source: '中国科技统计年鉴',
  },
  {
    code: 'robot_density',
    nameZh: '工业机器人渗透度',
    nameEn: 'Industrial robot density',
    direction: 1,
    unit: '台/万人',
    definition:
      'Operational stock of industrial robots allocated to the province (IFR national stock by industry × the ' +
      "province's share of that industry's employment, a Bartik-style allocation) / manufacturing employment × 10,000",
    source: 'IFR World Robotics; employment shares from 中国工业统计年鉴 / 中国经济普查年鉴',
  },
  {
    code: 'energy_intensity',
    nameZh: '单位GDP能耗',
    nameEn: 'Energy consumption per unit of GRP',
    direction: -1,
    unit: '吨标准煤/万元',
    definition: 'Total energy consumption (tonnes of standard coal equivalent) / GRP (10^4 yuan, constant prices)',
    source: '中国能源统计年鉴',
  },
  // ---- Objects of labour (新型劳动对象) -------------------------------------------------------
  {
    code: 'hightech_revenue_share',
    nameZh: '高技术产业营业收入占比',
    nameEn: 'High-tech manufacturing share of industrial revenue',
    direction: 1,
    unit: '%',
    definition: 'Operating revenue of high-technology manufacturing / operating revenue of industrial enterprises above designated size × 100',
    source: '中国高技术产业统计年鉴; 中国工业统计年鉴',
  },
  {
    code: 'new_product_sales_share',
    nameZh: '新产品销售收入占比',
    nameEn: 'New-product sales share of industrial revenue',
    direction: 1,
    unit: '%',
    definition: 'Sales revenue of new products of industrial enterprises above designated size / their operating revenue × 100',
    source: '中国科技统计年鉴',
  },
  {
    code: 'ecommerce_sales_per_capita',
    nameZh: '人均电子商务销售额',
    nameEn: 'E-commerce sales per capita',
    direction: 1,
    unit: '元/人',
    definition: 'E-commerce sales of enterprises / year-end resident population',
    source: '中国统计年鉴 (企业信息化及电子商务情况)',
  },
  {
    code: 'software_revenue_share',
    nameZh: '软件业务收入占GDP比重',
    nameEn: 'Software business revenue relative to GRP',
    direction: 1,
    unit: '%',
    definition: 'Software business revenue / GRP × 100',
    source: '中国电子信息产业统计年鉴; 工业和信息化部软件业统计',
  },
  {
    code: 'so2_per_gdp',
    nameZh: '单位GDP二氧化硫排放量',
    nameEn: 'Sulphur dioxide emissions per unit of GRP',
    direction: -1,
    unit: '吨/亿元',
    definition: 'Sulphur dioxide emissions / GRP (10^8 yuan)',
    source: '中国环境统计年鉴',
  },
  {
    code: 'wastewater_per_gdp',
    nameZh: '单位GDP废水排放量',
    nameEn: 'Wastewater discharge per unit of GRP',
    direction: -1,
    unit: '万吨/亿元',
    definition: 'Wastewater discharged (10^4 t) / GRP (10^8 yuan)',
    source: '中国环境统计年鉴',
  },
  {
    code: 'forest_coverage',
    nameZh: '森林覆盖率',
    nameEn: 'Forest coverage',
    direction: 1,
    unit: '%',
    definition: 'Forest area / land area × 100 (national forest inventory; constant between inventories)',
    source: '中国统计年鉴; 中国林业和草原统计年鉴',
  },
  {
    code: 'solid_waste_utilisation',
    nameZh: '一般工业固体废物综合利用率',
    nameEn: 'Utilisation rate of general industrial solid waste',
    direction: 1,
    unit: '%',
    definition: 'General industrial solid waste comprehensively utilised / (waste generated + utilised from earlier storage) × 100',
    source: '中国环境统计年鉴',
  },
  // ---- Used only by the technology–digital–green framework ----------------------------------
  {
    code: 'mobile_phone_per_100',
    nameZh: '移动电话普及率',
    nameEn: 'Mobile phone subscriptions per 100 population',
    direction: 1,
    unit: '部/百人',
    definition: 'Mobile phone subscriptions / year-end resident population × 100',
    source: '中国统计年鉴 (邮电通信)',
  },
  {
    code: 'enterprise_websites_per_100',
    nameZh: '每百家企业拥有网站数',
    nameEn: 'Websites per 100 enterprises',
    direction: 1,
    unit: '个/百家',
    definition: 'Websites owned by enterprises covered by the informatisation survey / number of those enterprises × 100',
    source: '中国统计年鉴 (企业信息化及电子商务情况)',
  },
  {
    code: 'water_per_gdp',
    nameZh: '单位GDP用水量',
    nameEn: 'Water use per unit of GRP',
    direction: -1,
    unit: '立方米/万元',
    definition: 'Total water use (m³) / GRP (10^4 yuan)',
    source: '中国统计年鉴; 中国水资源公报',
  },
  {
    code: 'harmless_waste_treatment',
    nameZh: '生活垃圾无害化处理率',
    nameEn: 'Harmless treatment rate of household waste',
    direction: 1,
    unit: '%',
    definition: 'Household waste treated harmlessly / household waste collected and transported × 100',
    source: '中国统计年鉴; 中国城乡建设统计年鉴',
  },
  {
    code: 'green_coverage_built_up',
    nameZh: '建成区绿化覆盖率',
    nameEn: 'Green coverage of built-up areas',
    direction: 1,
    unit: '%',
    definition: 'Green-covered area in built-up districts / built-up area × 100',
    source: '中国统计年鉴; 中国城乡建设统计年鉴',
  },
];

/** The catalogue keyed by indicator code. Entries are frozen; {@link placeIndicator} copies them. */
export const INDICATOR_CATALOGUE: Readonly<Record<string, Readonly<CatalogueIndicator>>> = Object.freeze(
  Object.fromEntries(list.map((x) => [x.code, Object.freeze(x)])),
);

/** An indicator node: the catalogue entry `code` under `parent`, weight 1. */
export function placeIndicator(code: string, parent: string): FrameworkNodeSpec {
  const entry = INDICATOR_CATALOGUE[code];
  // Programming error in a built-in definition (caught by the tests), not a user error.
  if (!entry) throw new Error(`built-in framework refers to unknown catalogue indicator "${code}"`);
  return { ...entry, parent, weight: 1, type: 'indicator' };
}

/** An aggregate node (index, dimension, sub-dimension), weight 1. */
export function aggregate(code: string, parent: string | null, nameZh: string, nameEn: string, definition: string): FrameworkNodeSpec {
  return parent === null
    ? { code, parent: null, nameZh, nameEn, definition, type: 'aggregate' }
    : { code, parent, nameZh, nameEn, definition, weight: 1, type: 'aggregate' };
}

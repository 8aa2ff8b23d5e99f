import type { BuiltinFramework } from './types.js';
import { aggregate, placeIndicator as ind } from './indicators.js';
import { NQPF_NORMALISE } from './normalise.js';

/**
 * 新质生产力三要素指标体系 — new quality productive forces measured through the three factors of
 * production of Marxian political economy: labourers (劳动者), means of labour (劳动资料) and
 * objects of labour (劳动对象), each with sub-dimensions, 24 indicators, equal nominal weights.
 *
 * The selection follows the three-factor systems of the 2024 Chinese NQPF literature (王珏 & 王荣基
 * 2024; 韩文龙, 张瑞生 & 赵峰 2024): labour skills and productivity; tangible (digital infrastructure,
 * robots, energy) and intangible (R&D, patents, technology markets) means of labour; new industries and
 * the ecological environment as objects of labour. Three indicators are negative (less is better):
 * energy intensity, SO₂ and wastewater per unit of GRP.
 */
export const NQPF_THREE_FACTOR: BuiltinFramework = {
  id: 'nqpf-three-factor',
  nameZh: '新质生产力三要素指标体系',
  nameEn: 'New quality productive forces: three-factor framework',
  description:
    'New quality productive forces (新质生产力) measured through the three factors of production — new-type labourers, ' +
    'new-type means of labour and new-type objects of labour — with two or three sub-dimensions each and 24 provincial ' +
    'indicators (21 positive, 3 negative), equal nominal weights. Follows the three-factor indicator systems common in ' +
    '2024 Chinese NQPF studies.',
  references: [
    '王珏, 王荣基. 新质生产力：指标构建与时空演进. 西安财经大学学报, 2024.',
    '韩文龙, 张瑞生, 赵峰. 新质生产力水平测算与中国经济增长新动能. 数量经济技术经济研究, 2024.',
    'Three-factor (劳动者—劳动资料—劳动对象) indicator systems in 2024 Chinese NQPF studies generally.',
    'OECD & JRC. Handbook on Constructing Composite Indicators: Methodology and User Guide. OECD Publishing, 2008.',
  ],
  normalise: NQPF_NORMALISE,
  nodes: [
    aggregate('NQPF', null, '新质生产力指数', 'New quality productive forces index', 'Aggregate of the three factors of production'),

    aggregate('Labourers', 'NQPF', '新型劳动者', 'New-type labourers', 'Skills, productivity and structure of the workforce'),
    aggregate('LabourSkills', 'Labourers', '劳动者技能', 'Labour skills', 'Education and research capacity of the workforce'),
    ind('higher_edu_share', 'LabourSkills'),
    ind('avg_schooling_years', 'LabourSkills'),
    ind('grad_students_per_10k', 'LabourSkills'),
    ind('rd_personnel_intensity', 'LabourSkills'),
    aggregate('LabourProductivity', 'Labourers', '劳动生产效率', 'Labour productivity and pay', 'Output and pay per worker'),
    ind('labour_productivity', 'LabourProductivity'),
    ind('avg_wage', 'LabourProductivity'),
    aggregate('LabourStructure', 'Labourers', '就业结构', 'Employment structure', 'Employment in services and in the digital sector'),
    ind('tertiary_employment_share', 'LabourStructure'),
    ind('ict_employment_share', 'LabourStructure'),

    aggregate('MeansOfLabour', 'NQPF', '新型劳动资料', 'New-type means of labour', 'Tangible and intangible means of production'),
    aggregate('DigitalInfrastructure', 'MeansOfLabour', '数字基础设施', 'Digital infrastructure', 'Networks and digital finance'),
    ind('broadband_per_100', 'DigitalInfrastructure'),
    ind('optical_cable_density', 'DigitalInfrastructure'),
    ind('digital_finance_index', 'DigitalInfrastructure'),
    aggregate('IntangibleMeans', 'MeansOfLabour', '无形劳动资料', 'Intangible means of labour', 'R&D, patents and technology markets'),
    ind('rd_intensity', 'IntangibleMeans'),
    ind('invention_patents_per_10k', 'IntangibleMeans'),
    ind('tech_market_share', 'IntangibleMeans'),
    aggregate('TangibleMeans', 'MeansOfLabour', '物质劳动资料', 'Tangible means of labour', 'Intelligent equipment and energy use'),
    ind('robot_density', 'TangibleMeans'),
    ind('energy_intensity', 'TangibleMeans'),

    aggregate('ObjectsOfLabour', 'NQPF', '新型劳动对象', 'New-type objects of labour', 'New industries and the ecological environment'),
    aggregate('NewIndustries', 'ObjectsOfLabour', '新兴产业', 'New industries', 'High-tech, new-product, e-commerce and software activity'),
    ind('hightech_revenue_share', 'NewIndustries'),
    ind('new_product_sales_share', 'NewIndustries'),
    ind('ecommerce_sales_per_capita', 'NewIndustries'),
    ind('software_revenue_share', 'NewIndustries'),
    aggregate('EcologicalEnvironment', 'ObjectsOfLabour', '生态环境', 'Ecological environment', 'Pollution intensity and natural capital'),
    ind('so2_per_gdp', 'EcologicalEnvironment'),
    ind('wastewater_per_gdp', 'EcologicalEnvironment'),
    ind('forest_coverage', 'EcologicalEnvironment'),
    ind('solid_waste_utilisation', 'EcologicalEnvironment'),
  ],
};

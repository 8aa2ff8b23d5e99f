import type { BuiltinFramework } from './types.js';
import { aggregate, placeIndicator as ind } from './indicators.js';
import { NQPF_NORMALISE } from './normalise.js';

/**
 * 科技—数字—绿色指标体系 — new quality productive forces read as technological, digital and green
 * productive forces (科技生产力, 数字生产力, 绿色生产力): three dimensions, 22 indicators directly under
 * them, equal nominal weights. Four indicators are negative (energy, water, SO₂ and wastewater per
 * unit of GRP). Follows the technology–digital–green decomposition used by 卢江, 郭子昂 & 王煜萍 (2024)
 * and related 2024 studies; indicator definitions are shared with `nqpf-three-factor`.
 */
export const NQPF_TECH_DIGITAL_GREEN: BuiltinFramework = {
  id: 'nqpf-tech-digital-green',
  nameZh: '新质生产力科技—数字—绿色指标体系',
  nameEn: 'New quality productive forces: technology–digital–green framework',
  description:
    'New quality productive forces (新质生产力) measured as technological innovation, digitalisation and green ' +
    'development, 22 provincial indicators (18 positive, 4 negative) directly under the three dimensions, equal ' +
    'nominal weights.',
  references: [
    '卢江, 郭子昂, 王煜萍. 新质生产力发展水平、区域差异与提升路径. 重庆大学学报(社会科学版), 2024.',
    'Technology–digital–green (科技—数字—绿色) indicator systems in 2024 Chinese NQPF studies generally.',
    'OECD & JRC. Handbook on Constructing Composite Indicators: Methodology and User Guide. OECD Publishing, 2008.',
  ],
  normalise: NQPF_NORMALISE,
  nodes: [
    aggregate('NQPF', null, '新质生产力指数', 'New quality productive forces index', 'Aggregate of technology, digital and green dimensions'),

    aggregate('Technology', 'NQPF', '科技创新', 'Technological innovation', 'R&D inputs, patents, technology markets and high-tech output'),
    ind('rd_intensity', 'Technology'),
    ind('rd_personnel_intensity', 'Technology'),
    ind('invention_patents_per_10k', 'Technology'),
    ind('tech_market_share', 'Technology'),
    ind('hightech_revenue_share', 'Technology'),
    ind('new_product_sales_share', 'Technology'),

    aggregate('Digital', 'NQPF', '数字化', 'Digitalisation', 'Digital infrastructure, digital industries and digital finance'),
    ind('broadband_per_100', 'Digital'),
    ind('mobile_phone_per_100', 'Digital'),
    ind('optical_cable_density', 'Digital'),
    ind('enterprise_websites_per_100', 'Digital'),
    ind('ecommerce_sales_per_capita', 'Digital'),
    ind('software_revenue_share', 'Digital'),
    ind('digital_finance_index', 'Digital'),
    ind('ict_employment_share', 'Digital'),

    aggregate('Green', 'NQPF', '绿色发展', 'Green development', 'Resource and pollution intensity, waste treatment and greening'),
    ind('energy_intensity', 'Green'),
    ind('water_per_gdp', 'Green'),
    ind('so2_per_gdp', 'Green'),
    ind('wastewater_per_gdp', 'Green'),
    ind('solid_waste_utilisation', 'Green'),
    ind('harmless_waste_treatment', 'Green'),
    ind('green_coverage_built_up', 'Green'),
    ind('forest_coverage', 'Green'),
  ],
};

/** countryName / industryName (issue 18): ISO3 and industry codes of OECD ICIO, WIOD and ADB MRIO → zh/en names; unknown labels unchanged. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIcioCsv } from '../../src/io/read/icio.js';
import { GVC_POSITION, GVC_UPSTREAMNESS, valueChainTables } from '../../src/lenses/gvc/analysis.js';
import { COUNTRY_NAMES, countryName, industryName } from '../../src/lenses/gvc/names.js';
import { sharedAvailable, sharedPath } from '../helpers/shared.js';

describe('countryName(code, lang)', () => {
  it('ISO3 codes, ROW and the OECD split codes; an English name is accepted; unknown labels come back unchanged', () => {
    expect([countryName('CHN', 'zh'), countryName('CHN', 'en')]).toEqual(['中国', 'China']);
    expect([countryName('USA', 'zh'), countryName('DEU', 'en'), countryName('ROW', 'zh'), countryName('CN1', 'en')]).toEqual([
      '美国',
      'Germany',
      '世界其他地区',
      'China (processing trade)',
    ]);
    expect(countryName('Argentina', 'zh')).toBe('阿根廷');
    expect(countryName('Atlantis', 'zh')).toBe('Atlantis');
  });

  it('covers the OECD ICIO economies and ROW, each with two different non-empty names', () => {
    const oecd2023 =
      'AUS AUT BEL CAN CHL COL CRI CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN KOR LVA LTU LUX MEX NLD NZL NOR POL PRT SVK SVN ESP SWE CHE TUR GBR USA ' +
      'ARG BGD BLR BRA BRN BGR KHM CMR CHN CIV HRV CYP EGY HKG IND IDN JOR KAZ LAO MYS MLT MAR MMR NGA PAK PER PHL ROU RUS SAU SEN SGP ZAF TWN THA TUN UKR VNM ARE ROW';
    const codes = oecd2023.split(' ');
    for (const c of codes) {
      expect(COUNTRY_NAMES[c], c).toBeDefined();
      expect(countryName(c, 'zh')).not.toBe(countryName(c, 'en'));
    }
  });
});

describe('industryName(code, lang)', () => {
  it('OECD 2021 (D26, D01T02), OECD 2023 (A01_02, C10T12, C24A), WIOD (C26, C10-C12) and ADB (c1, c35) codes', () => {
    expect(industryName('D26', 'en')).toBe('Computer, electronic and optical equipment');
    expect(industryName('D01T02', 'zh')).toBe('农业、狩猎与林业');
    expect(industryName('A01_02', 'en')).toBe('Agriculture, hunting, forestry');
    expect(industryName('C10T12', 'zh')).toBe('食品、饮料与烟草');
    expect(industryName('C24A', 'en')).toBe('Manufacture of basic iron and steel');
    expect(industryName('C26', 'en')).toBe('Computer, electronic and optical products');
    expect(industryName('C10-C12', 'en')).toBe('Food products, beverages and tobacco');
    expect(industryName('c1', 'zh')).toBe('农林牧渔业');
    expect(industryName('c35', 'en')).toBe('Private households with employed persons');
    expect(industryName('c36', 'en')).toBe('c36');
    expect(industryName('Textile_and_Leather', 'zh')).toBe('Textile_and_Leather');
  });

  it('all 45 industries of the OECD ICIO 2021 release have names', () => {
    const codes = (
      'D01T02 D03 D05T06 D07T08 D09 D10T12 D13T15 D16 D17T18 D19 D20 D21 D22 D23 D24 D25 D26 D27 D28 D29 D30 D31T33 D35 D36T39 D41T43 D45T47 ' +
      'D49 D50 D51 D52 D53 D55T56 D58T60 D61 D62T63 D64T66 D68 D69T75 D77T82 D84 D85 D86T88 D90T93 D94T96 D97T98'
    ).split(' ');
    expect(codes.length).toBe(45);
    for (const c of codes) expect(industryName(c, 'en'), c).not.toBe(c);
  });
});

describe.skipIf(!sharedAvailable)('the value-chain tables carry zh/en names', () => {
  it('gvc_position and gvc_upstreamness on leather: Argentina → 阿根廷; the industry labels of leather are their own names', async () => {
    const d = sharedPath('data/gvc');
    const t = await readIcioCsv({
      intermediate: resolve(d, 'leather_intermediate.csv'),
      final: resolve(d, 'leather_final.csv'),
      output: resolve(d, 'leather_output.csv'),
      countries: ['Argentina', 'Turkey', 'Germany'],
      industries: ['Agriculture', 'Textile_and_Leather', 'Transport_Equipment'],
    });
    const [pos, up] = valueChainTables(t, { measures: ['participation', 'upstreamness'] });
    expect(GVC_POSITION.read(pos).rows.map((r) => [r.country_zh, r.country_en])).toEqual([
      ['阿根廷', 'Argentina'],
      ['土耳其', 'Türkiye'],
      ['德国', 'Germany'],
    ]);
    const u = GVC_UPSTREAMNESS.read(up).rows[1];
    expect([u.country_zh, u.industry, u.industry_zh]).toEqual(['阿根廷', 'Textile_and_Leather', 'Textile_and_Leather']);
  });
});

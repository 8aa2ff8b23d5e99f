/**
 * China's 31 provincial-level units (mainland; Hong Kong, Macao and Taiwan are not in the
 * NBS provincial statistics). Codes: GB/T 2260 administrative division codes. Region: the NBS
 * four-region grouping (东部 East, 中部 Central, 西部 West, 东北 Northeast) as used in the
 * China Statistical Yearbook since 2011.
 */
export interface ProvinceRecord {
  /** GB/T 2260 code, e.g. "110000". */
  code: string;
  /** Short Chinese name as statistical yearbooks print it, e.g. 北京. */
  zh: string;
  /** Full official Chinese name, e.g. 北京市. */
  zhFull: string;
  /** English name (pinyin, with the customary exceptions Inner Mongolia, Tibet). */
  en: string;
  /** NBS four-region group. */
  region: 'East' | 'Central' | 'West' | 'Northeast';
  /** Further accepted spellings (matched case-insensitively, spaces ignored). */
  aliases: string[];
  /** Longitude and latitude (degrees, WGS 84, rounded to 0.01°) of the provincial capital; for distance weights. */
  lon: number;
  lat: number;
}

export const REGION_ZH: Record<ProvinceRecord['region'], string> = {
  East: '东部',
  Central: '中部',
  West: '西部',
  Northeast: '东北',
};

export const PROVINCES: readonly ProvinceRecord[] = [
  { code: '110000', zh: '北京', zhFull: '北京市', en: 'Beijing', region: 'East', aliases: ['Peking', 'BJ'], lon: 116.41, lat: 39.9 },
  { code: '120000', zh: '天津', zhFull: '天津市', en: 'Tianjin', region: 'East', aliases: ['TJ'], lon: 117.2, lat: 39.08 },
  { code: '130000', zh: '河北', zhFull: '河北省', en: 'Hebei', region: 'East', aliases: ['HE'], lon: 114.51, lat: 38.04 },
  { code: '140000', zh: '山西', zhFull: '山西省', en: 'Shanxi', region: 'Central', aliases: ['SX'], lon: 112.55, lat: 37.87 },
  {
    code: '150000',
    zh: '内蒙古',
    zhFull: '内蒙古自治区',
    en: 'Inner Mongolia',
    region: 'West',
    aliases: ['Nei Mongol', 'Neimenggu', 'NM'],
    lon: 111.75,
    lat: 40.84,
  },
  { code: '210000', zh: '辽宁', zhFull: '辽宁省', en: 'Liaoning', region: 'Northeast', aliases: ['LN'], lon: 123.43, lat: 41.8 },
  { code: '220000', zh: '吉林', zhFull: '吉林省', en: 'Jilin', region: 'Northeast', aliases: ['JL'], lon: 125.32, lat: 43.82 },
  { code: '230000', zh: '黑龙江', zhFull: '黑龙江省', en: 'Heilongjiang', region: 'Northeast', aliases: ['HL'], lon: 126.53, lat: 45.8 },
  { code: '310000', zh: '上海', zhFull: '上海市', en: 'Shanghai', region: 'East', aliases: ['SH'], lon: 121.47, lat: 31.23 },
  { code: '320000', zh: '江苏', zhFull: '江苏省', en: 'Jiangsu', region: 'East', aliases: ['JS'], lon: 118.8, lat: 32.06 },
  { code: '330000', zh: '浙江', zhFull: '浙江省', en: 'Zhejiang', region: 'East', aliases: ['ZJ'], lon: 120.16, lat: 30.27 },
  { code: '340000', zh: '安徽', zhFull: '安徽省', en: 'Anhui', region: 'Central', aliases: ['AH'], lon: 117.23, lat: 31.82 },
  { code: '350000', zh: '福建', zhFull: '福建省', en: 'Fujian', region: 'East', aliases: ['FJ'], lon: 119.3, lat: 26.08 },
  { code: '360000', zh: '江西', zhFull: '江西省', en: 'Jiangxi', region: 'Central', aliases: ['JX'], lon: 115.86, lat: 28.68 },
  { code: '370000', zh: '山东', zhFull: '山东省', en: 'Shandong', region: 'East', aliases: ['SD'], lon: 117.12, lat: 36.65 },
  { code: '410000', zh: '河南', zhFull: '河南省', en: 'Henan', region: 'Central', aliases: ['HA'], lon: 113.63, lat: 34.75 },
  { code: '420000', zh: '湖北', zhFull: '湖北省', en: 'Hubei', region: 'Central', aliases: ['HB'], lon: 114.31, lat: 30.59 },
  { code: '430000', zh: '湖南', zhFull: '湖南省', en: 'Hunan', region: 'Central', aliases: ['HN'], lon: 112.94, lat: 28.23 },
  { code: '440000', zh: '广东', zhFull: '广东省', en: 'Guangdong', region: 'East', aliases: ['GD'], lon: 113.26, lat: 23.13 },
  { code: '450000', zh: '广西', zhFull: '广西壮族自治区', en: 'Guangxi', region: 'West', aliases: ['GX', '广西自治区'], lon: 108.37, lat: 22.82 },
  { code: '460000', zh: '海南', zhFull: '海南省', en: 'Hainan', region: 'East', aliases: ['HI'], lon: 110.2, lat: 20.04 },
  { code: '500000', zh: '重庆', zhFull: '重庆市', en: 'Chongqing', region: 'West', aliases: ['CQ'], lon: 106.55, lat: 29.56 },
  { code: '510000', zh: '四川', zhFull: '四川省', en: 'Sichuan', region: 'West', aliases: ['SC'], lon: 104.07, lat: 30.57 },
  { code: '520000', zh: '贵州', zhFull: '贵州省', en: 'Guizhou', region: 'West', aliases: ['GZ'], lon: 106.63, lat: 26.65 },
  { code: '530000', zh: '云南', zhFull: '云南省', en: 'Yunnan', region: 'West', aliases: ['YN'], lon: 102.83, lat: 24.88 },
  { code: '540000', zh: '西藏', zhFull: '西藏自治区', en: 'Tibet', region: 'West', aliases: ['Xizang', 'XZ'], lon: 91.14, lat: 29.65 },
  { code: '610000', zh: '陕西', zhFull: '陕西省', en: 'Shaanxi', region: 'West', aliases: ['SN'], lon: 108.94, lat: 34.34 },
  { code: '620000', zh: '甘肃', zhFull: '甘肃省', en: 'Gansu', region: 'West', aliases: ['GS'], lon: 103.83, lat: 36.06 },
  { code: '630000', zh: '青海', zhFull: '青海省', en: 'Qinghai', region: 'West', aliases: ['QH'], lon: 101.78, lat: 36.62 },
  { code: '640000', zh: '宁夏', zhFull: '宁夏回族自治区', en: 'Ningxia', region: 'West', aliases: ['NX', '宁夏自治区'], lon: 106.23, lat: 38.49 },
  { code: '650000', zh: '新疆', zhFull: '新疆维吾尔自治区', en: 'Xinjiang', region: 'West', aliases: ['XJ', '新疆自治区'], lon: 87.62, lat: 43.83 },
];

/**
 * The works cited by the generated methods section ({@link methodsText}), keyed by the method
 * they document, and their formatting in two consistent author–year styles:
 *
 * - `en`: APA-like — `Family, G. M., & Family, G. (Year). Title. Journal, Vol(Issue), pages.`
 *   and, for books, `… (Year). Title. Place: Publisher.`
 * - `zh`: GB/T 7714-2015, author–year system (著者-出版年制) — `FAMILY G M, FAMILY G, Year.
 *   Title[J]. Journal, Vol(Issue): pages.`; Chinese authors by full name, more than three authors
 *   shortened to three + `等` / `et al`.
 *
 * Only standard, widely cited works whose bibliographic details (journal, volume, issue, pages)
 * are well established are listed; where a detail could not be confirmed (page ranges of Geary
 * 1954 and 廖重斌 1999) it is left out rather than guessed. Add a work only with its details
 * verified. No file
 * access, so the report can also be built in a browser.
 */

/** A person (Latin script: family name + initials) or an organisation, or a Chinese name. */
export interface RefAuthor {
  /** Family name, an organisation's name, or a Chinese author's full name. */
  family: string;
  /** Initials of the given names, e.g. `C. E.` (Latin-script authors only). */
  given?: string;
  /** True for a Chinese name written in CJK characters (printed as is, no initials). */
  cjk?: boolean;
  /** True for an organisation (printed as is). */
  org?: boolean;
}

export interface Reference {
  /** Key of the entry in {@link REFERENCES}. */
  id: string;
  kind: 'article' | 'book';
  authors: RefAuthor[];
  year: number;
  title: string;
  /** Journal (articles). */
  journal?: string;
  volume?: string;
  issue?: string;
  pages?: string;
  /** Publisher and place (books). */
  publisher?: string;
  place?: string;
  /** A Chinese-language work (GB/T 7714 then uses `等` after three authors). */
  zh?: boolean;
}

const p = (family: string, given: string): RefAuthor => ({ family, given });
const cn = (name: string): RefAuthor => ({ family: name, cjk: true });

/**
 * Works cited by the methods text, keyed by method (a method may have a second, supporting key,
 * e.g. `grey` and `greyTheory`). The keys are stable: the methods text and tests refer to them.
 */
export const REFERENCES: Readonly<Record<string, Reference>> = {
  entropy: {
    id: 'entropy',
    kind: 'article',
    authors: [p('Shannon', 'C. E.')],
    year: 1948,
    title: 'A mathematical theory of communication',
    journal: 'Bell System Technical Journal',
    volume: '27',
    issue: '3',
    pages: '379–423',
  },
  critic: {
    id: 'critic',
    kind: 'article',
    authors: [p('Diakoulaki', 'D.'), p('Mavrotas', 'G.'), p('Papayannakis', 'L.')],
    year: 1995,
    title: 'Determining objective weights in multiple criteria problems: The CRITIC method',
    journal: 'Computers & Operations Research',
    volume: '22',
    issue: '7',
    pages: '763–770',
  },
  pca: {
    id: 'pca',
    kind: 'article',
    authors: [p('Hotelling', 'H.')],
    year: 1933,
    title: 'Analysis of a complex of statistical variables into principal components',
    journal: 'Journal of Educational Psychology',
    volume: '24',
    issue: '6',
    pages: '417–441',
  },
  ahp: {
    id: 'ahp',
    kind: 'book',
    authors: [p('Saaty', 'T. L.')],
    year: 1980,
    title: 'The Analytic Hierarchy Process: Planning, Priority Setting, Resource Allocation',
    publisher: 'McGraw-Hill',
    place: 'New York',
  },
  combine: {
    id: 'combine',
    kind: 'book',
    authors: [cn('郭亚军')],
    year: 2007,
    title: '综合评价理论、方法及应用',
    publisher: '科学出版社',
    place: '北京',
    zh: true,
  },
  topsis: {
    id: 'topsis',
    kind: 'book',
    authors: [p('Hwang', 'C.-L.'), p('Yoon', 'K.')],
    year: 1981,
    title: 'Multiple Attribute Decision Making: Methods and Applications — A State-of-the-Art Survey',
    publisher: 'Springer',
    place: 'Berlin',
  },
  grey: {
    id: 'grey',
    kind: 'article',
    authors: [p('Deng', 'J.-L.')],
    year: 1982,
    title: 'Control problems of grey systems',
    journal: 'Systems & Control Letters',
    volume: '1',
    issue: '5',
    pages: '288–294',
  },
  greyTheory: {
    id: 'greyTheory',
    kind: 'article',
    authors: [p('Deng', 'J.-L.')],
    year: 1989,
    title: 'Introduction to grey system theory',
    journal: 'The Journal of Grey System',
    volume: '1',
    issue: '1',
    pages: '1–24',
  },
  coinr: {
    id: 'coinr',
    kind: 'article',
    authors: [p('Becker', 'W.'), p('Caperna', 'G.'), p('Del Sorbo', 'M.'), p('Norlén', 'H.'), p('Papadimitriou', 'E.'), p('Saisana', 'M.')],
    year: 2022,
    title: 'COINr: An R package for developing composite indicators',
    journal: 'Journal of Open Source Software',
    volume: '7',
    issue: '78',
    pages: '4567',
  },
  handbook: {
    id: 'handbook',
    kind: 'book',
    authors: [
      { family: 'OECD', org: true },
      { family: 'JRC', org: true },
    ],
    year: 2008,
    title: 'Handbook on Constructing Composite Indicators: Methodology and User Guide',
    publisher: 'OECD Publishing',
    place: 'Paris',
  },
  ampi: {
    id: 'ampi',
    kind: 'article',
    authors: [p('Mazziotta', 'M.'), p('Pareto', 'A.')],
    year: 2016,
    title: 'On a generalized non-compensatory composite index for measuring socio-economic phenomena',
    journal: 'Social Indicators Research',
    volume: '127',
    issue: '3',
    pages: '983–1003',
  },
  boxcox: {
    id: 'boxcox',
    kind: 'article',
    authors: [p('Box', 'G. E. P.'), p('Cox', 'D. R.')],
    year: 1964,
    title: 'An analysis of transformations',
    journal: 'Journal of the Royal Statistical Society: Series B (Methodological)',
    volume: '26',
    issue: '2',
    pages: '211–252',
  },
  dagum: {
    id: 'dagum',
    kind: 'article',
    authors: [p('Dagum', 'C.')],
    year: 1997,
    title: 'A new approach to the decomposition of the Gini income inequality ratio',
    journal: 'Empirical Economics',
    volume: '22',
    issue: '4',
    pages: '515–531',
  },
  theil: {
    id: 'theil',
    kind: 'book',
    authors: [p('Theil', 'H.')],
    year: 1967,
    title: 'Economics and Information Theory',
    publisher: 'North-Holland',
    place: 'Amsterdam',
  },
  kde: {
    id: 'kde',
    kind: 'book',
    authors: [p('Silverman', 'B. W.')],
    year: 1986,
    title: 'Density Estimation for Statistics and Data Analysis',
    publisher: 'Chapman and Hall',
    place: 'London',
  },
  kdeScott: {
    id: 'kdeScott',
    kind: 'book',
    authors: [p('Scott', 'D. W.')],
    year: 1992,
    title: 'Multivariate Density Estimation: Theory, Practice, and Visualization',
    publisher: 'Wiley',
    place: 'New York',
  },
  markov: {
    id: 'markov',
    kind: 'article',
    authors: [p('Quah', 'D. T.')],
    year: 1993,
    title: 'Empirical cross-section dynamics in economic growth',
    journal: 'European Economic Review',
    volume: '37',
    issue: '2–3',
    pages: '426–434',
  },
  spatialMarkov: {
    id: 'spatialMarkov',
    kind: 'article',
    authors: [p('Rey', 'S. J.')],
    year: 2001,
    title: 'Spatial empirics for economic growth and convergence',
    journal: 'Geographical Analysis',
    volume: '33',
    issue: '3',
    pages: '195–214',
  },
  moran: {
    id: 'moran',
    kind: 'article',
    authors: [p('Moran', 'P. A. P.')],
    year: 1950,
    title: 'Notes on continuous stochastic phenomena',
    journal: 'Biometrika',
    volume: '37',
    issue: '1/2',
    pages: '17–23',
  },
  cliffOrd: {
    id: 'cliffOrd',
    kind: 'book',
    authors: [p('Cliff', 'A. D.'), p('Ord', 'J. K.')],
    year: 1981,
    title: 'Spatial Processes: Models & Applications',
    publisher: 'Pion',
    place: 'London',
  },
  geary: {
    id: 'geary',
    kind: 'article',
    authors: [p('Geary', 'R. C.')],
    year: 1954,
    title: 'The contiguity ratio and statistical mapping',
    journal: 'The Incorporated Statistician',
    volume: '5',
    issue: '3',
  },
  getisOrd: {
    id: 'getisOrd',
    kind: 'article',
    authors: [p('Getis', 'A.'), p('Ord', 'J. K.')],
    year: 1992,
    title: 'The analysis of spatial association by use of distance statistics',
    journal: 'Geographical Analysis',
    volume: '24',
    issue: '3',
    pages: '189–206',
  },
  lisa: {
    id: 'lisa',
    kind: 'article',
    authors: [p('Anselin', 'L.')],
    year: 1995,
    title: 'Local indicators of spatial association—LISA',
    journal: 'Geographical Analysis',
    volume: '27',
    issue: '2',
    pages: '93–115',
  },
  giStar: {
    id: 'giStar',
    kind: 'article',
    authors: [p('Ord', 'J. K.'), p('Getis', 'A.')],
    year: 1995,
    title: 'Local spatial autocorrelation statistics: Distributional issues and an application',
    journal: 'Geographical Analysis',
    volume: '27',
    issue: '4',
    pages: '286–306',
  },
  elhorst2014: {
    id: 'elhorst2014',
    kind: 'book',
    authors: [p('Elhorst', 'J. P.')],
    year: 2014,
    title: 'Spatial Econometrics: From Cross-Sectional Data to Spatial Panels',
    publisher: 'Springer',
    place: 'Heidelberg',
  },
  leeYu2010: {
    id: 'leeYu2010',
    kind: 'article',
    authors: [p('Lee', 'L.-F.'), p('Yu', 'J.')],
    year: 2010,
    title: 'Estimation of spatial autoregressive panel data models with fixed effects',
    journal: 'Journal of Econometrics',
    volume: '154',
    issue: '2',
    pages: '165–185',
  },
  wang2010: {
    id: 'wang2010',
    kind: 'article',
    authors: [p('Wang', 'J.-F.'), p('Li', 'X.-H.'), p('Christakos', 'G.'), p('Liao', 'Y.-L.'), p('Zhang', 'T.'), p('Gu', 'X.'), p('Zheng', 'X.-Y.')],
    year: 2010,
    title: 'Geographical detectors-based health risk assessment and its application in the neural tube defects study of the Heshun Region, China',
    journal: 'International Journal of Geographical Information Science',
    volume: '24',
    issue: '1',
    pages: '107–127',
  },
  wang2017: {
    id: 'wang2017',
    kind: 'article',
    authors: [cn('王劲峰'), cn('徐成东')],
    year: 2017,
    title: '地理探测器：原理与展望',
    journal: '地理学报',
    volume: '72',
    issue: '1',
    pages: '116–134',
  },
  lesagePace2009: {
    id: 'lesagePace2009',
    kind: 'book',
    authors: [p('LeSage', 'J.'), p('Pace', 'R. K.')],
    year: 2009,
    title: 'Introduction to Spatial Econometrics',
    publisher: 'CRC Press',
    place: 'Boca Raton',
  },
  hausman: {
    id: 'hausman',
    kind: 'article',
    authors: [p('Hausman', 'J. A.')],
    year: 1978,
    title: 'Specification tests in econometrics',
    journal: 'Econometrica',
    volume: '46',
    issue: '6',
    pages: '1251–1271',
  },
  swamyArora: {
    id: 'swamyArora',
    kind: 'article',
    authors: [p('Swamy', 'P. A. V. B.'), p('Arora', 'S. S.')],
    year: 1972,
    title: 'The exact finite sample properties of the estimators of coefficients in the error components regression models',
    journal: 'Econometrica',
    volume: '40',
    issue: '2',
    pages: '261–275',
  },
  white: {
    id: 'white',
    kind: 'article',
    authors: [p('White', 'H.')],
    year: 1980,
    title: 'A heteroskedasticity-consistent covariance matrix estimator and a direct test for heteroskedasticity',
    journal: 'Econometrica',
    volume: '48',
    issue: '4',
    pages: '817–838',
  },
  arellano: {
    id: 'arellano',
    kind: 'article',
    authors: [p('Arellano', 'M.')],
    year: 1987,
    title: 'Computing robust standard errors for within-groups estimators',
    journal: 'Oxford Bulletin of Economics and Statistics',
    volume: '49',
    issue: '4',
    pages: '431–434',
  },
  twowayCluster: {
    id: 'twowayCluster',
    kind: 'article',
    authors: [p('Cameron', 'A. C.'), p('Gelbach', 'J. B.'), p('Miller', 'D. L.')],
    year: 2011,
    title: 'Robust inference with multiway clustering',
    journal: 'Journal of Business & Economic Statistics',
    volume: '29',
    issue: '2',
    pages: '238–249',
  },
  driscollKraay: {
    id: 'driscollKraay',
    kind: 'article',
    authors: [p('Driscoll', 'J. C.'), p('Kraay', 'A. C.')],
    year: 1998,
    title: 'Consistent covariance matrix estimation with spatially dependent panel data',
    journal: 'Review of Economics and Statistics',
    volume: '80',
    issue: '4',
    pages: '549–560',
  },
  baronKenny: {
    id: 'baronKenny',
    kind: 'article',
    authors: [p('Baron', 'R. M.'), p('Kenny', 'D. A.')],
    year: 1986,
    title: 'The moderator–mediator variable distinction in social psychological research: Conceptual, strategic, and statistical considerations',
    journal: 'Journal of Personality and Social Psychology',
    volume: '51',
    issue: '6',
    pages: '1173–1182',
  },
  sobel: {
    id: 'sobel',
    kind: 'article',
    authors: [p('Sobel', 'M. E.')],
    year: 1982,
    title: 'Asymptotic confidence intervals for indirect effects in structural equation models',
    journal: 'Sociological Methodology',
    volume: '13',
    pages: '290–312',
  },
  callawaySantAnna: {
    id: 'callawaySantAnna',
    kind: 'article',
    authors: [p('Callaway', 'B.'), p("Sant'Anna", 'P. H. C.')],
    year: 2021,
    title: 'Difference-in-differences with multiple time periods',
    journal: 'Journal of Econometrics',
    volume: '225',
    issue: '2',
    pages: '200–230',
  },
  charnes1978: {
    id: 'charnes1978',
    kind: 'article',
    authors: [p('Charnes', 'A.'), p('Cooper', 'W. W.'), p('Rhodes', 'E.')],
    year: 1978,
    title: 'Measuring the efficiency of decision making units',
    journal: 'European Journal of Operational Research',
    volume: '2',
    issue: '6',
    pages: '429–444',
  },
  banker1984: {
    id: 'banker1984',
    kind: 'article',
    authors: [p('Banker', 'R. D.'), p('Charnes', 'A.'), p('Cooper', 'W. W.')],
    year: 1984,
    title: 'Some models for estimating technical and scale inefficiencies in data envelopment analysis',
    journal: 'Management Science',
    volume: '30',
    issue: '9',
    pages: '1078–1092',
  },
  tone2001: {
    id: 'tone2001',
    kind: 'article',
    authors: [p('Tone', 'K.')],
    year: 2001,
    title: 'A slacks-based measure of efficiency in data envelopment analysis',
    journal: 'European Journal of Operational Research',
    volume: '130',
    issue: '3',
    pages: '498–509',
  },
  tone2002: {
    id: 'tone2002',
    kind: 'article',
    authors: [p('Tone', 'K.')],
    year: 2002,
    title: 'A slacks-based measure of super-efficiency in data envelopment analysis',
    journal: 'European Journal of Operational Research',
    volume: '143',
    issue: '1',
    pages: '32–41',
  },
  cooperSeifordTone2007: {
    id: 'cooperSeifordTone2007',
    kind: 'book',
    authors: [p('Cooper', 'W. W.'), p('Seiford', 'L. M.'), p('Tone', 'K.')],
    year: 2007,
    title: 'Data Envelopment Analysis: A Comprehensive Text with Models, Applications, References and DEA-Solver Software (2nd ed.)',
    publisher: 'Springer',
    place: 'New York',
  },
  chambers1996: {
    id: 'chambers1996',
    kind: 'article',
    authors: [p('Chambers', 'R. G.'), p('Chung', 'Y.'), p('Färe', 'R.')],
    year: 1996,
    title: 'Benefit and distance functions',
    journal: 'Journal of Economic Theory',
    volume: '70',
    issue: '2',
    pages: '407–419',
  },
  chung1997: {
    id: 'chung1997',
    kind: 'article',
    authors: [p('Chung', 'Y. H.'), p('Färe', 'R.'), p('Grosskopf', 'S.')],
    year: 1997,
    title: 'Productivity and undesirable outputs: A directional distance function approach',
    journal: 'Journal of Environmental Management',
    volume: '51',
    issue: '3',
    pages: '229–240',
  },
  fare1994: {
    id: 'fare1994',
    kind: 'article',
    authors: [p('Färe', 'R.'), p('Grosskopf', 'S.'), p('Norris', 'M.'), p('Zhang', 'Z.')],
    year: 1994,
    title: 'Productivity growth, technical progress, and efficiency change in industrialized countries',
    journal: 'American Economic Review',
    volume: '84',
    issue: '1',
    pages: '66–83',
  },
  oh2010: {
    id: 'oh2010',
    kind: 'article',
    authors: [p('Oh', 'D.')],
    year: 2010,
    title: 'A global Malmquist–Luenberger productivity index',
    journal: 'Journal of Productivity Analysis',
    volume: '34',
    issue: '3',
    pages: '183–197',
  },
  ohHeshmati2010: {
    id: 'ohHeshmati2010',
    kind: 'article',
    authors: [p('Oh', 'D.'), p('Heshmati', 'A.')],
    year: 2010,
    title:
      'A sequential Malmquist–Luenberger productivity index: Environmentally sensitive productivity growth considering the progressive nature of technology',
    journal: 'Energy Economics',
    volume: '32',
    issue: '6',
    pages: '1345–1355',
  },
  tulkens1995: {
    id: 'tulkens1995',
    kind: 'article',
    authors: [p('Tulkens', 'H.'), p('Vanden Eeckaut', 'P.')],
    year: 1995,
    title: 'Non-parametric efficiency, progress and regress measures for panel data: Methodological aspects',
    journal: 'European Journal of Operational Research',
    volume: '80',
    issue: '3',
    pages: '474–499',
  },
  charnes1985: {
    id: 'charnes1985',
    kind: 'article',
    authors: [p('Charnes', 'A.'), p('Clark', 'C. T.'), p('Cooper', 'W. W.'), p('Golany', 'B.')],
    year: 1985,
    title: 'A developmental study of data envelopment analysis in measuring the efficiency of maintenance units in the U.S. Air Forces',
    journal: 'Annals of Operations Research',
    volume: '2',
    issue: '1',
    pages: '95–112',
  },
  pastorLovell2005: {
    id: 'pastorLovell2005',
    kind: 'article',
    authors: [p('Pastor', 'J. T.'), p('Lovell', 'C. A. K.')],
    year: 2005,
    title: 'A global Malmquist productivity index',
    journal: 'Economics Letters',
    volume: '88',
    issue: '2',
    pages: '266–271',
  },
  huangfuHall2018: {
    id: 'huangfuHall2018',
    kind: 'article',
    authors: [p('Huangfu', 'Q.'), p('Hall', 'J. A. J.')],
    year: 2018,
    title: 'Parallelizing the dual revised simplex method',
    journal: 'Mathematical Programming Computation',
    volume: '10',
    issue: '1',
    pages: '119–142',
  },
  leontief1936: {
    id: 'leontief1936',
    kind: 'article',
    authors: [p('Leontief', 'W. W.')],
    year: 1936,
    title: 'Quantitative input and output relations in the economic systems of the United States',
    journal: 'Review of Economics and Statistics',
    volume: '18',
    issue: '3',
    pages: '105–125',
  },
  kww2014: {
    id: 'kww2014',
    kind: 'article',
    authors: [p('Koopman', 'R.'), p('Wang', 'Z.'), p('Wei', 'S.-J.')],
    year: 2014,
    title: 'Tracing value-added and double counting in gross exports',
    journal: 'American Economic Review',
    volume: '104',
    issue: '2',
    pages: '459–494',
  },
  koopman2010: {
    id: 'koopman2010',
    kind: 'article',
    authors: [p('Koopman', 'R.'), p('Powers', 'W.'), p('Wang', 'Z.'), p('Wei', 'S.-J.')],
    year: 2010,
    title: 'Give credit where credit is due: Tracing value added in global production chains',
    journal: 'NBER Working Paper',
    volume: '16426',
  },
  wwz2013: {
    id: 'wwz2013',
    kind: 'article',
    authors: [p('Wang', 'Z.'), p('Wei', 'S.-J.'), p('Zhu', 'K.')],
    year: 2013,
    title: 'Quantifying international production sharing at the bilateral and sector levels',
    journal: 'NBER Working Paper',
    volume: '19677',
  },
  wwyz2017: {
    id: 'wwyz2017',
    kind: 'article',
    authors: [p('Wang', 'Z.'), p('Wei', 'S.-J.'), p('Yu', 'X.'), p('Zhu', 'K.')],
    year: 2017,
    title: 'Measures of participation in global value chains and global business cycles',
    journal: 'NBER Working Paper',
    volume: '23222',
  },
  antras2012: {
    id: 'antras2012',
    kind: 'article',
    authors: [p('Antràs', 'P.'), p('Chor', 'D.'), p('Fally', 'T.'), p('Hillberry', 'R.')],
    year: 2012,
    title: 'Measuring the upstreamness of production and trade flows',
    journal: 'American Economic Review',
    volume: '102',
    issue: '3',
    pages: '412–416',
  },
  hansenThreshold: {
    id: 'hansenThreshold',
    kind: 'article',
    authors: [p('Hansen', 'B. E.')],
    year: 1999,
    title: 'Threshold effects in non-dynamic panels: Estimation, testing, and inference',
    journal: 'Journal of Econometrics',
    volume: '93',
    issue: '2',
    pages: '345–368',
  },
  convergence: {
    id: 'convergence',
    kind: 'article',
    authors: [p('Barro', 'R. J.'), p('Sala-i-Martin', 'X.')],
    year: 1992,
    title: 'Convergence',
    journal: 'Journal of Political Economy',
    volume: '100',
    issue: '2',
    pages: '223–251',
  },
  coupling: {
    id: 'coupling',
    kind: 'article',
    authors: [cn('廖重斌')],
    year: 1999,
    title: '环境与经济协调发展的定量评判及其分类体系——以珠江三角洲城市群为例',
    journal: '热带地理',
    volume: '19',
    issue: '2',
    zh: true,
  },
  lefever: {
    id: 'lefever',
    kind: 'article',
    authors: [p('Lefever', 'D. W.')],
    year: 1926,
    title: 'Measuring geographic concentration by means of the standard deviational ellipse',
    journal: 'American Journal of Sociology',
    volume: '32',
    issue: '1',
    pages: '88–94',
  },
  yuill: {
    id: 'yuill',
    kind: 'article',
    authors: [p('Yuill', 'R. S.')],
    year: 1971,
    title: 'The standard deviational ellipse: an updated tool for spatial description',
    journal: 'Geografiska Annaler: Series B, Human Geography',
    volume: '53',
    issue: '1',
    pages: '28–39',
  },
  couplingCorrected: {
    id: 'couplingCorrected',
    kind: 'article',
    authors: [cn('王淑佳'), cn('孔伟'), cn('任亮'), cn('治丹丹'), cn('戴彬婷')],
    year: 2021,
    title: '国内耦合协调度模型的误区及修正',
    journal: '自然资源学报',
    volume: '36',
    issue: '3',
    pages: '793–810',
    zh: true,
  },
  saltelliDesign: {
    id: 'saltelliDesign',
    kind: 'article',
    authors: [p('Saltelli', 'A.')],
    year: 2002,
    title: 'Making best use of model evaluations to compute sensitivity indices',
    journal: 'Computer Physics Communications',
    volume: '145',
    issue: '2',
    pages: '280–297',
  },
  sobolFirst: {
    id: 'sobolFirst',
    kind: 'article',
    authors: [p('Saltelli', 'A.'), p('Annoni', 'P.'), p('Azzini', 'I.'), p('Campolongo', 'F.'), p('Ratto', 'M.'), p('Tarantola', 'S.')],
    year: 2010,
    title: 'Variance based sensitivity analysis of model output. Design and estimator for the total sensitivity index',
    journal: 'Computer Physics Communications',
    volume: '181',
    issue: '2',
    pages: '259–270',
  },
  sobolTotal: {
    id: 'sobolTotal',
    kind: 'article',
    authors: [p('Jansen', 'M. J. W.')],
    year: 1999,
    title: 'Analysis of variance designs for model output',
    journal: 'Computer Physics Communications',
    volume: '117',
    issue: '1–2',
    pages: '35–43',
  },
};

/** Look up a reference by key; an unknown key is a programming error (the keys are fixed above). */
export function reference(key: string): Reference {
  const r = REFERENCES[key];
  if (!r) throw new Error(`no reference "${key}"`);
  return r;
}

function authorEn(a: RefAuthor): string {
  if (a.org || a.cjk || !a.given) return a.family;
  return `${a.family}, ${a.given}`;
}

function authorGb(a: RefAuthor): string {
  if (a.org || a.cjk || !a.given) return a.family;
  // GB/T 7714: family name in capitals, initials without full stops (hyphen kept).
  return `${a.family.toUpperCase()} ${a.given.replace(/\.\s*/g, ' ').replace(/\s+-/g, '-').trim()}`;
}

function joinEn(names: string[]): string {
  if (names.length === 1) return names[0];
  if (names.length === 2) return names[0].includes(',') ? `${names[0]}, & ${names[1]}` : `${names[0]} & ${names[1]}`;
  return `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
}

const endDot = (s: string): string => (/[.?!。]$/.test(s) ? s : `${s}.`);

/**
 * One reference list entry.
 *
 * @example formatReference(REFERENCES.critic, 'en')
 * // "Diakoulaki, D., Mavrotas, G., & Papayannakis, L. (1995). Determining objective weights in
 * //  multiple criteria problems: The CRITIC method. Computers & Operations Research, 22(7), 763–770."
 */
export function formatReference(r: Reference, lang: 'zh' | 'en'): string {
  if (lang === 'en') {
    const names = r.authors.map(authorEn);
    const who = endDot(joinEn(names));
    const head = `${who} (${r.year}). ${endDot(r.title)}`;
    if (r.kind === 'article') {
      const vol = r.volume ? `, ${r.volume}${r.issue ? `(${r.issue})` : ''}` : '';
      const pages = r.pages ? `, ${r.pages}` : '';
      return `${head} ${r.journal}${vol}${pages}.`;
    }
    return `${head} ${r.place ? `${r.place}: ` : ''}${r.publisher}.`;
  }
  // GB/T 7714-2015, author–year system.
  const all = r.authors.map(authorGb);
  const etal = r.zh || r.authors.every((a) => a.cjk) ? '等' : 'et al.';
  const who = all.length > 3 ? `${all.slice(0, 3).join(', ')}, ${etal}` : all.join(', ');
  if (r.kind === 'article') {
    const vol = r.volume ? `, ${r.volume}${r.issue ? `(${r.issue})` : ''}` : '';
    const pages = r.pages ? `: ${r.pages.replace(/–/g, '-')}` : '';
    return `${who}, ${r.year}. ${r.title}[J]. ${r.journal}${vol}${pages}.`;
  }
  return `${who}, ${r.year}. ${r.title}[M]. ${r.place ? `${r.place}: ` : ''}${r.publisher}.`;
}

/**
 * In-text citation, author–year: `Shannon, 1948`, `Hwang & Yoon, 1981`, `Diakoulaki et al., 1995`;
 * in Chinese text `王淑佳等，2021` and `Diakoulaki et al.，1995` (full-width comma).
 */
export function citeText(r: Reference, lang: 'zh' | 'en'): string {
  const a = r.authors;
  const zhWork = r.zh || a.every((x) => x.cjk);
  let who: string;
  if (a.length === 1) who = a[0].family;
  else if (a.length === 2) who = zhWork ? `${a[0].family}、${a[1].family}` : `${a[0].family} & ${a[1].family}`;
  else who = zhWork ? `${a[0].family}等` : `${a[0].family} et al.`;
  return lang === 'zh' ? `${who}，${r.year}` : `${who}, ${r.year}`;
}

/** Sort key of a reference list: Latin-script authors alphabetically, then Chinese works by pinyin-free code order. */
export function referenceSortKey(r: Reference): string {
  const first = r.authors[0];
  const zhWork = r.zh || first.cjk;
  return `${zhWork ? '1' : '0'}${first.family.toLowerCase()} ${r.year} ${r.title.toLowerCase()}`;
}

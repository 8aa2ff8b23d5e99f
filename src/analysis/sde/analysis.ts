/**
 * analyses.sde: standard deviational ellipse and centre of gravity of each score per period
 * (标准差椭圆与重心迁移; Lefever 1926, Yuill 1971): the score-weighted mean centre of the units'
 * coordinates, the ellipse's rotation θ, standard deviations along its axes, area and shape, and
 * between consecutive periods the distance, bearing and speed of the centre's migration.
 *
 * Coordinates are unit attributes (default `analyses.weights.coordinates`, else `[lon, lat]`,
 * which the built-in province registry provides as the capitals' coordinates). With
 * `metric: greatcircle` (lon/lat in degrees) the centre is the weighted mean longitude and
 * latitude, the ellipse is fitted about it on the azimuthal equidistant plane (km) and the
 * migration is the great-circle distance (km) with its initial bearing; with `euclidean` all is
 * in the coordinates' own plane and units. Formulas and choices: ./ellipse.ts and docs/methods.md.
 */
import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { periodCell, scoreColumn, sectionScores, Scores, type AnalysisContext, type AnalysisTable } from '../context.js';
import { analysis, cat, L, manyScores, table, type PaperContext, type PaperTable, type Row, type MethodsParagraph, type MethodsWriter } from '../descriptor.js';
import type { Loose } from '../../core/loose.js';
import { azimuthalEquidistant, bearingDeg, compass, ellipse, greatCircleKm, planarBearingDeg } from './ellipse.js';
import { field } from '../../core/field-text.js';

export const SdeSpec = z
  .strictObject({
    scores: Scores,
    coordinates: z
      .tuple([z.string(), z.string()])
      .optional()
      .meta(
        field({
          en: [
            'Coordinates',
            "Unit attributes holding x and y (longitude and latitude for greatcircle). Default: analyses.weights.coordinates, else [lon, lat] (the province registry gives the capitals' coordinates).",
          ],
          zh: ['坐标属性', '保存 x 与 y（大圆距离时为经度与纬度）的单元属性。默认：空间权重的坐标属性，否则 [lon, lat]（省份名录给出省会坐标）。'],
        }),
      ),
    metric: z
      .enum(['greatcircle', 'euclidean'])
      .default('greatcircle')
      .meta(
        field({
          en: [
            'Distance metric',
            'greatcircle: coordinates are lon/lat in degrees; the ellipse is fitted on the azimuthal equidistant plane ' +
              'about the centre, distances in km, bearings clockwise from north. euclidean: planar coordinates in their own ' +
              'units. Default: greatcircle.',
          ],
          zh: [
            '距离度量',
            '大圆距离：坐标为经纬度（度），椭圆在以中心为原点的方位等距投影平面上拟合，距离以 km 计，方位角自正北顺时针；欧氏距离：平面坐标，使用其自身单位。默认：大圆距离。',
          ],
          values: { greatcircle: ['great circle (lon/lat)', '大圆距离（经纬度）'], euclidean: ['Euclidean (planar)', '欧氏距离（平面）'] },
        }),
      ),
    correction: z
      .enum(['sqrt2', 'none'])
      .default('sqrt2')
      .meta(
        field({
          en: [
            'Correction',
            'Multiply the axis standard deviations by √2, as ArcGIS Directional Distribution does (sqrt2), or not (none, Yuill 1971). Default: sqrt2.',
          ],
          zh: ['标准差修正', '是否将轴标准差乘以 √2（ArcGIS 方向分布工具的做法），或不修正（Yuill 1971）。默认：乘以 √2。'],
          values: { sqrt2: ['multiply by √2 (ArcGIS)', '乘以 √2（ArcGIS）'], none: ['none (Yuill 1971)', '不修正（Yuill 1971）'] },
        }),
      ),
    denominator: z
      .enum(['n', 'n-2'])
      .default('n')
      .meta(
        field({
          en: [
            'Variance denominator',
            'Variance denominator: the total weight, as ArcGIS (n), or with the small-sample factor n/(n − 2) of Yuill and CrimeStat (n-2). Default: n.',
          ],
          zh: ['方差分母', '方差的分母：总权重（ArcGIS，n），或含小样本因子 n/(n − 2)（Yuill 与 CrimeStat，n − 2）。默认：n。'],
          values: { n: ['n (ArcGIS)', '总权重 n（ArcGIS）'], 'n-2': ['n − 2 (Yuill, CrimeStat)', '小样本修正 n − 2（Yuill、CrimeStat）'] },
        }),
      ),
  })
  .meta(
    field({
      en: [
        'Standard deviational ellipse',
        'Standard deviational ellipse and centre of gravity per period (score-weighted), and the migration of the centre between periods.',
      ],
      zh: ['标准差椭圆', '逐期（以得分加权）的标准差椭圆与重心，以及重心在各期之间的迁移。'],
    }),
  );
export type SdeSpec = z.output<typeof SdeSpec>;

const score = { kind: 'text', zh: '得分', en: 'Score', ref: 'node' } as const;
const NO_CENTRE = 'no centre in one of the periods';
const NO_MOVE = 'the centre did not move';
const note = {
  kind: 'text',
  zh: '说明',
  en: 'Note',
  values: {
    [NO_CENTRE]: { zh: '其中一期无重心', en: NO_CENTRE },
    [NO_MOVE]: { zh: '重心未移动', en: NO_MOVE },
    'all points at the centre: no spread': { zh: '各点均位于重心，无离散', en: 'all points at the centre: no spread' },
    'isotropic spread (a circle): rotation undefined': { zh: '各向同性分布（圆），转角无定义', en: 'isotropic spread (a circle): rotation undefined' },
  },
} as const;

/** sde.csv: centre of gravity and standard deviational ellipse per score and period. */
export const SDE = table({
  name: 'sde',
  file: 'sde.csv',
  zh: '重心与标准差椭圆参数',
  en: 'Centre of gravity and standard deviational ellipse',
  report: true,
  columns: {
    score,
    period: { kind: 'period', zh: '时期', en: 'Period' },
    n: { kind: 'int', zh: '单元数', en: 'n' },
    centre_x: { kind: 'num', zh: '重心 X（经度）', en: 'Centre x (lon)' },
    centre_y: { kind: 'num', zh: '重心 Y（纬度）', en: 'Centre y (lat)' },
    theta: { kind: 'num', zh: '转角 θ（°）', en: 'Rotation θ (°)', decimals: 2 },
    sd_major: { kind: 'num', zh: '长轴标准差', en: 'SD along major axis', decimals: 2 },
    sd_minor: { kind: 'num', zh: '短轴标准差', en: 'SD along minor axis', decimals: 2 },
    area: { kind: 'num', zh: '椭圆面积', en: 'Area', decimals: 2 },
    shape: { kind: 'num', zh: '形状指数（短轴/长轴）', en: 'Shape (minor/major)' },
    length_unit: { kind: 'text', zh: '长度单位', en: 'Length unit' },
    note,
  },
});

/** sde_migration.csv: the centre's move between consecutive periods. */
export const SDE_MIGRATION = table({
  name: 'sde_migration',
  file: 'sde_migration.csv',
  zh: '重心迁移',
  en: 'Migration of the centre of gravity',
  report: true,
  columns: {
    score,
    from: { kind: 'period', zh: '起始期', en: 'From' },
    to: { kind: 'period', zh: '终止期', en: 'To' },
    distance: { kind: 'num', zh: '迁移距离', en: 'Distance', decimals: 2 },
    bearing: { kind: 'num', zh: '迁移方位角（°）', en: 'Bearing (°)', decimals: 1 },
    direction_zh: { kind: 'text', zh: '迁移方向', en: 'Direction (zh)', lang: 'zh' },
    direction_en: { kind: 'text', zh: '迁移方向（英文）', en: 'Direction', lang: 'en' },
    dx: { kind: 'num', zh: '东向位移', en: 'Eastward shift', decimals: 2 },
    dy: { kind: 'num', zh: '北向位移', en: 'Northward shift', decimals: 2 },
    elapsed: { kind: 'num', zh: '间隔期数', en: 'Elapsed', decimals: 1 },
    speed: { kind: 'num', zh: '迁移速度', en: 'Speed', decimals: 2 },
    length_unit: { kind: 'text', zh: '长度单位', en: 'Length unit' },
    note,
  },
});

/** Numeric x/y of every unit from the unit attributes `[ax, ay]`, or a located error naming the units without them. */
function coordinates(ctx: AnalysisContext, spec: SdeSpec, path: string): { x: Float64Array; y: Float64Array } {
  const [ax, ay] = spec.coordinates ?? ctx.spec.weights?.coordinates ?? ['lon', 'lat'];
  const where = spec.coordinates ? `${path}.coordinates` : ctx.spec.weights?.coordinates ? 'analyses.weights.coordinates' : `${path}.coordinates`;
  const P = ctx.scores;
  const cx = P.attributes.get(ax);
  const cy = P.attributes.get(ay);
  if (!cx || !cy) {
    fail(
      'E_ANALYSIS_COORDINATES',
      `${path}: unit attribute${!cx && !cy ? 's' : ''} ${[!cx ? ax : '', !cy ? ay : ''].filter(Boolean).join(' and ')} not found`,
      {
        location: { path: where },
        hint: `unit attributes: ${[...P.attributes.keys()].join(', ') || '(none)'}; give ${path}.coordinates: [x, y] or units with lon/lat (the built-in province registry has them)`,
      },
    );
  }
  const x = new Float64Array(P.units.length);
  const y = new Float64Array(P.units.length);
  const bad: string[] = [];
  P.units.forEach((u, i) => {
    x[i] = cx[i] === '' ? NaN : Number(cx[i]);
    y[i] = cy[i] === '' ? NaN : Number(cy[i]);
    const ok = Number.isFinite(x[i]) && Number.isFinite(y[i]) && (spec.metric === 'euclidean' || (Math.abs(x[i]) <= 180 && Math.abs(y[i]) <= 90));
    if (!ok) bad.push(`${u} ("${cx[i]}", "${cy[i]}")`);
  });
  if (bad.length) {
    fail(
      'E_ANALYSIS_COORDINATES',
      `${path}: ${bad.length} unit${bad.length > 1 ? 's have' : ' has'} no usable ${ax}/${ay}: ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', …' : ''}`,
      {
        location: { path: where },
        hint:
          spec.metric === 'greatcircle'
            ? 'greatcircle needs longitude in [−180, 180] and latitude in [−90, 90]; for planar coordinates set metric: euclidean'
            : 'every unit needs numeric coordinates',
      },
    );
  }
  return { x, y };
}

function run(ctx: AnalysisContext, spec: SdeSpec): AnalysisTable[] {
  const path = 'analyses.sde';
  const P = ctx.scores;
  const nU = P.units.length;
  const codes = sectionScores(ctx, spec.scores, path);
  const { x, y } = coordinates(ctx, spec, path);
  const geo = spec.metric === 'greatcircle';
  const unit = geo ? 'km' : 'coordinate units';
  const opts = { correction: spec.correction, denominator: spec.denominator } as const;
  const rows: Row<typeof SDE.columns>[] = [];
  const moves: Row<typeof SDE_MIGRATION.columns>[] = [];
  for (const code of codes) {
    const col = scoreColumn(ctx, code, path);
    const centres: { t: number; cx: number; cy: number }[] = [];
    P.periods.forEach((label, t) => {
      const w = col.subarray(t * nU, (t + 1) * nU);
      const missing = w.reduce((a, v) => (Number.isNaN(v) ? a + 1 : a), 0);
      // The centre: weighted mean of the coordinates (lon/lat in degrees for greatcircle).
      let e = ellipse(x, y, w, opts);
      if (geo && Number.isFinite(e.cx)) {
        // The ellipse in km: moments about the centre on the azimuthal equidistant plane.
        const pr = azimuthalEquidistant(x, y, e.cx, e.cy);
        const k = ellipse(pr.x, pr.y, w, { ...opts, about: [0, 0] });
        e = { ...k, cx: e.cx, cy: e.cy };
      }
      const notes = [missing ? `${missing} unit${missing > 1 ? 's' : ''} without a score left out` : '', e.reason];
      rows.push({
        score: code,
        period: periodCell(label),
        n: e.n,
        centre_x: e.cx,
        centre_y: e.cy,
        theta: e.theta,
        sd_major: e.sdMajor,
        sd_minor: e.sdMinor,
        area: e.area,
        shape: e.shape,
        length_unit: unit,
        note: notes.filter(Boolean).join('; '),
      });
      if (e.reason && !Number.isFinite(e.cx)) ctx.warn({ code: 'W_SDE', message: `${path}: ${code}, ${label}: ${e.reason}`, location: { path } });
      centres.push({ t, cx: e.cx, cy: e.cy });
    });
    for (let k = 1; k < centres.length; k++) {
      const a = centres[k - 1];
      const b = centres[k];
      const ok = [a.cx, a.cy, b.cx, b.cy].every(Number.isFinite);
      let distance = NaN;
      let bearing = NaN;
      let dx = NaN;
      let dy = NaN;
      if (ok) {
        if (geo) {
          distance = greatCircleKm(a.cx, a.cy, b.cx, b.cy);
          bearing = bearingDeg(a.cx, a.cy, b.cx, b.cy);
          dx = distance * Math.sin((bearing * Math.PI) / 180);
          dy = distance * Math.cos((bearing * Math.PI) / 180);
        } else {
          dx = b.cx - a.cx;
          dy = b.cy - a.cy;
          distance = Math.hypot(dx, dy);
          bearing = planarBearingDeg(dx, dy);
        }
        // No move, no direction.
        if (distance === 0) bearing = NaN;
      }
      const elapsed = P.periodValues[b.t] - P.periodValues[a.t];
      const dir = compass(bearing);
      moves.push({
        score: code,
        from: periodCell(P.periods[a.t]),
        to: periodCell(P.periods[b.t]),
        distance,
        bearing,
        direction_zh: dir.zh,
        direction_en: dir.en,
        dx,
        dy,
        elapsed: Number.isFinite(elapsed) ? elapsed : null,
        speed: Number.isFinite(elapsed) && elapsed > 0 ? distance / elapsed : NaN,
        length_unit: unit,
        note: !ok ? NO_CENTRE : distance === 0 ? NO_MOVE : '',
      });
    }
  }
  return [SDE.build(rows), SDE_MIGRATION.build(moves)];
}

/** The ellipse per period and the migration of the centre, as paper tables. */
function paperTables(c: PaperContext): PaperTable[] {
  const out: PaperTable[] = [];
  const st = c.table(SDE.name);
  if (!st) return out;
  const s = SDE.read(st);
  const multi = manyScores(s.rows);
  const subject = !multi && s.rows[0] ? c.name(String(s.rows[0].score)) : '';
  const unit = String(s.rows[0]?.length_unit ?? '');
  const km = unit === 'km';
  const lab = (k: keyof typeof SDE.columns & string) => SDE.label(k, c.lang);
  const cols = ['centre_x', 'centre_y', 'theta', 'sd_major', 'sd_minor', 'area', 'shape'] as const;
  out.push({
    caption: c.zh ? cat(subject, subject ? '的' : '', SDE.zh) : `${SDE.en}${subject ? `: ${subject}` : ''}`,
    header: [...(multi ? [lab('score')] : []), lab('period'), ...cols.map(lab)],
    columnDecimals: [...(multi ? [undefined] : []), undefined, ...cols.map((k) => SDE.decimals(k))],
    rows: s.rows.map((r) => [...(multi ? [r.score] : []), r.period, ...cols.map((k) => r[k])]),
    notes: [
      L(
        c,
        `注：重心为以得分为权重的坐标加权平均；θ 为长轴自正北顺时针的方位角；标准差${km ? '与面积单位为 km 与 km²，椭圆在以重心为中心的方位等距投影平面上拟合' : '为坐标单位'}；形状指数为短轴与长轴标准差之比（Yuill，1971）。`,
        'Note: the centre is the score-weighted mean of the coordinates; θ is the azimuth of the major axis clockwise ' +
          'from north; standard deviations and area' +
          ` ${km ? 'in km and km², the ellipse fitted on the azimuthal equidistant plane about the centre' : 'in coordinate units'}; shape = minor/major standard deviation (Yuill, 1971).`,
      ),
    ],
  });
  const mt = c.table(SDE_MIGRATION.name);
  if (mt) {
    const m = SDE_MIGRATION.read(mt);
    const ml = (k: keyof typeof SDE_MIGRATION.columns & string) => SDE_MIGRATION.label(k, c.lang);
    out.push({
      caption: c.zh ? cat(subject, subject ? '的' : '', SDE_MIGRATION.zh) : `${SDE_MIGRATION.en}${subject ? `: ${subject}` : ''}`,
      header: [
        ...(multi ? [ml('score')] : []),
        ml('from'),
        ml('to'),
        ml('distance'),
        ml('bearing'),
        c.zh ? ml('direction_zh') : ml('direction_en'),
        ml('speed'),
      ],
      columnDecimals: [
        ...(multi ? [undefined] : []),
        undefined,
        undefined,
        ...(['distance', 'bearing', 'direction_zh', 'speed'] as const).map((k) => SDE_MIGRATION.decimals(k)),
      ],
      rows: m.rows.map((r) => [...(multi ? [r.score] : []), r.from, r.to, r.distance, r.bearing, c.zh ? r.direction_zh : r.direction_en, r.speed]),
      notes: [
        L(
          c,
          `注：迁移距离${km ? '为相邻两期重心间的大圆距离（km），方位角为初始大圆方位' : '为欧氏距离'}，自正北顺时针计；迁移速度为距离除以间隔期数。`,
          `Note: distance ${km ? 'is the great-circle distance between consecutive centres (km), the bearing its initial great-circle bearing' : 'is Euclidean'}` +
            ', clockwise from north; speed = distance / elapsed periods.',
        ),
      ],
    });
  }
  return out;
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const geo = sec.metric !== 'euclidean';
  const c = sec.correction !== 'none';
  const n2 = sec.denominator === 'n-2';
  return {
    heading: w.t('标准差椭圆与重心迁移', 'Standard deviational ellipse and centre of gravity'),
    sentences: [
      w.t(
        `采用标准差椭圆（SDE）${w.cite('lefever', 'yuill')}与重心迁移模型刻画${w.scoreLabel(w.scoresOf(sec))}空间格局的演变：以得分 w_i 为权重，重心 X̄ = ` +
          'Σ w_i x_i / Σ w_i、Ȳ = Σ w_i y_i / Σ w_i；以 x̃_i = x_i − X̄、ỹ_i = y_i − Ȳ 构成加权协方差矩阵，其特征向量为椭圆主轴，' +
          `转角 θ 为长轴自正北顺时针的方位角，满足 tan θ = (A + √(A² + 4B²))/(2B)，A = Σ w_i x̃_i² − Σ w_i ỹ_i²，B = Σ w_i x̃_i ỹ_i；沿长、短轴的标准差为 ${c ? '√2 · ' : ''}√λ_1、${c ? '√2 · ' : ''}√λ_2` +
          `（λ 为协方差矩阵特征值，分母为 Σ w_i${n2 ? ' · (n − 2)/n' : ''}），面积 S = π σ_长 σ_短，形状指数为 σ_短/σ_长。`,
        `The standard deviational ellipse (SDE)${w.cite('lefever', 'yuill')} and the migration of the centre of ` +
          `gravity describe how the spatial pattern of ${w.list(w.scoresOf(sec).map((x) => w.the(x)))} moves: ` +
          ('with the scores w_i as weights, the centre is X̄ = Σ w_i x_i / Σ w_i, Ȳ = Σ w_i y_i / Σ w_i; the eigenvectors ' +
            "of the weighted covariance matrix of x̃_i = x_i − X̄, ỹ_i = y_i − Ȳ are the ellipse's axes, ") +
          'and the rotation θ, the azimuth of the major axis clockwise from north, satisfies tan θ = (A + √(A² + 4B²))/(2B) with A = Σ w_i x̃_i² − Σ w_i ỹ_i², B = Σ w_i x̃_i ỹ_i; ' +
          `the standard deviations along the axes are ${c ? '√2 · ' : ''}√λ_1 and ${c ? '√2 · ' : ''}√λ_2 (λ the eigenvalues, denominator Σ w_i${n2 ? ' · (n − 2)/n' : ''}), ` +
          'the area π σ_major σ_minor and the shape index σ_minor/σ_major.',
      ),
      geo
        ? w.t(
            '坐标为经纬度，椭圆在以重心为中心的方位等距投影平面上拟合（km），相邻两期重心的迁移距离为大圆距离，方向为初始方位角。',
            'Coordinates are longitude/latitude: the ellipse is fitted on the azimuthal equidistant plane about the centre ' +
              '(km) and the centre moves by great-circle distance along its initial bearing.',
          )
        : w.t('坐标为平面坐标，迁移距离为欧氏距离。', 'Coordinates are planar and moves are Euclidean.'),
    ],
  };
}

export const sdeAnalysis = analysis({
  key: 'sde',
  title: { zh: '重心迁移与标准差椭圆', en: 'Centre of gravity and standard deviational ellipse' },
  spec: SdeSpec,
  tables: [SDE, SDE_MIGRATION],
  run,
  methods,
  paperTables,
});

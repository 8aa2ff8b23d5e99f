/**
 * Standard deviational ellipse (SDE) and weighted mean centre of points in a plane (Lefever 1926;
 * Yuill 1971; the formulas of ArcGIS "Directional Distribution"), and the geodesy the analysis
 * needs to use longitude/latitude: great-circle distance, initial bearing and the azimuthal
 * equidistant projection about a centre.
 *
 * With weights w_i ≥ 0, W = Σ w_i, the mean centre is X̄ = Σ w_i x_i / W, Ȳ = Σ w_i y_i / W. With
 * x̃ = x − X̄, ỹ = y − Ȳ, the weighted covariance S = [[Sxx, Sxy], [Sxy, Syy]], Sxx = Σ w x̃² / W,
 * Syy = Σ w ỹ² / W, Sxy = Σ w x̃ỹ / W ("n" denominator; "n-2" multiplies S by n/(n − 2), n the
 * number of points with w > 0, which for equal weights is Yuill's / CrimeStat's Σ x̃² / (n − 2)).
 * The axes are the eigenvectors of S; the standard deviations along them are c·√λ₁ ≥ c·√λ₂ with
 * c = √2 (ArcGIS; the "√2 correction") or 1. θ is the azimuth of the major axis, clockwise from
 * north (+y), in [0°, 180°): it is the angle ArcGIS obtains from
 * tan θ = (A + √(A² + 4B²)) / (2B), A = Σ w x̃² − Σ w ỹ², B = Σ w x̃ỹ. Area = π σ_major σ_minor;
 * shape = σ_minor / σ_major (1 = circle; flattening = 1 − shape).
 *
 * Cost: O(n). Pure.
 */
import { EARTH_RADIUS_KM } from '../spatial/weights.js';

export interface EllipseOptions {
  /** Multiply the standard deviations by √2 (ArcGIS) or not. Default 'sqrt2'. */
  correction?: 'sqrt2' | 'none';
  /** Variance denominator: W (ArcGIS) or W·(n − 2)/n (Yuill / CrimeStat). Default 'n'. */
  denominator?: 'n' | 'n-2';
  /** Take the moments about this point instead of the weighted mean (which is then still reported as cx, cy). Default: the weighted mean. */
  about?: readonly [number, number];
}

export interface Ellipse {
  /** Points used (finite coordinates, finite weight ≥ 0). */
  n: number;
  /** Points with a positive weight. */
  nPositive: number;
  /** Σ w. */
  weight: number;
  /** Weighted mean centre. */
  cx: number;
  cy: number;
  /** Weighted (co)variances about the centre, after the denominator choice. */
  sxx: number;
  syy: number;
  sxy: number;
  /** Azimuth of the major axis, degrees clockwise from +y, in [0, 180); NaN when the spread is isotropic. */
  theta: number;
  /** Standard deviations along the major and minor axes (with the correction). */
  sdMajor: number;
  sdMinor: number;
  /** π · sdMajor · sdMinor. */
  area: number;
  /** sdMinor / sdMajor. */
  shape: number;
  /** Why a value is NaN ('' when none is). */
  reason: string;
}

const DEG = 180 / Math.PI;

/**
 * Weighted mean centre and standard deviational ellipse of points (x_i, y_i) with weights w_i.
 * Points with a non-finite coordinate or weight are left out (and counted out of `n`); a negative
 * weight, a zero total weight or too few points give NaN with the reason.
 *
 * @example ellipse([-2, 2, 0, 0], [0, 0, -1, 1], [1, 1, 1, 1], { correction: 'none' })
 *   // centre (0, 0); θ = 90 (major axis east–west); sdMajor = √2, sdMinor = √0.5
 */
export function ellipse(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, opts: EllipseOptions = {}): Ellipse {
  const c = (opts.correction ?? 'sqrt2') === 'sqrt2' ? Math.SQRT2 : 1;
  const nanResult = (n: number, nPositive: number, weight: number, reason: string): Ellipse => ({
    n,
    nPositive,
    weight,
    cx: NaN,
    cy: NaN,
    sxx: NaN,
    syy: NaN,
    sxy: NaN,
    theta: NaN,
    sdMajor: NaN,
    sdMinor: NaN,
    area: NaN,
    shape: NaN,
    reason,
  });
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i]) && Number.isFinite(w[i])) idx.push(i);
  let W = 0;
  let nPos = 0;
  for (const i of idx) {
    if (w[i] < 0) return nanResult(idx.length, 0, NaN, 'negative weights (scores): an ellipse needs weights ≥ 0');
    W += w[i];
    if (w[i] > 0) nPos++;
  }
  if (!(W > 0)) return nanResult(idx.length, nPos, W, 'total weight is zero');
  const minN = opts.denominator === 'n-2' ? 3 : 2;
  // Two passes: the centre, then the moments about it.
  let sx = 0;
  let sy = 0;
  for (const i of idx) {
    sx += w[i] * x[i];
    sy += w[i] * y[i];
  }
  const cx = sx / W;
  const cy = sy / W;
  if (nPos < minN)
    return { ...nanResult(idx.length, nPos, W, `${nPos} point${nPos === 1 ? '' : 's'} with a positive weight: an ellipse needs at least ${minN}`), cx, cy };
  const [ox, oy] = opts.about ?? [cx, cy];
  let a = 0;
  let b = 0;
  let d = 0;
  for (const i of idx) {
    const dx = x[i] - ox;
    const dy = y[i] - oy;
    a += w[i] * dx * dx;
    b += w[i] * dy * dy;
    d += w[i] * dx * dy;
  }
  const f = opts.denominator === 'n-2' ? nPos / (nPos - 2) : 1;
  const sxx = (a / W) * f;
  const syy = (b / W) * f;
  const sxy = (d / W) * f;
  const half = (sxx + syy) / 2;
  const r = Math.hypot((sxx - syy) / 2, sxy);
  const l1 = half + r;
  const l2 = Math.max(0, half - r);
  const sdMajor = c * Math.sqrt(l1);
  const sdMinor = c * Math.sqrt(l2);
  let theta = NaN;
  let reason = '';
  if (l1 === 0) reason = 'all points at the centre: no spread';
  else if (r <= 1e-12 * half) reason = 'isotropic spread (a circle): rotation undefined';
  else {
    // Major axis at φ = ½·atan2(2Sxy, Sxx − Syy) counter-clockwise from +x; azimuth = 90° − φ.
    const phi = 0.5 * Math.atan2(2 * sxy, sxx - syy) * DEG;
    theta = (((90 - phi) % 180) + 180) % 180;
  }
  return {
    n: idx.length,
    nPositive: nPos,
    weight: W,
    cx,
    cy,
    sxx,
    syy,
    sxy,
    theta,
    sdMajor,
    sdMinor,
    area: Math.PI * sdMajor * sdMinor,
    shape: sdMajor > 0 ? sdMinor / sdMajor : NaN,
    reason,
  };
}

// ------------------------------------------------------------------------------------ geodesy

const RAD = Math.PI / 180;

/** Great-circle (haversine) distance in km between (lon1, lat1) and (lon2, lat2), degrees; Earth radius {@link EARTH_RADIUS_KM}. */
export function greatCircleKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const sdp = Math.sin((p2 - p1) / 2);
  const sdl = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sdp * sdp + Math.cos(p1) * Math.cos(p2) * sdl * sdl;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial great-circle bearing from point 1 to point 2, degrees clockwise from north in [0, 360). */
export function bearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const dl = (lon2 - lon1) * RAD;
  const b = Math.atan2(Math.sin(dl) * Math.cos(p2), Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl)) * DEG;
  return ((b % 360) + 360) % 360;
}

/** Direction of a planar displacement (dx east, dy north): degrees clockwise from north in [0, 360). */
export function planarBearingDeg(dx: number, dy: number): number {
  const b = Math.atan2(dx, dy) * DEG;
  return ((b % 360) + 360) % 360;
}

/**
 * Azimuthal equidistant projection about (lon0, lat0): each point's (x east, y north) in km with
 * distance and azimuth from the centre preserved exactly, so an ellipse fitted there is in km and
 * its rotation is a true bearing at the centre.
 */
export function azimuthalEquidistant(lon: ArrayLike<number>, lat: ArrayLike<number>, lon0: number, lat0: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(lon.length);
  const y = new Float64Array(lon.length);
  for (let i = 0; i < lon.length; i++) {
    const dist = greatCircleKm(lon0, lat0, lon[i], lat[i]);
    const az = bearingDeg(lon0, lat0, lon[i], lat[i]) * RAD;
    x[i] = dist * Math.sin(az);
    y[i] = dist * Math.cos(az);
  }
  return { x, y };
}

const COMPASS_ZH = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'];
const COMPASS_EN = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];

/** Eight-point compass direction of a bearing (sectors of 45° centred on N, NE, …). */
export function compass(bearing: number): { zh: string; en: string } {
  if (!Number.isFinite(bearing)) return { zh: '', en: '' };
  const k = Math.round((((bearing % 360) + 360) % 360) / 45) % 8;
  return { zh: COMPASS_ZH[k], en: COMPASS_EN[k] };
}

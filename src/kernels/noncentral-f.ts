/**
 * Non-central F distribution (issue 16: the geographical detector's p-value, Wang et al. 2010).
 *
 * With x = df1·f/(df1·f + df2) and Poisson weights w_j = e^{−λ/2}(λ/2)^j/j!,
 * P(F ≤ f) = Σ_j w_j I_x(df1/2 + j, df2/2) and P(F > f) = Σ_j w_j (1 − I_x(df1/2 + j, df2/2))
 * (Johnson, Kotz & Balakrishnan 1995, ch. 30). Both tails are sums of non-negative terms, each
 * from {@link betaInc} (which returns the small side of I directly), so neither tail is formed as
 * 1 − the other. The sum starts at the Poisson mode and runs outward until the Poisson mass not yet
 * visited is below 1e-17 (each term is ≤ its weight), so the absolute error is ~1e-16 plus that of betaInc.
 */
import { betaInc, fCdf, fSf, lnGamma } from './distributions.js';

function ncfTails(f: number, df1: number, df2: number, ncp: number): { lower: number; upper: number } {
  if (f !== f || !(df1 > 0) || !(df2 > 0) || !(ncp >= 0) || !Number.isFinite(ncp)) return { lower: NaN, upper: NaN };
  if (ncp === 0) return { lower: fCdf(f, df1, df2), upper: fSf(f, df1, df2) };
  if (f <= 0) return { lower: 0, upper: 1 };
  if (f === Infinity) return { lower: 1, upper: 0 };
  const mu = ncp / 2;
  const x = (df1 * f) / (df1 * f + df2);
  const y = df2 / (df1 * f + df2);
  const a0 = df1 / 2;
  const b = df2 / 2;
  const weight = (j: number) => Math.exp(-mu + j * Math.log(mu) - lnGamma(j + 1));
  const mode = Math.floor(mu);
  let lower = 0;
  let upper = 0;
  let mass = 0;
  // Downward from the mode (includes it): finite, at most mode + 1 terms.
  for (let j = mode; j >= 0; j--) {
    const w = weight(j);
    const r = betaInc(x, a0 + j, b, y);
    lower += w * r.lower;
    upper += w * r.upper;
    mass += w;
    if (w < 1e-20 * mass && j < mode) break; // the rest of the left tail is smaller still (geometric below the mode)
  }
  // Upward: beyond the mode w_{j+1}/w_j = mu/(j+1) < 1; stop when the unvisited mass (≤ w·(j+2)/(j+2−mu)) is negligible.
  for (let j = mode + 1; j < mode + 100000; j++) {
    const w = weight(j);
    const r = betaInc(x, a0 + j, b, y);
    lower += w * r.lower;
    upper += w * r.upper;
    mass += w;
    if ((w * (j + 2)) / (j + 2 - mu) < 1e-17) break;
  }
  return { lower, upper };
}

/** Non-central F CDF P(F ≤ f; df1, df2, ncp) — R's `pf(f, df1, df2, ncp)`. NaN for invalid parameters. */
export function ncfCdf(f: number, df1: number, df2: number, ncp: number): number {
  return ncfTails(f, df1, df2, ncp).lower;
}

/** Non-central F upper tail P(F > f) — R's `pf(f, df1, df2, ncp, lower.tail = FALSE)`. */
export function ncfSf(f: number, df1: number, df2: number, ncp: number): number {
  return ncfTails(f, df1, df2, ncp).upper;
}

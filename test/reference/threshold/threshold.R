# Independent reference values for nqpf's Hansen (1999) panel threshold model
# (src/lenses/panel/threshold.ts), by brute force: one within regression (lm.fit on
# unit-demeaned data) per grid point, nothing shared with the TypeScript sufficient-statistics
# algorithm but the rules (grid, trimming, sequential estimation, test statistics) it documents.
#
# Rerun:  Rscript test/reference/threshold/threshold.R
#   env NQPF_SHARED (default /work/shared): reads data/panel/grunfeld.csv in place
# Output: expected.json next to this script (numbers with sprintf("%.17g")).
#
# Rules (as the module comment of threshold.ts states them):
# - n_min = max(1, ceiling(trim * N - 1e-9)); candidates = distinct q values v with
#   #{q <= v} >= n_min and #{q > v} >= n_min; K > grid of them -> keep ranks
#   floor((2 j (K-1) + grid-1) / (2 (grid-1))), j = 0..grid-1 (0-based).
# - a search with thresholds `fixed` skips a candidate already in `fixed` or leaving a regime
#   (between adjacent thresholds) with fewer than n_min observations; argmin = first minimum.
# - single: g1 = argmin S1; double: g2r given g1, then g1r given g2r; triple: g3 given (g1r, g2r).
# - F_m = (S_{m-1} - S_m^search) / (S_m^search / (N - G)); S_2 = SSR at (g1r, g2r).
# - LR(g) = (S(g) - S(ghat)) / sigma2 of the stage; interval {g : LR <= -2 log(1 - sqrt(0.95))}.
# - bootstrap: within residuals of the (m-1)-threshold model, unit vectors drawn with replacement,
#   y* = fitted + e*, the stage-m procedure repeated; p = mean(F* >= F). R's own RNG (set.seed),
#   so only the p-value's distribution is comparable with nqpf's, not the draws.
# - regime coefficients: within OLS on x*1(regime r), r = 1..m+1, and z; conventional SE
#   (RSS / (N - G - k)) and Stata xtreg's cluster SE (G/(G-1) (N-1)/(N-k-1) sandwich); the
#   cluster SE is checked against plm + sandwich's vcovHC(arellano) times the same factor.

suppressPackageStartupMessages({
  library(plm)
  library(jsonlite)
})

args_all <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
out_dir <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "test/reference/threshold"
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")

d <- read.csv(file.path(shared, "data/panel/grunfeld.csv"))
d <- d[order(d$firm, d$year), ]

within_t <- function(v, unit) v - ave(v, unit)

make_grid <- function(q, trim, maxp) {
  N <- length(q)
  nmin <- max(1, ceiling(trim * N - 1e-9))
  v <- sort(unique(q))
  below <- sapply(v, function(a) sum(q <= a))
  cand <- v[below >= nmin & N - below >= nmin]
  K <- length(cand)
  if (K > maxp) {
    j <- 0:(maxp - 1)
    cand <- cand[floor((2 * j * (K - 1) + (maxp - 1)) / (2 * (maxp - 1))) + 1]
  }
  list(grid = cand, K = K, nmin = nmin)
}

# SSR of the within regression with thresholds th (sorted inside).
ssr_at <- function(y, x, Z, q, unit, th) {
  b <- c(-Inf, sort(th), Inf)
  cols <- sapply(seq_len(length(b) - 1), function(r) x * (q > b[r] & q <= b[r + 1]))
  X <- cbind(cols, Z)
  Xt <- apply(X, 2, within_t, unit = unit)
  yt <- within_t(y, unit)
  f <- lm.fit(Xt, yt)
  if (any(is.na(f$coefficients))) stop("collinear regime columns")
  sum(f$residuals^2)
}

admissible <- function(g, fixed, q, nmin) {
  if (any(fixed == g)) return(FALSE)
  cuts <- c(0, sort(sapply(c(fixed, g), function(t) sum(q <= t))), length(q))
  all(diff(cuts) >= nmin)
}

# Stage search: SSR over the grid given fixed thresholds (NA where inadmissible).
search <- function(y, x, Z, q, unit, grid, nmin, fixed) {
  s <- rep(NA_real_, length(grid))
  for (j in seq_along(grid)) if (admissible(grid[j], fixed, q, nmin)) s[j] <- ssr_at(y, x, Z, q, unit, c(fixed, grid[j]))
  s
}

ssr0 <- function(y, x, Z, unit) {
  Xt <- apply(cbind(x, Z), 2, within_t, unit = unit)
  sum(lm.fit(Xt, within_t(y, unit))$residuals^2)
}

cLR <- -2 * log(1 - sqrt(0.95))

est_from <- function(s, grid, sigma2) {
  best <- which.min(s)
  lr <- (s - s[best]) / sigma2
  inn <- which(!is.na(lr) & lr <= cLR)
  list(gamma = grid[best], best = best, ssr = s[best], lower = min(grid[inn]), upper = max(grid[inn]),
       curve_gamma = grid[!is.na(s)], curve_ssr = s[!is.na(s)], curve_lr = lr[!is.na(s)])
}

# The sequential procedure; returns per stage: fixed thresholds, S_null, S_search, S_m, estimates.
procedure <- function(y, x, Z, q, unit, grid, nmin, m_max, dfe) {
  out <- list()
  s1 <- search(y, x, Z, q, unit, grid, nmin, c())
  S0 <- ssr0(y, x, Z, unit)
  e1 <- est_from(s1, grid, min(s1, na.rm = TRUE) / dfe)
  out[[1]] <- list(th = e1$gamma, null_th = c(), S_null = S0, S_search = e1$ssr, S = e1$ssr, est = list(e1))
  if (m_max >= 2) {
    s2 <- search(y, x, Z, q, unit, grid, nmin, e1$gamma)
    sig2 <- min(s2, na.rm = TRUE) / dfe
    e2 <- est_from(s2, grid, sig2)
    sR <- search(y, x, Z, q, unit, grid, nmin, e2$gamma)
    e1r <- est_from(sR, grid, sig2)
    out[[2]] <- list(th = c(e1r$gamma, e2$gamma), null_th = e1$gamma, S_null = e1$ssr, S_search = e2$ssr, S = e1r$ssr, est = list(e1r, e2))
    if (m_max >= 3) {
      s3 <- search(y, x, Z, q, unit, grid, nmin, c(e1r$gamma, e2$gamma))
      e3 <- est_from(s3, grid, min(s3, na.rm = TRUE) / dfe)
      out[[3]] <- list(th = c(e1r$gamma, e2$gamma, e3$gamma), null_th = c(e1r$gamma, e2$gamma), S_null = e1r$ssr,
                       S_search = e3$ssr, S = e3$ssr, est = list(e1r, e2, e3))
    }
  }
  out
}

# F statistic of stage m only (for the bootstrap).
f_stat <- function(y, x, Z, q, unit, grid, nmin, m, dfe) {
  s1 <- search(y, x, Z, q, unit, grid, nmin, c())
  b1 <- which.min(s1)
  if (m == 1) return((ssr0(y, x, Z, unit) - s1[b1]) / (s1[b1] / dfe))
  s2 <- search(y, x, Z, q, unit, grid, nmin, grid[b1])
  b2 <- which.min(s2)
  if (m == 2) return((s1[b1] - s2[b2]) / (s2[b2] / dfe))
  sR <- search(y, x, Z, q, unit, grid, nmin, grid[b2])
  bR <- which.min(sR)
  s3 <- search(y, x, Z, q, unit, grid, nmin, c(grid[bR], grid[b2]))
  b3 <- which.min(s3)
  (sR[bR] - s3[b3]) / (s3[b3] / dfe)
}

within_resid <- function(y, x, Z, q, unit, th) {
  b <- c(-Inf, sort(th), Inf)
  cols <- sapply(seq_len(length(b) - 1), function(r) x * (q > b[r] & q <= b[r + 1]))
  Xt <- apply(cbind(cols, Z), 2, within_t, unit = unit)
  yt <- within_t(y, unit)
  f <- lm.fit(Xt, yt)
  list(e = f$residuals, fitted = yt - f$residuals)
}

bootstrap_p <- function(y, x, Z, q, unit, grid, nmin, m, dfe, F, B, seed, null_th) {
  set.seed(seed)
  units <- sort(unique(unit))
  G <- length(units)
  nr <- within_resid(y, x, Z, q, unit, null_th)
  fs <- numeric(B)
  for (b in seq_len(B)) {
    draw <- sample.int(G, G, replace = TRUE)
    # unit u gets the residual vector of unit draw[u], period by period (rows sorted by unit, then period)
    idx <- as.vector(sapply(draw, function(j) which(unit == units[j])))
    ystar <- nr$fitted + nr$e[idx]
    fs[b] <- f_stat(ystar, x, Z, q, unit, grid, nmin, m, dfe)
  }
  list(p = mean(fs >= F), B = B, crit = unname(quantile(fs, c(0.9, 0.95, 0.99))))
}

regime_fit <- function(y, x, Z, zname, q, unit, period, th, xname) {
  b <- c(-Inf, sort(th), Inf)
  cols <- sapply(seq_len(length(b) - 1), function(r) x * (q > b[r] & q <= b[r + 1]))
  X <- cbind(cols, Z)
  colnames(X) <- c(paste0(xname, "[r", seq_len(ncol(cols)), "]"), zname)
  Xt <- apply(X, 2, within_t, unit = unit)
  yt <- within_t(y, unit)
  f <- lm.fit(Xt, yt)
  N <- length(y); G <- length(unique(unit)); k <- ncol(X)
  XtXi <- solve(crossprod(Xt))
  rss <- sum(f$residuals^2)
  se_conv <- sqrt(diag(XtXi) * rss / (N - G - k))
  S <- rowsum(Xt * f$residuals, unit)
  Vc <- XtXi %*% crossprod(S) %*% XtXi * (G / (G - 1)) * ((N - 1) / (N - k - 1))
  # check against plm + vcovHC(arellano, HC0) times Stata's factor
  Xs <- X
  colnames(Xs) <- paste0("v", seq_len(k))
  pd <- pdata.frame(data.frame(unit = unit, period = period, y = y, Xs), index = c("unit", "period"))
  fm <- as.formula(paste("y ~", paste(colnames(Xs), collapse = " + ")))
  pf <- plm(fm, data = pd, model = "within", effect = "individual")
  Vp <- vcovHC(pf, method = "arellano", type = "HC0", cluster = "group") * (G / (G - 1)) * ((N - 1) / (N - k - 1))
  stopifnot(max(abs(Vp - Vc) / abs(Vc)) < 1e-8, max(abs(coef(pf) - f$coefficients) / abs(coef(pf))) < 1e-10)
  list(names = colnames(X), coef = unname(f$coefficients), se = unname(se_conv), se_cluster = unname(sqrt(diag(Vc))), rss = rss)
}

run_case <- function(name, yv, xv, zv, qv, trim, maxp, m_max, B, seed) {
  y <- d[[yv]]; x <- d[[xv]]; Z <- cbind(d[[zv]]); q <- d[[qv]]; unit <- d$firm; period <- d$year
  N <- length(y); G <- length(unique(unit)); dfe <- N - G
  gr <- make_grid(q, trim, maxp)
  st <- procedure(y, x, Z, q, unit, gr$grid, gr$nmin, m_max, dfe)
  models <- lapply(seq_along(st), function(m) {
    s <- st[[m]]
    sigma2 <- s$S_search / dfe
    F <- (s$S_null - s$S_search) / sigma2
    bs <- if (B[m] > 0) bootstrap_p(y, x, Z, q, unit, gr$grid, gr$nmin, m, dfe, F, B[m], seed + m, s$null_th) else NULL
    rf <- regime_fit(y, x, Z, zv, q, unit, period, s$th, xv)
    list(m = m, thresholds = sort(s$th), ssr_null = s$S_null, ssr_search = s$S_search, ssr = s$S, sigma2 = sigma2, F = F,
         estimates = lapply(s$est, function(e) list(gamma = e$gamma, lower = e$lower, upper = e$upper, ssr = e$ssr,
                                                      curve_gamma = e$curve_gamma, curve_ssr = e$curve_ssr, curve_lr = e$curve_lr)),
         bootstrap = bs, coefficients = rf)
  })
  list(name = name, y = yv, regime = xv, z = zv, q = qv, trim = trim, grid_max = maxp, candidates = gr$K, min_regime = gr$nmin,
       grid = gr$grid, models = models)
}

t0 <- Sys.time()
cases <- list(
  # Regime slope on value, threshold variable capital, 15 %-85 % trimming, all candidates, up to 3 thresholds.
  run_case("capital", "inv", "value", "capital", "capital", 0.15, 400, 3, c(300, 300, 0), 20261205),
  # Regime slope on capital, threshold variable value, 5 % trimming, grid thinned to 60 points, 2 thresholds.
  run_case("value-thinned", "inv", "capital", "value", "value", 0.05, 60, 2, c(300, 300), 20261206)
)
out <- list(meta = list(R = R.version.string, plm = as.character(packageVersion("plm")), generated_by = "test/reference/threshold/threshold.R",
                        seconds = as.numeric(difftime(Sys.time(), t0, units = "secs")), c_lr = cLR),
            cases = cases)
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, null = "null", na = "null", pretty = FALSE), file.path(out_dir, "expected.json"))
cat("wrote", file.path(out_dir, "expected.json"), "\n")

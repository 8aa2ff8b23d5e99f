# Independent reference for the geographical detector (issue 16): src/lenses/spatial/geodetector.ts and
# src/kernels/noncentral-f.ts. Written from Wang et al. (2010) / Wang & Xu (2017) and the definitions of the
# R package geodetector (factor_detector's λ, risk_detector's rounded Welch df); the package itself is not on
# CRAN-via-apt here (apt-cache has no r-cran-geodetector / r-cran-gd), so this script implements the formulas
# in base R, with R's pf(x, df1, df2, ncp) for the non-central F p-value.
# Run from the repository root:  Rscript test/reference/geodetector/geodetector.R [path/to/shared]
# Writes test/reference/geodetector/geodetector.json.
library(jsonlite)
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args) >= 1) args[1] else Sys.getenv("NQPF_SHARED", "../shared")

factor_q <- function(y, x) {
  x <- as.character(x); N <- length(y); L <- length(unique(x)); s2 <- var(y)
  ssw <- 0; m2 <- 0; rm <- 0
  for (h in unique(x)) {
    yh <- y[x == h]; nh <- length(yh)
    if (nh > 1) ssw <- ssw + (nh - 1) * var(yh)
    m2 <- m2 + mean(yh)^2; rm <- rm + sqrt(nh) * mean(yh)
  }
  q <- 1 - ssw / ((N - 1) * s2)
  lambda <- (m2 - rm^2 / N) / s2
  Fv <- (N - L) / (L - 1) * q / (1 - q)
  list(q = q, f = Fv, df1 = L - 1, df2 = N - L, lambda = lambda, ssw = ssw,
       p = pf(Fv, L - 1, N - L, ncp = lambda, lower.tail = FALSE))
}
itype <- function(q1, q2, q12) {
  if (abs(q12 - (q1 + q2)) <= 1e-12) "independent" else if (q12 > q1 + q2) "nonlinear-enhance"
  else if (q12 < min(q1, q2)) "nonlinear-weaken" else if (q12 < max(q1, q2)) "uni-weaken" else "bi-enhance"
}
risk <- function(y, x) {
  lev <- unique(as.character(x)); out <- list()
  for (i in seq_along(lev)) for (j in seq_along(lev)) if (i < j) {
    a <- y[x == lev[i]]; b <- y[x == lev[j]]
    va <- var(a) / length(a); vb <- var(b) / length(b)
    t <- (mean(a) - mean(b)) / sqrt(va + vb)
    df <- round((va + vb)^2 / (va^2 / (length(a) - 1) + vb^2 / (length(b) - 1)))
    out[[length(out) + 1]] <- list(a = lev[i], b = lev[j], t = t, df = df, p = 2 * pt(-abs(t), df))
  }
  out
}
ecological <- function(y, x1, x2) {
  N <- length(y); f <- factor_q(y, x1)$ssw / factor_q(y, x2)$ssw
  # H0: SSW_1 = SSW_2 against a difference either way: two-sided p
  list(f = f, p = min(1, 2 * min(pf(f, N - 1, N - 1), pf(f, N - 1, N - 1, lower.tail = FALSE))))
}
# cut(include.lowest = TRUE), right-closed, on type-7 quantile or equal-interval breaks
quartile_class <- function(x, k) as.integer(cut(x, unique(quantile(x, (0:k) / k, type = 7)), include.lowest = TRUE))
equal_class <- function(x, k) as.integer(cut(x, seq(min(x), max(x), length.out = k + 1), include.lowest = TRUE))

# pf grid (the non-central F CDF and its upper tail)
grid <- expand.grid(x = c(0.05, 0.7, 1.5, 3.2, 9), df1 = c(1, 3, 6.5), df2 = c(2, 10, 27), ncp = c(0.3, 4, 25, 160))
grid$lower <- mapply(function(x, a, b, l) pf(x, a, b, ncp = l), grid$x, grid$df1, grid$df2, grid$ncp)
grid$upper <- mapply(function(x, a, b, l) pf(x, a, b, ncp = l, lower.tail = FALSE), grid$x, grid$df1, grid$df2, grid$ncp)

# hand case: y = 1..7, strata {1,2,3}, {4,5}, {6,7}: SSW = 2 + 0.5 + 0.5 = 3, SST = 28, q = 25/28
hand_y <- 1:7; hand_x <- c(1, 1, 1, 2, 2, 3, 3)
hand <- factor_q(hand_y, hand_x)
# second hand case with a singleton stratum: y = (2, 4, 9, 1, 3), strata a a b c c
hand2 <- factor_q(c(2, 4, 9, 1, 3), c("a", "a", "b", "c", "c"))

panel <- read.csv(file.path(shared, "data/cn-scitech/cn_provinces_scitech_2011_2022.csv"), fileEncoding = "UTF-8")
regions <- read.csv(file.path(shared, "data/cn-scitech/regions.csv"), fileEncoding = "UTF-8")
d <- merge(panel[panel$year == 2022, ], regions, by = "province")
d <- d[order(d$province_en), ]
y <- d$rd_intensity
fx <- list(region = d$region, rd_fte_q4 = quartile_class(d$rd_fte, 4), sci_papers_q4 = quartile_class(d$sci_papers, 4),
           budget_scitech_eq5 = equal_class(d$budget_scitech, 5))
factors <- lapply(fx, function(x) factor_q(y, x))
pairs <- combn(names(fx), 2, simplify = FALSE)
inter <- lapply(pairs, function(p) {
  q1 <- factors[[p[1]]]$q; q2 <- factors[[p[2]]]$q
  q12 <- factor_q(y, paste(fx[[p[1]]], fx[[p[2]]]))$q
  list(a = p[1], b = p[2], q1 = q1, q2 = q2, q12 = q12, type = itype(q1, q2, q12))
})
eco <- lapply(pairs, function(p) c(list(a = p[1], b = p[2]), ecological(y, fx[[p[1]]], fx[[p[2]]])))
out <- list(
  generated_by = "test/reference/geodetector/geodetector.R", r_version = R.version.string,
  pf = grid, hand = hand, hand_singleton = hand2,
  cn = list(province_en = d$province_en, y = y, classes = fx, factor = factors, interaction = inter,
            risk_region = risk(y, fx$region), ecological = eco)
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "test/reference/geodetector/geodetector.json")

# Reference values for the pooled (all-periods) geographical detector (issue 16: "per period or pooled";
# src/lenses/spatial-models/detector.ts with pooled: true). Nothing here comes from nqpf.
#
# Data: the CN provincial panel of ../shared (31 provinces × 2011–2022, read in place) stacked over the years: each
# province-year is one observation. y = rd_intensity; factors: NBS region (a unit attribute, the same class in every
# year), quartiles (type 7) of rd_fte over the 372 pooled values, 5 equal intervals of budget_scitech over the pooled
# range, and sci_papers cut by GD's optimal discretisation (optidisc) of the pooled values. A second specification pools
# the selected years 2016, 2019 and 2022 only (region and rd_fte quartiles over those 93 values).
#
# The detectors are the formulas of Wang et al. (2010) / Wang & Xu (2017) with the R package geodetector's λ and
# rounded Welch df, in base R (the same definitions as test/reference/geodetector/geodetector.R, written again here),
# and the q values are checked against GD 10.8's own `gd` (asserted below, 1e-12). The optimal discretisation is GD's
# own `optidisc` (R/disc.R, R/optidisc.R, R/gd.R of the CRAN mirror cran/GD 1ce7c3c, sourced unchanged except that
# BAMMtools::getJenksBreaks is BAMMtools' R wrapper over its C routine jenksBrks.c compiled with R CMD SHLIB — as
# opgd.R; neither package is in Debian).
#
# Usage (from the repository root):
#   Rscript test/reference/spatial/pooled_detector.R <dir with disc.R optidisc.R gd.R> <dir with jenksBrks.so> [shared]
# Writes test/reference/spatial/pooled_detector.json (numbers at full precision).
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(TRUE)
src <- args[1]; so <- args[2]
shared <- if (length(args) >= 3) args[3] else Sys.getenv("NQPF_SHARED", "../shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
dyn.load(file.path(so, "jenksBrks.so"))
getJenksBreaks <- function(var, k, subset = NULL) {
  k <- k - 1
  if (k > length(unique(var))) k <- length(unique(var))
  brks <- rep(1, k + 1)
  d <- sort(var)
  .C("jenksBrks", as.double(d), as.integer(k), as.integer(length(d)), as.double(brks))[[4]]
}
for (f in c("disc", "optidisc", "gd")) {
  txt <- readLines(file.path(src, paste0(f, ".R")))
  eval(parse(text = gsub("BAMMtools::getJenksBreaks", "getJenksBreaks", txt, fixed = TRUE)))
}

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
  list(q = q, f = Fv, df1 = L - 1, df2 = N - L, lambda = lambda, ssw = ssw, n = N,
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
    out[[length(out) + 1]] <- list(a = lev[i], b = lev[j], mean_a = mean(a), mean_b = mean(b), t = t, df = df, p = 2 * pt(-abs(t), df))
  }
  out
}
ecological <- function(y, x1, x2) {
  N <- length(y); f <- factor_q(y, x1)$ssw / factor_q(y, x2)$ssw
  list(f = f, p = min(1, 2 * min(pf(f, N - 1, N - 1), pf(f, N - 1, N - 1, lower.tail = FALSE))))
}
quantile_class <- function(x, k) as.integer(cut(x, unique(quantile(x, (0:k) / k, type = 7)), include.lowest = TRUE))
equal_class <- function(x, k) as.integer(cut(x, seq(min(x), max(x), length.out = k + 1), include.lowest = TRUE))

detect <- function(d, fx) {
  y <- d$rd_intensity
  factors <- lapply(fx, function(x) factor_q(y, x))
  # GD's own factor detector gives the same q on the same strata
  for (v in names(fx)) {
    g <- gd(y ~ x, data = data.frame(y = y, x = factor(fx[[v]])))$Factor$qv
    stopifnot(abs(g - factors[[v]]$q) < 1e-12)
  }
  pairs <- combn(names(fx), 2, simplify = FALSE)
  inter <- lapply(pairs, function(p) {
    q1 <- factors[[p[1]]]$q; q2 <- factors[[p[2]]]$q
    ov <- paste(fx[[p[1]]], fx[[p[2]]])
    q12 <- factor_q(y, ov)$q
    list(a = p[1], b = p[2], q1 = q1, q2 = q2, q12 = q12, strata = length(unique(ov)), type = itype(q1, q2, q12))
  })
  eco <- lapply(pairs, function(p) c(list(a = p[1], b = p[2]), ecological(y, fx[[p[1]]], fx[[p[2]]])))
  list(n = length(y), years = sort(unique(d$year)), factor = factors, interaction = inter, risk_region = risk(y, fx$region), ecological = eco)
}

panel <- read.csv(file.path(shared, "data/cn-scitech/cn_provinces_scitech_2011_2022.csv"), fileEncoding = "UTF-8")
regions <- read.csv(file.path(shared, "data/cn-scitech/regions.csv"), fileEncoding = "UTF-8")
d <- merge(panel, regions, by = "province")
d <- d[complete.cases(d[, c("rd_intensity", "rd_fte", "sci_papers", "budget_scitech")]), ]
stopifnot(nrow(d) == 372)

# (1) all twelve years pooled
methods <- c("equal", "natural", "quantile", "geometric", "sd")
od <- optidisc(rd_intensity ~ sci_papers, data = d, discmethod = methods, discitv = 3:7)$sci_papers
geometric_covers <- sapply(3:7, function(n) { b <- disc(d$sci_papers, n, method = "geometric")$itv; min(b) <= min(d$sci_papers) && max(b) >= max(d$sci_papers) })
fx <- list(region = d$region, rd_fte_q4 = quantile_class(d$rd_fte, 4), budget_scitech_eq5 = equal_class(d$budget_scitech, 5),
           sci_papers_opt = as.integer(cut(d$sci_papers, od$itv, include.lowest = TRUE)))
stopifnot(!anyNA(fx$sci_papers_opt))
all <- detect(d, fx)
all$optimal <- list(method = od$method, classes = od$n.itv, breaks = od$itv, qv = lapply(methods, function(m) unname(od$qv.matrix[, m])),
                    methods = methods, geometric_covers = geometric_covers)
all$rd_fte_breaks <- unname(quantile(d$rd_fte, (0:4) / 4, type = 7))

# (2) the years 2016, 2019, 2022 pooled
s <- d[d$year %in% c(2016, 2019, 2022), ]
sel <- detect(s, list(region = s$region, rd_fte_q4 = quantile_class(s$rd_fte, 4)))
sel$rd_fte_breaks <- unname(quantile(s$rd_fte, (0:4) / 4, type = 7))

out <- list(meta = list(R = R.version.string, GD = "10.8 (cran/GD 1ce7c3c)", generated_by = "test/reference/spatial/pooled_detector.R"),
            all = all, selected = sel)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "pooled_detector.json"))
cat("written\n")

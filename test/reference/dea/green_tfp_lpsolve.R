# Independent reference for examples/cn-green-tfp.yaml (issue 17): the super-SBM with undesirable outputs (vrs, one
# frontier per year) and the global Malmquist-Luenberger index (crs, proportional direction; Oh 2010) of the
# SYNTHETIC panel examples/cn-green-tfp/cn_green_tfp_2012_2023_SYNTHETIC.csv, every LP written out here and solved
# by lp_solve (R lpSolve), not by HiGHS. The LP functions are those of ddf_lpsolve.R (sourced from lp_builders.R).
# Run from the repo root:
#   Rscript test/reference/dea/green_tfp_lpsolve.R > test/reference/dea/green_tfp_lpsolve.json
suppressPackageStartupMessages({ library(lpSolve); library(jsonlite) })
# lp_solve without its scaling (scale = 0): with the default (196) it stops at beta ~ 2e-9 for some units on the
# frontier (true value 0: lambda_o = 1 is feasible and HiGHS's solutions are feasible to 2e-16). Unscaled it is
# closer, but a few values still differ from HiGHS by ~2e-9 relative (lpSolve offers no tolerance settings), so
# test/examples/dea.test.ts compares this example at 5e-9 (the literature examples at 1e-9).
lp <- function(...) lpSolve::lp(..., scale = 0)
source("test/reference/dea/lp_builders.R")  # ddf, sbm_ref, supersbm_ref (run from the repo root)

d <- read.csv("examples/cn-green-tfp/cn_green_tfp_2012_2023_SYNTHETIC.csv", check.names = FALSE, fileEncoding = "UTF-8")
# Each variable divided by its mean before solving: both models are units-invariant (the scores do not change), and
# lp_solve's default tolerances then hold to ~1e-12; on the raw magnitudes (capital ~1e5) it returned, e.g.,
# beta = 7.95e-9 for a unit on the frontier (HiGHS and the scaled LP: 0).
for (v in c("labour", "capital", "energy", "gdp", "co2", "so2")) d[[v]] <- d[[v]] / mean(d[[v]])
years <- sort(unique(d$year))
mats <- function(s) list(X = as.matrix(s[, c("labour", "capital", "energy")]), Y = as.matrix(s[, "gdp", drop = FALSE]),
                         B = as.matrix(s[, c("co2", "so2")]))
per <- lapply(years, function(y) d[d$year == y, ])
G <- mats(d[order(match(d$year, years)), ])
out <- list(solver = paste("lpSolve", as.character(packageVersion("lpSolve"))), units = per[[1]]$province, years = years)
out$gtfp <- unlist(lapply(per, function(s) { a <- mats(s); supersbm_ref(a$X, a$Y, a$B, a$X, a$Y, a$B, seq_len(nrow(s)), "vrs") }))
own <- lapply(per, function(s) { a <- mats(s); ddf(a$X, a$Y, a$B, a$X, a$Y, a$B, "crs", "proportional", slacks = FALSE)$beta })
glob <- lapply(per, function(s) { a <- mats(s); ddf(a$X, a$Y, a$B, G$X, G$Y, G$B, "crs", "proportional", slacks = FALSE)$beta })
out$gml <- lapply(seq_len(length(years) - 1), function(t) list(
  gml = (1 + glob[[t]]) / (1 + glob[[t + 1]]),
  ec = (1 + own[[t]]) / (1 + own[[t + 1]]),
  bpc = ((1 + glob[[t]]) / (1 + own[[t]])) / ((1 + glob[[t + 1]]) / (1 + own[[t + 1]]))))
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), "\n")

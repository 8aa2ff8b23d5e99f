# Inference of the cross-section effects (issue 16, Effects: "by simulation from the estimated asymptotic distribution
# (seeded, R >= 1,000) and by the analytic delta method"): R spatialreg on Columbus, CRIME ~ INC + HOVAL, row-standardised
# contiguity (COL.nb GAL), method = "eigen", tol.opt = 1e-12. SAR, SDM (full) and SDM with Durbin = ~ INC (partial), and SAC.
# Delta method, written here: the effects as functions of (coef, rho) from the dense S_r = solve(I - rho W)(beta_r I + theta_r W)
# (direct = mean diag S_r, total = mean row sum, indirect = total - direct), their Jacobian by central finite differences
# (step 1e-5 * max(|x|, 1)), SE = sqrt(g' V g) with V = spatialreg's asymptotic covariance of (rho, coef) (fit$resvar with
# the sigma row dropped; SAC: its lambda row too). Simulation: spatialreg impacts(fit, listw, R = 1000) summaries (Monte
# Carlo: its SDs are compared loosely; sim_min/sim_max: the range of the SDs over seeds 1-5). Nothing here comes from nqpf.
# Usage: NQPF_SHARED=/work/shared Rscript test/reference/spatial/effects_inference.R
suppressPackageStartupMessages({ library(spdep); library(spatialreg); library(jsonlite) })
shared <- Sys.getenv("NQPF_SHARED", "../shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
d <- read.csv(file.path(shared, "data/columbus/columbus.csv"))
nb <- read.gal(file.path(shared, "data/columbus/columbus_contiguity.gal"), region.id = as.character(d$id))
lw <- nb2listw(nb, style = "W")
W <- listw2mat(lw)
n <- nrow(W)
ctl <- list(tol.opt = 1e-12)
effects <- function(rho, beta, theta) {
  A <- solve(diag(n) - rho * W)
  t(sapply(seq_along(beta), function(r) {
    S <- A %*% (beta[r] * diag(n) + theta[r] * W)
    dir <- mean(diag(S)); tot <- sum(S) / n
    c(direct = dir, indirect = tot - dir, total = tot)
  }))
}
one <- function(fit, regs, lagged, drop) {
  V <- fit$resvar
  keep <- setdiff(rownames(V), drop)
  V <- V[keep, keep]
  par <- c(rho = unname(fit$rho), fit$coefficients)
  stopifnot(identical(names(par), keep))
  f <- function(p) {
    beta <- p[regs]
    theta <- sapply(regs, function(x) if (x %in% lagged) p[[paste0("lag.", x)]] else 0)
    as.vector(effects(p[["rho"]], beta, theta))
  }
  f0 <- f(par)
  J <- sapply(seq_along(par), function(i) {
    h <- 1e-5 * max(abs(par[i]), 1)
    up <- par; dn <- par; up[i] <- up[i] + h; dn[i] <- dn[i] - h
    (f(up) - f(dn)) / (2 * h)
  })
  se <- sqrt(rowSums((J %*% V) * J))
  r <- length(regs)
  set.seed(20261206)
  sd <- summary(impacts(fit, listw = lw, R = 1000), zstats = TRUE)$semat
  # Monte Carlo spread: the SDs of five more seeded runs (heavy tails when rho's draws come near 1/omega_max).
  runs <- sapply(1:5, function(s) { set.seed(s); as.vector(summary(impacts(fit, listw = lw, R = 1000), zstats = TRUE)$semat) })
  list(param = unname(fit$rho), coef = as.list(fit$coefficients), terms = regs,
    direct = f0[1:r], indirect = f0[r + 1:r], total = f0[2 * r + 1:r],
    se_direct = se[1:r], se_indirect = se[r + 1:r], se_total = se[2 * r + 1:r],
    sim_direct = unname(sd[, "Direct"]), sim_indirect = unname(sd[, "Indirect"]), sim_total = unname(sd[, "Total"]),
    sim_min = list(direct = apply(runs, 1, min)[1:r], indirect = apply(runs, 1, min)[r + 1:r], total = apply(runs, 1, min)[2 * r + 1:r]),
    sim_max = list(direct = apply(runs, 1, max)[1:r], indirect = apply(runs, 1, max)[r + 1:r], total = apply(runs, 1, max)[2 * r + 1:r]))
}
sar <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, method = "eigen", control = ctl)
sdm <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, Durbin = TRUE, method = "eigen", control = ctl)
sdmp <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, Durbin = ~ INC, method = "eigen", control = ctl)
sac <- sacsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, method = "eigen", control = ctl)
regs <- c("INC", "HOVAL")
print(rownames(sac$resvar))
out <- list(meta = list(R = R.version.string, spatialreg = as.character(packageVersion("spatialreg")), draws = 1000, seed = 20261206),
  sar = one(sar, regs, character(0), "sigma"),
  sdm = one(sdm, regs, regs, "sigma"),
  sdm_partial = one(sdmp, regs, "INC", "sigma"),
  sac = one(sac, regs, character(0), c("sigma", "lambda")))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "effects_inference.json"))
cat("written\n")

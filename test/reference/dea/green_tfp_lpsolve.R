# Independent reference for examples/cn-green-tfp.yaml (issue 17): the super-SBM with undesirable outputs (vrs, one
# frontier per year) and the global Malmquist-Luenberger index (crs, proportional direction; Oh 2010) of the
# SYNTHETIC panel examples/cn-green-tfp/cn_green_tfp_2012_2023_SYNTHETIC.csv, every LP written out here and solved
# by lp_solve (R lpSolve), not by HiGHS. The LP functions are those of ddf_lpsolve.R (copied, same formulation).
# Run from the repo root:
#   Rscript test/reference/dea/green_tfp_lpsolve.R > test/reference/dea/green_tfp_lpsolve.json
suppressPackageStartupMessages({ library(lpSolve); library(jsonlite) })
# lp_solve without its scaling (scale = 0): with the default (196) it stops at beta ~ 2e-9 for some units on the
# frontier (true value 0: lambda_o = 1 is feasible and HiGHS's solutions are feasible to 2e-16). Unscaled it is
# closer, but a few values still differ from HiGHS by ~2e-9 relative (lpSolve offers no tolerance settings), so
# test/examples/dea.test.ts compares this example at 5e-9 (the literature examples at 1e-9).
lp <- function(...) lpSolve::lp(..., scale = 0)
ddf <- function(X, Y, B, RX, RY, RB, rts, direction, slacks = TRUE) {
  n <- nrow(X); m <- ncol(X); s <- ncol(Y); sb <- if (is.null(B)) 0 else ncol(B); N <- nrow(RX)
  beta <- rep(NA_real_, n); slacksum <- rep(NA_real_, n); status <- integer(n)
  for (o in 1:n) {
    gx <- if (direction == "proportional") X[o, ] else rep(0, m)
    gy <- Y[o, ]; gb <- if (sb) B[o, ] else numeric(0)
    # variables: bp, bm, lambda (N)
    A <- NULL; d <- character(0); rhs <- numeric(0)
    for (i in 1:m) { A <- rbind(A, c(gx[i], -gx[i], RX[, i])); d <- c(d, "<="); rhs <- c(rhs, X[o, i]) }
    for (r in 1:s) { A <- rbind(A, c(-gy[r], gy[r], RY[, r])); d <- c(d, ">="); rhs <- c(rhs, Y[o, r]) }
    if (sb) for (k in 1:sb) { A <- rbind(A, c(gb[k], -gb[k], RB[, k])); d <- c(d, "="); rhs <- c(rhs, B[o, k]) }
    if (rts == "vrs") { A <- rbind(A, c(0, 0, rep(1, N))); d <- c(d, "="); rhs <- c(rhs, 1) }
    p <- lp("max", c(1, -1, rep(0, N)), A, d, rhs)
    status[o] <- p$status
    if (p$status != 0) next
    beta[o] <- p$objval
    if (slacks) {
      A2 <- rbind(A, c(1, -1, rep(0, N))); d2 <- c(d, "="); rhs2 <- c(rhs, beta[o])
      # sum of slacks = const - sum_i (X lambda)_i + sum_r (Y lambda)_r
      obj <- c(0, 0, -rowSums(matrix(RX, N)) + rowSums(matrix(RY, N)))
      q <- lp("max", obj, A2, d2, rhs2)
      stopifnot(q$status == 0)
      slacksum[o] <- q$objval + sum(X[o, ] - beta[o] * gx) - sum(Y[o, ] + beta[o] * gy)
    }
  }
  list(beta = beta, slacksum = slacksum, status = status)
}

# SBM with undesirable outputs (Tone 2003 form; Charnes-Cooper LP) of each row of (X, Y, B) against (RX, RY, RB).
sbm_ref <- function(X, Y, B, RX, RY, RB, rts) {
  n <- nrow(X); m <- ncol(X); s <- ncol(Y); sb <- ncol(B); q <- s + sb; N <- nrow(RX)
  sapply(1:n, function(o) {
    A <- rbind(c(1, rep(0, N), rep(0, m), 1 / (q * Y[o, ]), 1 / (q * B[o, ]))); d <- "="; rhs <- 1
    for (i in 1:m) { A <- rbind(A, c(-X[o, i], RX[, i], diag(m)[i, ], rep(0, q))); d <- c(d, "="); rhs <- c(rhs, 0) }
    for (r in 1:s) { A <- rbind(A, c(-Y[o, r], RY[, r], rep(0, m), -diag(s)[r, ], rep(0, sb))); d <- c(d, "="); rhs <- c(rhs, 0) }
    for (k in 1:sb) { A <- rbind(A, c(-B[o, k], RB[, k], rep(0, m + s), diag(sb)[k, ])); d <- c(d, "="); rhs <- c(rhs, 0) }
    if (rts == "vrs") { A <- rbind(A, c(-1, rep(1, N), rep(0, m + q))); d <- c(d, "="); rhs <- c(rhs, 0) }
    p <- lp("min", c(1, rep(0, N), -1 / (m * X[o, ]), rep(0, q)), A, d, rhs)
    if (p$status != 0) NA else p$objval
  })
}
# Super-SBM with undesirable outputs: the reference row `self[o]` (the DMU itself) dropped; score = rho if rho < 1.
supersbm_ref <- function(X, Y, B, RX, RY, RB, self, rts) {
  n <- nrow(X); m <- ncol(X); s <- ncol(Y); sb <- ncol(B); q <- s + sb
  rho <- sbm_ref(X, Y, B, RX, RY, RB, rts)
  sapply(1:n, function(o) {
    if (!is.na(rho[o]) && rho[o] < 1 - 1e-9) return(rho[o])
    k <- setdiff(seq_len(nrow(RX)), self[o]); nk <- length(k)
    A <- rbind(c(1, rep(0, nk), rep(0, m), -1 / (q * Y[o, ]), -1 / (q * B[o, ]))); d <- "="; rhs <- 1
    for (i in 1:m) { A <- rbind(A, c(-X[o, i], RX[k, i], -diag(m)[i, ], rep(0, q))); d <- c(d, "<="); rhs <- c(rhs, 0) }
    for (r in 1:s) { A <- rbind(A, c(-Y[o, r], RY[k, r], rep(0, m), diag(s)[r, ], rep(0, sb))); d <- c(d, ">="); rhs <- c(rhs, 0) }
    for (r in 1:s) { A <- rbind(A, c(-Y[o, r], rep(0, nk), rep(0, m), diag(s)[r, ], rep(0, sb))); d <- c(d, "<="); rhs <- c(rhs, 0) }
    for (j in 1:sb) { A <- rbind(A, c(-B[o, j], RB[k, j], rep(0, m + s), -diag(sb)[j, ])); d <- c(d, "<="); rhs <- c(rhs, 0) }
    if (rts == "vrs") { A <- rbind(A, c(-1, rep(1, nk), rep(0, m + q))); d <- c(d, "="); rhs <- c(rhs, 0) }
    p <- lp("min", c(1, rep(0, nk), 1 / (m * X[o, ]), rep(0, q)), A, d, rhs)
    if (p$status != 0) NA else p$objval
  })
}

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

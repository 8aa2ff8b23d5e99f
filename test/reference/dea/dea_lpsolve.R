# Independent reference values for the DEA lens (issue 17): every LP written out here in R and solved by
# lp_solve 5.5 (R package lpSolve 5.6.18, Debian r-cran-lpsolve), not by HiGHS. Run from the repo root:
#   Rscript test/reference/dea/dea_lpsolve.R ../shared/data/dea > test/reference/dea/dea_lpsolve.json
# Models (envelopment form, all variables >= 0 as lp_solve assumes):
#  - CCR/BCC input/output-oriented: phase 1 theta (phi); phase 2 max sum of slacks with theta fixed.
#  - SBM (Tone 2001) / SBM with undesirable outputs (Tone 2003), Charnes-Cooper LP.
#  - super-SBM (Tone 2002) and its undesirable-output extension, Charnes-Cooper LP, DMU o removed from the
#    reference set (its column dropped, not bounded).
#  - Malmquist (CCR, 1 input 1 output): distance functions as ratios (y/x) / max_j (y_j/x_j), no LP at all.
suppressPackageStartupMessages({ library(lpSolve); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "../shared/data/dea"

radial <- function(X, Y, rts, orient) {
  n <- nrow(X); m <- ncol(X); s <- ncol(Y)
  score <- numeric(n); slacksum <- numeric(n)
  for (o in 1:n) {
    # variables: eff, lambda (n), s- (m), s+ (s)
    nc <- 1 + n + m + s
    A <- matrix(0, 0, nc); dir <- character(0); rhs <- numeric(0)
    for (i in 1:m) {
      row <- c(if (orient == "input") -X[o, i] else 0, X[, i], diag(m)[i, ], rep(0, s))
      A <- rbind(A, row); dir <- c(dir, "="); rhs <- c(rhs, if (orient == "input") 0 else X[o, i])
    }
    for (r in 1:s) {
      row <- c(if (orient == "output") -Y[o, r] else 0, Y[, r], rep(0, m), -diag(s)[r, ])
      A <- rbind(A, row); dir <- c(dir, "="); rhs <- c(rhs, if (orient == "output") 0 else Y[o, r])
    }
    if (rts == "vrs") { A <- rbind(A, c(0, rep(1, n), rep(0, m + s))); dir <- c(dir, "="); rhs <- c(rhs, 1) }
    obj <- c(1, rep(0, n + m + s))
    p1 <- lp(if (orient == "input") "min" else "max", obj, A, dir, rhs)
    stopifnot(p1$status == 0)
    eff <- p1$objval
    A2 <- rbind(A, c(1, rep(0, n + m + s))); dir2 <- c(dir, "="); rhs2 <- c(rhs, eff)
    p2 <- lp("max", c(0, rep(0, n), rep(1, m + s)), A2, dir2, rhs2)
    stopifnot(p2$status == 0)
    score[o] <- eff; slacksum[o] <- p2$objval
  }
  list(score = score, slacksum = slacksum)
}

sbm <- function(X, Y, B, rts) {
  n <- nrow(X); m <- ncol(X); s <- ncol(Y); sb <- if (is.null(B)) 0 else ncol(B); q <- s + sb
  rho <- numeric(n)
  for (o in 1:n) {
    # variables: t, Lambda (n), S- (m), Sg (s), Sb (sb)
    nc <- 1 + n + m + s + sb
    A <- rbind(c(1, rep(0, n), rep(0, m), 1 / (q * Y[o, ]), if (sb) 1 / (q * B[o, ]) else NULL))
    dir <- "="; rhs <- 1
    for (i in 1:m) { A <- rbind(A, c(-X[o, i], X[, i], diag(m)[i, ], rep(0, s + sb))); dir <- c(dir, "="); rhs <- c(rhs, 0) }
    for (r in 1:s) { A <- rbind(A, c(-Y[o, r], Y[, r], rep(0, m), -diag(s)[r, ], rep(0, sb))); dir <- c(dir, "="); rhs <- c(rhs, 0) }
    if (sb) for (r in 1:sb) { A <- rbind(A, c(-B[o, r], B[, r], rep(0, m + s), diag(sb)[r, ])); dir <- c(dir, "="); rhs <- c(rhs, 0) }
    if (rts == "vrs") { A <- rbind(A, c(-1, rep(1, n), rep(0, m + s + sb))); dir <- c(dir, "="); rhs <- c(rhs, 0) }
    obj <- c(1, rep(0, n), -1 / (m * X[o, ]), rep(0, s + sb))
    p <- lp("min", obj, A, dir, rhs)
    stopifnot(p$status == 0)
    rho[o] <- p$objval
  }
  rho
}

supersbm <- function(X, Y, B, rts) {
  n <- nrow(X); m <- ncol(X); s <- ncol(Y); sb <- if (is.null(B)) 0 else ncol(B); q <- s + sb
  delta <- numeric(n)
  for (o in 1:n) {
    k <- setdiff(1:n, o); nk <- length(k)
    # variables: t, Lambda (others), T- (m), Tg (s), Tb (sb)
    A <- rbind(c(1, rep(0, nk), rep(0, m), -1 / (q * Y[o, ]), if (sb) -1 / (q * B[o, ]) else NULL))
    dir <- "="; rhs <- 1
    for (i in 1:m) { A <- rbind(A, c(-X[o, i], X[k, i], -diag(m)[i, ], rep(0, s + sb))); dir <- c(dir, "<="); rhs <- c(rhs, 0) }
    for (r in 1:s) { A <- rbind(A, c(-Y[o, r], Y[k, r], rep(0, m), diag(s)[r, ], rep(0, sb))); dir <- c(dir, ">="); rhs <- c(rhs, 0) }
    for (r in 1:s) { A <- rbind(A, c(-Y[o, r], rep(0, nk), rep(0, m), diag(s)[r, ], rep(0, sb))); dir <- c(dir, "<="); rhs <- c(rhs, 0) }
    if (sb) for (r in 1:sb) { A <- rbind(A, c(-B[o, r], B[k, r], rep(0, m + s), -diag(sb)[r, ])); dir <- c(dir, "<="); rhs <- c(rhs, 0) }
    if (rts == "vrs") { A <- rbind(A, c(-1, rep(1, nk), rep(0, m + s + sb))); dir <- c(dir, "="); rhs <- c(rhs, 0) }
    obj <- c(1, rep(0, nk), 1 / (m * X[o, ]), rep(0, s + sb))
    p <- lp("min", obj, A, dir, rhs)
    stopifnot(p$status == 0)
    delta[o] <- p$objval
  }
  delta
}

rd <- function(f) read.csv(file.path(dir, f), check.names = FALSE)
out <- list(
  solver = paste("lpSolve", as.character(packageVersion("lpSolve"))),
  R = R.version.string
)

co <- rd("Coelli_1998.csv"); X <- as.matrix(co[, c("input1", "input2")]); Y <- as.matrix(co[, "output", drop = FALSE])
out$coelli <- list(dmus = co$dmus)
for (rts in c("crs", "vrs")) for (or in c("input", "output")) out$coelli[[paste(rts, or, sep = "_")]] <- radial(X, Y, rts, or)

pp <- rd("Power_plants.csv"); X <- as.matrix(pp[, c("X1", "X2", "X3", "X4")]); Y <- as.matrix(pp[, c("Y1", "Y2")])
out$power <- list(dmus = pp$DMU)
for (rts in c("crs", "vrs")) {
  for (or in c("input", "output")) out$power[[paste(rts, or, sep = "_")]] <- radial(X, Y, rts, or)
  out$power[[paste0("sbm_", rts)]] <- sbm(X, Y, NULL, rts)
  out$power[[paste0("supersbm_", rts)]] <- supersbm(X, Y, NULL, rts)
}

t1 <- rd("Tone2001.csv"); X <- as.matrix(t1[, c("Input1", "Input2")]); Y <- as.matrix(t1[, c("Output1", "Output2")])
out$tone2001 <- list(dmus = t1$DMU)
for (rts in c("crs", "vrs")) {
  out$tone2001[[paste0("sbm_", rts)]] <- sbm(X, Y, NULL, rts)
  out$tone2001[[paste0("supersbm_", rts)]] <- supersbm(X, Y, NULL, rts)
}

t3 <- rd("Tone2003.csv"); X <- as.matrix(t3[, "x", drop = FALSE]); Y <- as.matrix(t3[, "yg", drop = FALSE]); B <- as.matrix(t3[, "yb", drop = FALSE])
out$tone2003 <- list(dmus = t3$DMU)
for (rts in c("crs", "vrs")) {
  out$tone2003[[paste0("sbm_", rts)]] <- sbm(X, Y, B, rts)
  out$tone2003[[paste0("supersbm_", rts)]] <- supersbm(X, Y, B, rts)
}

# Malmquist, CCR (constant returns), 1 input 1 output: D^t(x, y) = (y/x) / max over period-t DMUs of (y/x).
gl <- rd("Grifell_Lovell_1999.csv"); yrs <- sort(unique(gl$Year))
D <- function(tech, x, y) { g <- gl[gl$Year == tech, ]; (y / x) / max(g$Y / g$X) }
mq <- list()
for (k in seq_len(length(yrs) - 1)) {
  a <- gl[gl$Year == yrs[k], ]; b <- gl[gl$Year == yrs[k + 1], ]; b <- b[match(a$DMU, b$DMU), ]
  d_aa <- D(yrs[k], a$X, a$Y); d_ab <- D(yrs[k], b$X, b$Y); d_ba <- D(yrs[k + 1], a$X, a$Y); d_bb <- D(yrs[k + 1], b$X, b$Y)
  ec <- d_bb / d_aa; tc <- sqrt((d_ab / d_bb) * (d_aa / d_ba))
  mq[[k]] <- list(from = yrs[k], to = yrs[k + 1], dmus = a$DMU, d_tt = d_aa, d_t_t1 = d_ab, d_t1_t = d_ba, d_t1_t1 = d_bb,
                  ec = ec, tc = tc, mi = ec * tc)
}
out$grifell_lovell <- mq
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "\n")

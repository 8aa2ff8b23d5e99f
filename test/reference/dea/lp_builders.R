# LP builders shared by ddf_lpsolve.R and green_tfp_lpsolve.R (issue 17): the directional distance function (DDF),
# SBM and super-SBM with undesirable outputs, each LP written out in an inequality formulation (independent of
# src/lenses/dea) and solved by lp_solve (R lpSolve). Sourced, not run on its own. The functions call `lp`, which
# is lpSolve::lp unless the sourcing script defines its own `lp` in the global environment before calling them
# (green_tfp_lpsolve.R: lp_solve without scaling).
# Formulation:
#   beta* = max beta  s.t.  X lambda + beta gx <= x_o,  Y lambda - beta gy >= y_o,  B lambda + beta gb = b_o,
#   lambda >= 0 (vrs: sum lambda = 1), beta free = bp - bm (lp_solve variables are >= 0).
#   Directions: proportional g = (x_o, y_o, b_o); outputs g = (0, y_o, b_o).
#   Phase 2 (slack sum): beta fixed, max sum(x_o - beta gx - X lambda) + sum(Y lambda - y_o - beta gy).

# beta* of each row of (X, Y, B) against the reference (RX, RY, RB); NA (with status) when lp_solve says infeasible.
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


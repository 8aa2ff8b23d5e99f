# Independent reference values for the directional distance function (DDF), the Malmquist-Luenberger (ML; Chung,
# Fare & Grosskopf 1997) and the global ML (GML; Oh 2010) indices of the DEA lens (issue 17). Every LP is written
# out here and solved by lp_solve 5.5 (R package lpSolve), not by HiGHS. Run from the repo root:
#   Rscript test/reference/dea/ddf_lpsolve.R ../shared/data/dea > test/reference/dea/ddf_lpsolve.json
# Formulation (written independently of src/lenses/dea/ddf.ts: inequalities, no slack columns in phase 1):
#   beta* = max beta  s.t.  X lambda + beta gx <= x_o,  Y lambda - beta gy >= y_o,  B lambda + beta gb = b_o,
#   lambda >= 0 (vrs: sum lambda = 1), beta free = bp - bm (lp_solve variables are >= 0).
#   Directions: proportional g = (x_o, y_o, b_o); outputs g = (0, y_o, b_o).
#   Phase 2 (slack sum): beta fixed, max sum(x_o - beta gx - X lambda) + sum(Y lambda - y_o - beta gy).
# Super-SBM with the bad output (Tone 2003 form) on pooled frontiers for the same panel.
# The ML/GML panel is generated here (seeded, rounded to 2 decimals) and written into the JSON with the values.
suppressPackageStartupMessages({ library(lpSolve); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "../shared/data/dea"

source("test/reference/dea/lp_builders.R")  # ddf, sbm_ref, supersbm_ref (run from the repo root)

rd <- function(f) read.csv(file.path(dir, f), check.names = FALSE)
out <- list(solver = paste("lpSolve", as.character(packageVersion("lpSolve"))), R = R.version.string)

t3 <- rd("Tone2003.csv"); X <- as.matrix(t3[, "x", drop = FALSE]); Y <- as.matrix(t3[, "yg", drop = FALSE]); B <- as.matrix(t3[, "yb", drop = FALSE])
out$tone2003 <- list(dmus = t3$DMU)
for (rts in c("crs", "vrs")) for (g in c("proportional", "outputs"))
  out$tone2003[[paste(rts, g, sep = "_")]] <- ddf(X, Y, B, X, Y, B, rts, g)

pp <- rd("Power_plants.csv"); X <- as.matrix(pp[, c("X1", "X2", "X3", "X4")]); Y <- as.matrix(pp[, c("Y1", "Y2")])
out$power <- list(dmus = pp$DMU)
for (rts in c("crs", "vrs")) for (g in c("proportional", "outputs"))
  out$power[[paste(rts, g, sep = "_")]] <- ddf(X, Y, NULL, X, Y, NULL, rts, g)

# A synthetic panel: 6 DMUs x 4 periods, inputs x1, x2, good output y, bad output b (seeded, 2 decimals).
set.seed(20261206)
n <- 6; TT <- 4
panel <- do.call(rbind, lapply(1:TT, function(t) data.frame(
  period = t, dmu = paste0("U", 1:n),
  x1 = round(runif(n, 5, 15), 2), x2 = round(runif(n, 2, 8), 2),
  y = round(runif(n, 8, 20) * (1 + 0.08 * (t - 1)), 2), b = round(runif(n, 1, 6) * (1 - 0.05 * (t - 1)), 2))))
out$panel <- list(data = panel)
per <- lapply(1:TT, function(t) panel[panel$period == t, ])
mats <- function(d) list(X = as.matrix(d[, c("x1", "x2")]), Y = as.matrix(d[, "y", drop = FALSE]), B = as.matrix(d[, "b", drop = FALSE]))
pooled <- function(ts) mats(do.call(rbind, per[ts]))
D <- function(tdata, ref, rts, g) { a <- mats(per[[tdata]]); r <- pooled(ref); ddf(a$X, a$Y, a$B, r$X, r$Y, r$B, rts, g, slacks = FALSE) }
frontier <- function(t, kind, w) switch(kind, contemporaneous = t, sequential = 1:t, window = max(1, t - w + 1):t, global = 1:TT)

for (rts in c("crs", "vrs")) for (g in c("proportional", "outputs")) {
  key <- paste(rts, g, sep = "_")
  ml <- list()
  for (kind in c("contemporaneous", "sequential", "window")) {
    steps <- list()
    for (t in 1:(TT - 1)) {
      f0 <- frontier(t, kind, 2); f1 <- frontier(t + 1, kind, 2)
      tt <- D(t, f0, rts, g); tt1 <- D(t + 1, f0, rts, g); t1t <- D(t, f1, rts, g); t1t1 <- D(t + 1, f1, rts, g)
      ec <- (1 + tt$beta) / (1 + t1t1$beta)
      tc <- sqrt(((1 + t1t$beta) / (1 + tt$beta)) * ((1 + t1t1$beta) / (1 + tt1$beta)))
      idx <- sqrt(((1 + tt$beta) / (1 + tt1$beta)) * ((1 + t1t$beta) / (1 + t1t1$beta)))
      steps[[t]] <- list(d_tt = tt$beta, d_t_t1 = tt1$beta, d_t1_t = t1t$beta, d_t1_t1 = t1t1$beta,
                         status = pmax(tt$status, tt1$status, t1t$status, t1t1$status), ec = ec, tc = tc, ml = idx)
    }
    ml[[kind]] <- steps
  }
  gml <- list()
  for (t in 1:(TT - 1)) {
    gt <- D(t, 1:TT, rts, g); gt1 <- D(t + 1, 1:TT, rts, g); tt <- D(t, t, rts, g); t1t1 <- D(t + 1, t + 1, rts, g)
    gml[[t]] <- list(d_g_t = gt$beta, d_g_t1 = gt1$beta, d_tt = tt$beta, d_t1_t1 = t1t1$beta,
                     ec = (1 + tt$beta) / (1 + t1t1$beta),
                     tc = ((1 + gt$beta) / (1 + tt$beta)) / ((1 + gt1$beta) / (1 + t1t1$beta)),
                     gml = (1 + gt$beta) / (1 + gt1$beta))
  }
  # Static DDF of every unit-period against the sequential, window (w = 2) and global frontiers.
  static <- list()
  for (kind in c("contemporaneous", "sequential", "window", "global"))
    static[[kind]] <- unlist(lapply(1:TT, function(t) D(t, frontier(t, kind, 2), rts, g)$beta))
  out$panel[[key]] <- list(ml = ml, gml = gml, static = static)
  if (g == "proportional") {
    # super-SBM with the bad output on every frontier (window w = 2); the DMU's own row of the pool is left out.
    ss <- list()
    for (kind in c("contemporaneous", "sequential", "window", "global"))
      ss[[kind]] <- unlist(lapply(1:TT, function(t) {
        ks <- frontier(t, kind, 2); a <- mats(per[[t]]); r <- pooled(ks)
        self <- (match(t, ks) - 1) * n + 1:n
        supersbm_ref(a$X, a$Y, a$B, r$X, r$Y, r$B, self, rts)
      }))
    out$panel[[key]]$supersbm <- ss
  }
}
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), "\n")

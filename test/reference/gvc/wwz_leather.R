# Independent reference values for nqpf's Wang–Wei–Zhu decomposition (issue 18) on decompr's `leather` table.
# Written from the paper (Wang, Wei & Zhu 2013, NBER w19677, G-country form of eq. (19)/(37), Table E1 names),
# block by block with matrices and solve(); not from nqpf, not from decompr (decompr_crosscheck.R compares).
# Rscript test/reference/gvc/wwz_leather.R   (reads $NQPF_SHARED/data/gvc, default /work/shared; writes wwz_expected.json)
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
rd <- function(f) unname(as.matrix(read.csv(file.path(shared, "data/gvc", f), row.names = 1)))
Z <- rd("leather_intermediate.csv"); Y <- rd("leather_final.csv"); X <- rd("leather_output.csv")[, 1]
G <- 3L; N <- 3L; n <- G * N
blk <- function(s) ((s - 1L) * N + 1L):(s * N)
A <- sweep(Z, 2, X, "/"); I <- diag(n); B <- solve(I - A); V <- (X - colSums(Z)) / X
Ab <- function(s, r) A[blk(s), blk(r), drop = FALSE]
Bb <- function(s, r) B[blk(s), blk(r), drop = FALSE]
Lb <- function(s) solve(diag(N) - Ab(s, s))
Vb <- function(s) V[blk(s)]
Yb <- function(s, r) Y[blk(s), r]
Xb <- function(s) X[blk(s)]
Esr <- function(s, r) rowSums(Z[blk(s), blk(r), drop = FALSE]) + Yb(s, r)            # bilateral gross exports by sector
Es <- function(s) Reduce(`+`, lapply(setdiff(1:G, s), function(r) Esr(s, r)))        # E_s*: all exports of s's sectors
oth <- function(...) setdiff(1:G, c(...))
sumv <- function(idx, f) { out <- numeric(N); for (t in idx) out <- out + f(t); out }
# the 16 terms in decompr's column order; row vector weights (V^s B^ss, V^s L^ss, V^r B^rs, sum_t V^t B^ts) "#" column vectors
terms16 <- c("DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN", "RDV_FIN2",
             "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC")
rows <- list()
for (s in 1:G) for (r in oth(s)) {
  VsBss <- as.vector(Vb(s) %*% Bb(s, s)); VsLss <- as.vector(Vb(s) %*% Lb(s))
  VrBrs <- as.vector(Vb(r) %*% Bb(r, s)); VtBts <- sumv(oth(s, r), function(t) as.vector(Vb(t) %*% Bb(t, s)))
  Asr <- Ab(s, r); Lrr <- Lb(r)
  w <- sapply(list(
    DVA_FIN = VsBss * Yb(s, r),
    DVA_INT = VsLss * (Asr %*% Bb(r, r) %*% Yb(r, r)),
    DVA_INTrexI1 = VsLss * (Asr %*% sumv(oth(s, r), function(t) Bb(r, t) %*% Yb(t, t))),
    DVA_INTrexF = VsLss * (Asr %*% Bb(r, r) %*% sumv(oth(s, r), function(t) Yb(r, t))),
    DVA_INTrexI2 = VsLss * (Asr %*% sumv(oth(s, r), function(t) Bb(r, t) %*% sumv(oth(s, t), function(u) Yb(t, u)))),
    RDV_INT = VsLss * (Asr %*% Bb(r, s) %*% Yb(s, s)),
    RDV_FIN = VsLss * (Asr %*% Bb(r, r) %*% Yb(r, s)),
    RDV_FIN2 = VsLss * (Asr %*% sumv(oth(s, r), function(t) Bb(r, t) %*% Yb(t, s))),
    OVA_FIN = VtBts * Yb(s, r),
    MVA_FIN = VrBrs * Yb(s, r),
    OVA_INT = VtBts * (Asr %*% Lrr %*% Yb(r, r)),
    MVA_INT = VrBrs * (Asr %*% Lrr %*% Yb(r, r)),
    DDC_FIN = VsLss * (Asr %*% Bb(r, s) %*% sumv(oth(s), function(t) Yb(s, t))),
    DDC_INT = (VsBss - VsLss) * (Asr %*% Xb(r)),
    ODC = VtBts * (Asr %*% Lrr %*% Es(r)),
    MDC = VrBrs * (Asr %*% Lrr %*% Es(r))), as.vector)
  stopifnot(identical(colnames(w), terms16))
  e <- Esr(s, r)
  # identity 1: the 16 terms add up to bilateral-sectoral gross exports (WWZ eq. 19)
  stopifnot(max(abs(rowSums(w) - e) / e) < 1e-12)
  # identity 2: final-goods exports = DVA_FIN + OVA_FIN + MVA_FIN; the other 13 terms = intermediate exports A^sr X^r
  stopifnot(max(abs(rowSums(w[, c(1, 9, 10)]) - Yb(s, r)) / Yb(s, r)) < 1e-12)
  stopifnot(max(abs(rowSums(w[, -c(1, 9, 10)]) - Asr %*% Xb(r)) / (Asr %*% Xb(r))) < 1e-12)
  for (i in 1:N) rows[[length(rows) + 1L]] <- list(s = s, r = r, i = i, E = e[i], terms = w[i, ])
}
W <- do.call(rbind, lapply(rows, function(x) x$terms))
sIdx <- sapply(rows, `[[`, "s")
# identity 3: summed over partners and sectors the WWZ terms give KWW (2014)'s nine terms (expected.json, gvc_leather.R):
# T1 = DVA_FIN; T2 = DVA_INT + DVA_INTrexI1; T3 = DVA_INTrexF + DVA_INTrexI2; T4 = RDV_FIN + RDV_FIN2; T5 = RDV_INT;
# T6 = DDC_FIN + DDC_INT; T7 = OVA_FIN + MVA_FIN; T8 = OVA_INT + MVA_INT; T9 = ODC + MDC
map <- list(1, 2:3, 4:5, 7:8, 6, 13:14, 9:10, 11:12, 15:16)
agg <- t(sapply(1:G, function(s) sapply(map, function(m) sum(W[sIdx == s, m]))))
kwwRef <- jsonlite::fromJSON(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "expected.json"))$kwwTerms
print(agg); print(max(abs(agg - kwwRef) / abs(kwwRef)))
stopifnot(max(abs(agg - kwwRef) / abs(kwwRef)) < 1e-12)
num <- function(x) sprintf("%.17g", x)
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
out <- c("{",
  sprintf('  "meta": {"R": "%s", "source": "test/reference/gvc/wwz_leather.R", "data": "data/gvc (decompr leather)", "order": "exporter s, partner r != s, sector i"},', R.version.string),
  sprintf('  "terms": [%s],', paste0('"', terms16, '"', collapse = ", ")),
  '  "rows": [',
  paste0(sapply(rows, function(x) sprintf('    {"s": %d, "r": %d, "i": %d, "E": %s, "w": %s}', x$s, x$r, x$i, num(x$E), vec(x$terms))), collapse = ",\n"),
  '  ],',
  sprintf('  "kwwFromWwz": [%s]', paste(apply(agg, 1, vec), collapse = ", ")),
  "}")
writeLines(out, file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "wwz_expected.json"))

# Independent reference values for nqpf's value-chain lens (issue 18), on decompr's `leather` table.
# Plain matrix algebra with solve(); written from the papers' formulas (Koopman, Wang & Wei 2014,
# eq. 36; Koopman et al. 2010; Antras, Chor, Fally & Hillberry 2012), not from nqpf and not a copy of
# decompr (read for the data layout only: sectors ordered country by country, Y by destination).
# Rscript test/reference/gvc/gvc_leather.R   (reads $NQPF_SHARED/data/gvc, default /work/shared)
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
rd <- function(f) as.matrix(read.csv(file.path(shared, "data/gvc", f), row.names = 1))
Z <- unname(rd("leather_intermediate.csv"))
Y <- unname(rd("leather_final.csv"))
X <- unname(rd("leather_output.csv"))[, 1]
G <- 3L; N <- 3L; n <- G * N
stopifnot(dim(Z) == c(n, n), dim(Y) == c(n, G), length(X) == n)
stopifnot(max(abs(rowSums(Z) + rowSums(Y) - X)) < 1e-9)

blk <- function(s) ((s - 1L) * N + 1L):(s * N)
A <- sweep(Z, 2, X, "/")
I <- diag(n)
B <- solve(I - A)
VA <- X - colSums(Z)
V <- VA / X
# second route for B: Neumann series sum_k A^k until the increment is below 1e-17 (relative)
Bs <- I; P <- I
for (it in 1:5000) { P <- P %*% A; Bs <- Bs + P; if (max(abs(P)) < 1e-17) break }
stopifnot(max(abs(Bs - B) / abs(B)) < 1e-12)
stopifnot(max(abs(B %*% (I - A) - I)) < 1e-12)

# local (domestic) Leontief inverse: L = (I - A_D)^-1, A_D = block-diagonal part of A
AD <- matrix(0, n, n)
for (s in 1:G) AD[blk(s), blk(s)] <- A[blk(s), blk(s)]
L <- solve(I - AD)

# gross exports of each sector: E_s* = sum_{r != s} (Z_sr 1 + Y_sr)
E <- numeric(n)
for (s in 1:G) for (r in 1:G) if (r != s) E[blk(s)] <- E[blk(s)] + rowSums(Z[blk(s), blk(r), drop = FALSE]) + Y[blk(s), r]

Vb <- function(s) V[blk(s)]
Bb <- function(s, r) B[blk(s), blk(r)]
Ab <- function(s, r) A[blk(s), blk(r)]
Lb <- function(s) L[blk(s), blk(s)]
Yb <- function(s, r) Y[blk(s), r]
Eb <- function(s) E[blk(s)]
others <- function(s) setdiff(1:G, s)

# KWW (2014) eq. 36, term by term (every term written out, none as a residual)
terms <- matrix(0, G, 9, dimnames = list(NULL, c("DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN", "FVA_INT", "FDC")))
for (s in 1:G) {
  t <- numeric(9)
  for (r in others(s)) {
    t[1] <- t[1] + sum(Vb(s) * (Bb(s, s) %*% Yb(s, r)))
    t[2] <- t[2] + sum(Vb(s) * (Bb(s, r) %*% Yb(r, r)))
    for (u in setdiff(1:G, c(s, r))) t[3] <- t[3] + sum(Vb(s) * (Bb(s, r) %*% Yb(r, u)))
    t[4] <- t[4] + sum(Vb(s) * (Bb(s, r) %*% Yb(r, s)))
    t[5] <- t[5] + sum(Vb(s) * (Bb(s, r) %*% Ab(r, s) %*% Lb(s) %*% Yb(s, s)))
    t[6] <- t[6] + sum(Vb(s) * (Bb(s, r) %*% Ab(r, s) %*% Lb(s) %*% Eb(s)))
    for (u in others(s)) {
      t[7] <- t[7] + sum(Vb(u) * (Bb(u, s) %*% Yb(s, r)))
      t[8] <- t[8] + sum(Vb(u) * (Bb(u, s) %*% Ab(s, r) %*% Lb(r) %*% Yb(r, r)))
      t[9] <- t[9] + sum(Vb(u) * (Bb(u, s) %*% Ab(s, r) %*% Lb(r) %*% Eb(r)))
    }
  }
  terms[s, ] <- t
}
Ec <- sapply(1:G, function(s) sum(Eb(s)))
stopifnot(max(abs(rowSums(terms) - Ec) / Ec) < 1e-12)

# value-added exports (VAX, Johnson-Noguera): V_s sum_{r != s} (B Y)_{s, r}; must equal T1 + T2 + T3
BY <- B %*% Y
vax <- sapply(1:G, function(s) sum(sapply(others(s), function(r) sum(Vb(s) * BY[blk(s), r]))))
stopifnot(max(abs(vax - rowSums(terms[, 1:3])) / vax) < 1e-12)

# Koopman et al. (2010): IV = DVA in intermediates re-exported to third countries (term 3),
# FV = foreign value added in gross exports (terms 7 + 8 + 9 = sum_{t != s} V_t B_ts E_s)
IV <- terms[, 3]
FV <- rowSums(terms[, 7:9])
FV2 <- sapply(1:G, function(s) sum(sapply(others(s), function(u) sum(Vb(u) * (Bb(u, s) %*% Eb(s))))))
stopifnot(max(abs(FV - FV2) / FV) < 1e-12)
participation <- IV / Ec + FV / Ec
position <- log(1 + IV / Ec) - log(1 + FV / Ec)

# Upstreamness (Antras et al. 2012): U = (I - Delta)^-1 1, Delta_ij = Z_ij / X_i (no inventory adjustment;
# with net inventories N_i: Delta_ij = Z_ij / (X_i - N_i)); here also the variant with the last... none given.
Delta <- Z / X
U <- solve(I - Delta, rep(1, n))
# the equivalent series form: U = 1 + Delta 1 + Delta^2 1 + ...  (Antras et al. eq. 3: F/Y weighted)
Us <- rep(1, n); p <- rep(1, n)
for (it in 1:5000) { p <- Delta %*% p; Us <- Us + p; if (max(abs(p)) < 1e-17) break }
stopifnot(max(abs(Us - U) / U) < 1e-12)
# with an illustrative inventory vector (for the test of the adjustment): N_i = 0.1 * Y_i,own country
inv <- sapply(1:n, function(i) 0.1 * Y[i, (i - 1L) %/% N + 1L])
Uinv <- solve(I - Z / (X - inv), rep(1, n))
# Downstreamness as total backward linkage 1'(I - A)^-1 (Miller & Temurshoev 2017; Antras & Chor 2018)
D <- colSums(B)

# decompr's published test values (tests/testthat/test_leontief.R, printed to 7 digits):
# VB diag(E) [1,1] = 28.52278, [9,9] = 34.74381; VB diag(X) [1,1] = 66.75361799, [9,9] = 96.78316785;
# VBY [1,1] = 24.3345824, [7,2] = 23.6841309
VBE <- (V * B) %*% diag(E)
VBX <- (V * B) %*% diag(X)
VBY <- (V * B) %*% Y
pub <- list(VBE_1_1 = 28.52278, VBE_9_9 = 34.74381, VBX_1_1 = 66.75361799, VBX_9_9 = 96.78316785, VBY_1_1 = 24.3345824, VBY_7_2 = 23.6841309)
mine <- c(VBE[1, 1], VBE[9, 9], VBX[1, 1], VBX[9, 9], VBY[1, 1], VBY[7, 2])
print(cbind(published = unlist(pub), here = mine))
stopifnot(max(abs(unlist(pub) - mine) / abs(mine)) < 1e-6)

num <- function(x) sprintf("%.17g", x)
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(m, 1, vec), collapse = ",\n    "), "]")
out <- c("{",
  sprintf('  "meta": {"R": "%s", "source": "test/reference/gvc/gvc_leather.R", "data": "data/gvc (decompr leather)"},', R.version.string),
  sprintf('  "countries": ["Argentina", "Turkey", "Germany"],'),
  sprintf('  "A": %s,', mat(A)),
  sprintf('  "B": %s,', mat(B)),
  sprintf('  "L": %s,', mat(L)),
  sprintf('  "V": %s,', vec(V)),
  sprintf('  "VA": %s,', vec(VA)),
  sprintf('  "E": %s,', vec(E)),
  sprintf('  "exports": %s,', vec(Ec)),
  sprintf('  "kwwTerms": %s,', mat(terms)),
  sprintf('  "vax": %s,', vec(vax)),
  sprintf('  "IV": %s,', vec(IV)),
  sprintf('  "FV": %s,', vec(FV)),
  sprintf('  "participation": %s,', vec(participation)),
  sprintf('  "position": %s,', vec(position)),
  sprintf('  "upstreamness": %s,', vec(U)),
  sprintf('  "inventories": %s,', vec(inv)),
  sprintf('  "upstreamnessInventories": %s,', vec(Uinv)),
  sprintf('  "downstreamness": %s,', vec(D)),
  sprintf('  "VBE": %s,', mat(VBE)),
  sprintf('  "VBY": %s,', mat(VBY)),
  sprintf('  "decomprPublished": {%s}', paste(sprintf('"%s": %s', names(pub), num(unlist(pub))), collapse = ", ")),
  "}")
writeLines(out, file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "expected.json"))
print(terms); print(rbind(IV, FV, participation, position)); print(U)

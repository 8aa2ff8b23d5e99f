# Reference values for nqpf's per-observation effects (src/lenses/spatial/unit-effects.ts, issue 16):
# S_r = (I − ρW)⁻¹(β_r I + θ_r W) formed densely by solve(); its diagonal (direct), row sums (total to a unit)
# and column sums (total from a unit). ρ, β, θ are the SDM estimates already in expected.json (Columbus,
# spatialreg) and cigar_panel.json (Cigar, two-way FE, uncorrected). Nothing from nqpf. Output: unit_effects.json.
suppressPackageStartupMessages({ library(spdep); library(jsonlite) })
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
d <- read.csv(file.path(shared, "data/columbus/columbus.csv"))
Wcol <- listw2mat(nb2listw(read.gal(file.path(shared, "data/columbus/columbus_contiguity.gal"), region.id = as.character(d$id)), style = "W"))
pairs <- read.csv(file.path(here, "cigar_contiguity.csv"))
codes <- sort(unique(read.csv(file.path(shared, "data/panel/cigar.csv"))$state))
A <- matrix(0, length(codes), length(codes))
A[cbind(match(pairs$from, codes), match(pairs$to, codes))] <- 1
A <- A + t(A)
Wcig <- A / rowSums(A)
effects <- function(W, rho, b, th) {
  Ai <- solve(diag(nrow(W)) - rho * W)
  lapply(seq_along(b), function(r) {
    S <- Ai %*% (b[r] * diag(nrow(W)) + th[r] * W)
    list(direct = diag(S), total_to = rowSums(S), total_from = colSums(S))
  })
}
col <- fromJSON(file.path(here, "expected.json"))$sdm
cig <- fromJSON(file.path(here, "cigar_panel.json"))$twoways$sdm
out <- list(
  columbus = list(rho = col$rho, names = c("INC", "HOVAL"),
    effects = effects(Wcol, col$rho, c(col$coef$INC, col$coef$HOVAL), c(col$coef$lag.INC, col$coef$lag.HOVAL))),
  cigar = list(rho = cig$rho, names = c("lp", "lndi"),
    effects = effects(Wcig, cig$rho, c(cig$coef$lp, cig$coef$lndi), c(cig$coef$lag.lp, cig$coef$lag.lndi))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), file.path(here, "unit_effects.json"))
cat("written\n")

# Reference values for nqpf's approximate log-determinants (src/lenses/spatial/logdet.ts, issue 16).
# Independent algorithm: R spatialreg's Chebyshev log-determinant (cheb_setup: traces of T_j(W) by sparse
# matrix recurrences; do_ldet), and the exact ln|I − ρW| = Σ ln(1 − ρω) from eigenw(). Nothing from nqpf.
# Weights: Columbus contiguity (shared data, read in place) and the Cigar state contiguity of
# cigar_contiguity.csv beside this script, both row-standardised. Output: logdet.json.
suppressPackageStartupMessages({ library(spdep); library(spatialreg); library(jsonlite) })
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
d <- read.csv(file.path(shared, "data/columbus/columbus.csv"))
lw_col <- nb2listw(read.gal(file.path(shared, "data/columbus/columbus_contiguity.gal"), region.id = as.character(d$id)), style = "W")
pairs <- read.csv(file.path(here, "cigar_contiguity.csv"))
codes <- sort(unique(read.csv(file.path(shared, "data/panel/cigar.csv"))$state))
A <- matrix(0, length(codes), length(codes))
A[cbind(match(pairs$from, codes), match(pairs$to, codes))] <- 1
A <- A + t(A)
lw_cig <- mat2listw(A, style = "W")
rho <- c(-0.9, -0.5, -0.2, 0, 0.2, 0.5, 0.7, 0.9)
one <- function(lw, q) {
  env <- new.env()
  assign("listw", lw, envir = env); assign("n", length(lw$neighbours), envir = env); assign("family", "SAR", envir = env)
  assign("similar", FALSE, envir = env); assign("can.sim", FALSE, envir = env); assign("verbose", FALSE, envir = env)
  cheb_setup(env, q = q)
  list(q = q, trT = as.vector(get("trT", envir = env)), logdet = sapply(rho, function(r) do_ldet(r, env)))
}
ref <- function(lw) {
  ev <- Re(eigenw(lw))
  list(n = length(ev), exact = sapply(rho, function(r) sum(log(1 - r * ev))), cheb5 = one(lw, 5), cheb10 = one(lw, 10))
}
out <- list(meta = list(R = R.version.string, spatialreg = as.character(packageVersion("spatialreg"))), rho = rho,
  columbus = ref(lw_col), cigar = ref(lw_cig))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "logdet.json"))
cat("written\n")

# Reference spatial weights (issue 16, analyses.weights) on the Columbus neighbourhood centroids (X, Y) and
# household income INC of $NQPF_SHARED/data/columbus/columbus.csv (read in place). Independent algorithm: R spdep
# (knearneigh/knn2nb, dnearneigh, nbdists, nb2listw, mat2listw, listw2mat) and base R matrix arithmetic for the
# economic and nested matrices. Nothing here comes from nqpf. Output: weights.json next to this script, each matrix
# as its non-zero cells row by row (i, j 1-based in the file's row order; w printed with sprintf("%.17g")).
# Plus one fit through the weights: spatialreg lagsarlm (method "eigen", tol.opt 1e-12) of CRIME ~ INC + HOVAL with
# the nested (product) weights, for the end-to-end test of a run that builds them from the spec.
suppressPackageStartupMessages({ library(spdep); library(spatialreg) })
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
d <- read.csv(file.path(shared, "data/columbus/columbus.csv"))
xy <- cbind(d$X, d$Y)
n <- nrow(d)
x <- d$INC
cutoff <- 6
power <- 2
phi <- 0.7

# k nearest neighbours (k = 4; Euclidean), row-standardised and binary
knn <- knn2nb(knearneigh(xy, k = 4))
# inverse distance within the cut-off: dnearneigh band, nbdists distances, glist 1/d^power
band <- dnearneigh(xy, 0, cutoff)
stopifnot(all(card(band) > 0))
dist <- nbdists(band, xy)
idw <- nb2listw(band, glist = lapply(dist, function(v) 1 / v^power), style = "W")
# inverse distance, every pair (band beyond the largest distance), power 1
all_nb <- dnearneigh(xy, 0, 1 + max(as.matrix(stats::dist(xy))))
idw1 <- nb2listw(all_nb, glist = lapply(nbdists(all_nb, xy), function(v) 1 / v), style = "W")
# economic distance 1/|x_i − x_j|
E <- 1 / abs(outer(x, x, "-"))
diag(E) <- 0
# geographic part of the nested weights: 1/d^power within the cut-off (from nbdists), dense
G <- matrix(0, n, n)
for (i in seq_len(n)) G[i, band[[i]]] <- 1 / dist[[i]]^power
rs <- function(M) M / rowSums(M)
nested <- list(
  product = G * E,
  scaled = G %*% diag(x / mean(x)),
  weighted = phi * rs(G) + (1 - phi) * rs(E)
)
mats <- list(
  knn4_W = listw2mat(nb2listw(knn, style = "W")),
  knn4_B = listw2mat(nb2listw(knn, style = "B")),
  idw_cut6_p2_W = listw2mat(idw),
  band_cut6_B = listw2mat(nb2listw(band, style = "B")),
  idw_p1_W = listw2mat(idw1),
  economic_W = listw2mat(mat2listw(E, style = "W")),
  nested_product_W = listw2mat(mat2listw(nested$product, style = "W")),
  nested_scaled_W = listw2mat(mat2listw(nested$scaled, style = "W")),
  nested_weighted_W = listw2mat(mat2listw(nested$weighted, style = "W"))
)
# checks before writing: row sums, symmetry of the product form, the weighted form's rows already sum to 1
for (nm in grep("_W$", names(mats), value = TRUE)) stopifnot(max(abs(rowSums(mats[[nm]]) - 1)) < 1e-12)
stopifnot(max(abs(nested$product - t(nested$product))) < 1e-15)
stopifnot(max(abs(rowSums(nested$weighted) - 1)) < 1e-12)

# SAR with the nested (product) weights (spatialreg's Brent search on ρ at tol.opt 1e-12)
lw <- mat2listw(nested$product, style = "W")
sar <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, method = "eigen", control = list(tol.opt = 1e-12))

num <- function(v) sprintf("%.17g", v)
enc <- function(M) {
  nz <- which(t(M) != 0, arr.ind = TRUE) # row-major: column of t() is the row of M
  i <- nz[, 2]; j <- nz[, 1]
  o <- order(i, j)
  paste0('{"i": [', paste(i[o], collapse = ", "), '], "j": [', paste(j[o], collapse = ", "), '], "w": [',
         paste(num(M[cbind(i[o], j[o])]), collapse = ", "), "]}")
}
out <- c(
  "{",
  paste0('  "meta": {"R": "', R.version.string, '", "spdep": "', packageVersion("spdep"), '", "spatialreg": "', packageVersion("spatialreg"),
         '", "cutoff": ', cutoff, ', "power": ', power, ', "phi": ', phi, ', "k": 4, "coordinates": "X, Y", "economic": "INC"},'),
  paste0('  "ids": [', paste(d$id, collapse = ", "), "],"),
  paste0('  "sar_nested_product": {"rho": ', num(sar$rho), ', "coef": {"(Intercept)": ', num(coef(sar)[2]), ', "INC": ', num(coef(sar)[3]),
         ', "HOVAL": ', num(coef(sar)[4]), '}, "logLik": ', num(as.numeric(logLik(sar))), ', "sigma2": ', num(sar$s2), "},"),
  paste0('  "matrices": {'),
  paste0('    "', names(mats), '": ', vapply(mats, enc, ""), c(rep(",", length(mats) - 1), "")),
  "  }",
  "}"
)
writeLines(out, file.path(here, "weights.json"))
cat("wrote weights.json; SAR nested rho", num(sar$rho), "\n")

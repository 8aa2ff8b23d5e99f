# R side of `npm run bench -- spatial` (bench/spatial.ts): the cross-section SDM on a 56 × 50 jittered grid
# (2,800 units), 6 nearest neighbours made symmetric (spatialreg's Chebyshev needs a symmetric structure),
# row-standardised; y from an SDM with ρ = 0.4. Timed: lagsarlm(Durbin = TRUE, method = "Chebyshev") with SEs by
# optimHess (n > 1,500: numerical Hessian; the default fdHess gave a non-positive-definite covariance on this design and
# impacts() stopped) + impacts() with Monte Carlo traces (trW type = "MC") and R = 1,000 simulations; the same with
# method = "LU". Median of 5 runs. Run: Rscript bench/spatial.R
# Measured 2026-12-06 (load average 12–20 on 2 cores): Chebyshev median 3,888 ms (min 2,276); LU median 16,477 ms (min 11,636).
suppressPackageStartupMessages({ library(spdep); library(spatialreg); library(Matrix) })
set.seed(20240601)
nx <- 56; ny <- 50; n <- nx * ny
g <- expand.grid(b = 0:(nx - 1), a = 0:(ny - 1))
xy <- cbind(g$b + 0.3 * (runif(n) - 0.5), g$a + 0.3 * (runif(n) - 0.5))
lw <- nb2listw(make.sym.nb(knn2nb(knearneigh(xy, k = 6))), style = "W")
W <- as(lw, "CsparseMatrix")
x1 <- rnorm(n); x2 <- rnorm(n)
y <- as.vector(solve(Diagonal(n) - 0.4 * W, x1 - 0.5 * x2 + 0.3 * as.vector(W %*% x1) + 0.2 * as.vector(W %*% x2) + rnorm(n)))
d <- data.frame(y, x1, x2)
run <- function(method) {
  t0 <- proc.time()[["elapsed"]]
  f <- lagsarlm(y ~ x1 + x2, data = d, listw = lw, Durbin = TRUE, method = method, control = list(optimHess = TRUE))
  tr <- trW(W, type = "MC")
  im <- summary(impacts(f, tr = tr, R = 1000), zstats = TRUE)
  proc.time()[["elapsed"]] - t0
}
for (m in c("Chebyshev", "LU")) {
  ts <- sapply(1:5, function(i) run(m))
  cat(sprintf("R spatialreg cross-section SDM, %d units, %s + impacts(R = 1000): median %.0f ms, min %.0f ms\n", n, m, 1000 * median(ts), 1000 * min(ts)))
}

# Reference values for nqpf's spatial ML with many units (src/lenses/spatial/large.ts, issue 16).
# Synthetic problem, generated here (set.seed(16)): n = 2,000 points uniform in the unit square, k = 6 nearest
# neighbours made symmetric (spdep knearneigh/knn2nb/make.sym.nb; Chebyshev in spatialreg needs a symmetric
# neighbour structure), row-standardised. x1, x2 ~ N(0, 1), y from the SDM
# y = (I − 0.5W)⁻¹(1 + x1 − 0.5 x2 + 0.3 Wx1 + 0.2 Wx2 + ε), ε ~ N(0, 1).
# Written beside this script: large_edges.csv (from, to; 1-based unit numbers, each directed link),
# large_data.csv (y, x1, x2, full precision) and large.json (spatialreg fits):
# - lagsarlm SDM and SAR, errorsarlm SEM with method = "Chebyshev" (q = 5) and "LU" (exact sparse LU), and the
#   SDM with "MC" (its own random vectors; compared only within a tolerance); n > 1,500, so spatialreg's SEs
#   are its numerical Hessian (fdHess) of the log-likelihood: no eigenvalues anywhere.
# - the optimum of each Chebyshev fit refined independently: the root of the score of the concentrated
#   log-likelihood (do_ldet's derivative by central differences of step 1e-6, lm.fit SSE), uniroot(tol = 1e-14).
# - impacts: exact (dense (I − ρW)⁻¹, impacts(listw = )) for the SDM and SAR at the LU estimates and at the
#   Chebyshev estimates; the exact power traces tr W^k, k = 1..30 (trW(type = "mult")).
# Nothing here comes from nqpf. Numbers with digits = NA (17 significant digits).
suppressPackageStartupMessages({ library(spdep); library(spatialreg); library(jsonlite); library(Matrix) })
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
set.seed(16)
n <- 2000
xy <- cbind(runif(n), runif(n))
nb <- make.sym.nb(knn2nb(knearneigh(xy, k = 6)))
lw <- nb2listw(nb, style = "W")
W <- as(lw, "CsparseMatrix")
x1 <- rnorm(n); x2 <- rnorm(n); eps <- rnorm(n)
rhs <- 1 + x1 - 0.5 * x2 + 0.3 * as.vector(W %*% x1) + 0.2 * as.vector(W %*% x2) + eps
y <- as.vector(solve(Diagonal(n) - 0.5 * W, rhs))
d <- data.frame(y = y, x1 = x1, x2 = x2)
edges <- do.call(rbind, lapply(seq_len(n), function(i) cbind(i, nb[[i]])))
write.csv(data.frame(from = edges[, 1], to = edges[, 2]), file.path(here, "large_edges.csv"), row.names = FALSE)
write.csv(data.frame(y = sprintf("%.17g", y), x1 = sprintf("%.17g", x1), x2 = sprintf("%.17g", x2)), file.path(here, "large_data.csv"), row.names = FALSE, quote = FALSE)
d <- read.csv(file.path(here, "large_data.csv"))

fit_out <- function(f, secs) {
  b <- coef(f)
  sp <- if (!is.null(f$rho)) "rho" else "lambda"
  list(param = unname(b[sp]), param_se = unname(if (sp == "rho") f$rho.se else f$lambda.se),
    coef = as.list(f$coefficients), se = as.list(f$rest.se), sigma2 = f$s2, logLik = as.numeric(logLik(f)), seconds = secs)
}
timed <- function(expr) { t0 <- proc.time()[["elapsed"]]; v <- expr; list(v = v, s = proc.time()[["elapsed"]] - t0) }
fits <- list()
for (m in c("Chebyshev", "LU")) {
  a <- timed(lagsarlm(y ~ x1 + x2, data = d, listw = lw, Durbin = TRUE, method = m)); fits[[paste0("sdm_", m)]] <- a
  a <- timed(lagsarlm(y ~ x1 + x2, data = d, listw = lw, method = m)); fits[[paste0("sar_", m)]] <- a
  a <- timed(errorsarlm(y ~ x1 + x2, data = d, listw = lw, method = m)); fits[[paste0("sem_", m)]] <- a
}
fits[["sdm_MC"]] <- timed(lagsarlm(y ~ x1 + x2, data = d, listw = lw, Durbin = TRUE, method = "MC"))
out <- list(meta = list(R = R.version.string, spatialreg = as.character(packageVersion("spatialreg")), n = n, links = nrow(edges)))
for (nm in names(fits)) out[[nm]] <- fit_out(fits[[nm]]$v, fits[[nm]]$s)

# Score roots of the Chebyshev concentrated likelihood (independent of spatialreg's optimiser).
env <- new.env()
assign("listw", lw, envir = env); assign("n", n, envir = env); assign("family", "SAR", envir = env)
assign("similar", FALSE, envir = env); assign("can.sim", TRUE, envir = env); assign("verbose", FALSE, envir = env)
cheb_setup(env, q = 5)
ld <- function(r) do_ldet(r, env)
ld1 <- function(r) (ld(r + 1e-6) - ld(r - 1e-6)) / 2e-6
X <- cbind(1, d$x1, d$x2); WX <- cbind(as.vector(W %*% d$x1), as.vector(W %*% d$x2)); Wy <- as.vector(W %*% d$y)
lagroot <- function(Z) {
  e0 <- lm.fit(Z, d$y)$residuals; eL <- lm.fit(Z, Wy)$residuals
  sc <- function(r) ld1(r) - 0.5 * n * (-2 * sum(e0 * eL) + 2 * r * sum(eL^2)) / sum((e0 - r * eL)^2)
  uniroot(sc, c(0.05, 0.95), tol = 1e-14)$root
}
out$roots <- list(sdm = lagroot(cbind(X, WX)), sar = lagroot(X))

# Impacts: exact from the dense inverse, and the exact power traces.
imp <- function(f) { i <- impacts(f, listw = lw); list(direct = i$direct, indirect = i$indirect, total = i$total) }
out$impacts <- list(sdm_LU = imp(fits$sdm_LU$v), sdm_Chebyshev = imp(fits$sdm_Chebyshev$v), sar_LU = imp(fits$sar_LU$v), sar_Chebyshev = imp(fits$sar_Chebyshev$v))
out$traces <- as.vector(trW(W, m = 30, type = "mult"))
# Exact ln|I − ρW| by sparse LU at a few ρ (for the approximation-error statement).
rhos <- c(-0.5, 0, 0.3, 0.5, 0.7, 0.9)
out$logdet <- list(rho = rhos, LU = sapply(rhos, function(r) as.numeric(determinant(Diagonal(n) - r * W, logarithm = TRUE)$modulus)), Chebyshev = sapply(rhos, ld))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "large.json"))
cat("written\n")

# Reference for nqpf's SAC with a sparse log-determinant (fitSacSparse in src/lenses/spatial/large.ts, issue 16), on the
# synthetic 2,000-unit problem of large.R (large_data.csv, large_edges.csv: 6 nearest neighbours made symmetric,
# row-standardised). R spatialreg 1.2-6 sacsarlm(y ~ x1 + x2, method = "Chebyshev") (order q = 5), and:
# - root: the maximum of spatialreg's own Chebyshev likelihood located independently by nested score roots (inner: the
#   λ-score of the SEM of (I − ρW)y; outer: the ρ-score at λ̂(ρ) by the envelope theorem), ln|I − ρW| from do_ldet and its
#   derivative by central differences (step 1e-6), uniroot(tol = 1e-14);
# - at the root: β by lm.fit of (I − λW)(I − ρW)y on (I − λW)X, σ² = SSE/n, the log-likelihood, and the covariance as the
#   inverse of minus optimHess (finite differences, ndeps 1e-4) of the full log-likelihood ℓ(β, ρ, λ, σ²) written here;
# - the default sacsarlm fit (nlminb; SEs from its numerical Hessian for n > 1,500), compared within tolerances;
# - impacts at the root: impacts(listw = ) (dense inverse; SAC effects are SAR's with ρ).
# Nothing here comes from nqpf. Usage: Rscript test/reference/spatial/sac_large.R  (about 2 minutes)
suppressPackageStartupMessages({ library(spdep); library(spatialreg); library(jsonlite) })
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
d <- read.csv(file.path(here, "large_data.csv"))
e <- read.csv(file.path(here, "large_edges.csv"))
n <- nrow(d)
nb <- lapply(seq_len(n), function(i) sort(as.integer(e$to[e$from == i])))
class(nb) <- "nb"
attr(nb, "region.id") <- as.character(seq_len(n))
lw <- nb2listw(nb, style = "W")
t0 <- proc.time()[["elapsed"]]
sac0 <- sacsarlm(y ~ x1 + x2, data = d, listw = lw, method = "Chebyshev")
secs <- proc.time()[["elapsed"]] - t0

env <- new.env()
assign("listw", lw, envir = env); assign("n", n, envir = env); assign("family", "SAR", envir = env)
assign("similar", FALSE, envir = env); assign("can.sim", TRUE, envir = env); assign("verbose", FALSE, envir = env)
cheb_setup(env, q = 5)
ld <- function(r) do_ldet(r, env)
ld1 <- function(r) (ld(r + 1e-6) - ld(r - 1e-6)) / 2e-6
y <- d$y; X <- cbind(1, d$x1, d$x2)
lag <- function(v) lag.listw(lw, v)
Wy <- lag(y); WWy <- lag(Wy); WX <- apply(X, 2, lag)
sac_lambda <- function(r) {
  Ay <- y - r * Wy; WAy <- Wy - r * WWy
  g <- function(l) {
    fit <- lm.fit(X - l * WX, Ay - l * WAy)
    u <- fit$residuals
    ld1(l) + n * sum(u * (WAy - WX %*% fit$coefficients)) / sum(u^2)
  }
  uniroot(g, c(sac0$lambda - 0.3, sac0$lambda + 0.3), tol = 1e-14)$root
}
sac_rho_score <- function(r) {
  l <- sac_lambda(r)
  Ay <- y - r * Wy
  fit <- lm.fit(X - l * WX, Ay - l * (Wy - r * WWy))
  u <- fit$residuals
  ld1(r) + n * sum(u * (Wy - l * WWy)) / sum(u^2)
}
rho <- uniroot(sac_rho_score, c(sac0$rho - 0.1, sac0$rho + 0.1), tol = 1e-14)$root
lambda <- sac_lambda(rho)
fit <- lm.fit(X - lambda * WX, (y - rho * Wy) - lambda * (Wy - rho * WWy))
beta <- fit$coefficients
s2 <- sum(fit$residuals^2) / n
loglik <- ld(rho) + ld(lambda) - 0.5 * n * (log(2 * pi) + 1 + log(s2))
full <- function(p) {
  b <- p[1:3]; r <- p[4]; l <- p[5]; s <- p[6]
  u <- y - r * Wy - X %*% b
  ee <- u - l * lag(as.vector(u))
  ld(r) + ld(l) - 0.5 * n * log(2 * pi * s) - sum(ee^2) / (2 * s)
}
p0 <- c(beta, rho, lambda, s2)
stopifnot(abs(full(p0) - loglik) < 1e-8)
H <- optimHess(p0, full, control = list(fnscale = -1, ndeps = 1e-4 * pmax(abs(p0), 1e-2)))
V <- solve(-H)
agree <- function(a, b, what, tol) { r <- max(abs(a - b) / pmax(abs(b), 1e-300)); cat(sprintf("%s: %.3g\n", what, r)); stopifnot(r < tol) }
agree(c(sac0$rho, sac0$lambda), c(rho, lambda), "default sacsarlm vs score root", 1e-3)
agree(unname(sac0$coefficients), unname(beta), "default sacsarlm β vs root", 1e-3)
sac1 <- sacsarlm(y ~ x1 + x2, data = d, listw = lw, method = "Chebyshev",
  control = list(pars = c(rho, lambda), opt_control = list(rel.tol = 1e-15, x.tol = 1e-15, xf.tol = 1e-15)))
agree(c(sac1$rho, sac1$lambda), c(rho, lambda), "sacsarlm restarted at the root", 1e-6)
imp <- impacts(sac1, listw = lw)
num <- function(x) unname(as.numeric(x))
out <- list(
  meta = list(R = R.version.string, spatialreg = as.character(packageVersion("spatialreg")), n = n, order = 5),
  root = list(rho = rho, lambda = lambda, coef = num(beta), sigma2 = s2, logLik = loglik,
              se = num(sqrt(diag(V))[1:3]), rho_se = sqrt(V[4, 4]), lambda_se = sqrt(V[5, 5])),
  restarted = list(rho = sac1$rho, lambda = sac1$lambda, coef = num(sac1$coefficients), logLik = as.numeric(logLik(sac1)),
                   se = num(sac1$rest.se), rho_se = sac1$rho.se, lambda_se = sac1$lambda.se),
  default = list(rho = sac0$rho, lambda = sac0$lambda, coef = num(sac0$coefficients), seconds = secs,
                 se = num(sac0$rest.se), rho_se = sac0$rho.se, lambda_se = sac0$lambda.se),
  impacts = list(names = c("x1", "x2"), direct = num(imp$direct), indirect = num(imp$indirect), total = num(imp$total))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "sac_large.json"))
cat("written\n")

# Reference values for nqpf's random-effects spatial panels (issue 16) and the Hausman test FE vs RE, Cigar panel.
# splm is not packaged for this Debian, so the model is written out here from its likelihood (Elhorst 2014, §3.4;
# Baltagi, Song & Koh 2003 without the spatial error; Elhorst 2003): random unit effects μ_i ~ N(0, σ_μ²), no period
# effects, an intercept,
#   y_t = ρ W y_t + α + X_t β [+ W X_t θ] + μ + ε_t,   ε ~ N(0, σ² I),
#   ℓ = −(nT/2) ln(2πσ²) + n ln φ + T ln|I − ρW| − u′(E + φ² J̄)u / (2σ²),
# u = (I_T ⊗ (I − ρW)) y − Xβ, J̄ = (ι_T ι_T′/T) ⊗ I_n (unit means), E = I − J̄, φ² = σ²/(Tσ_μ² + σ²).
# Nothing here comes from nqpf. Steps:
#  (1) maximise the concentrated ℓ(ρ, φ) (β, σ² profiled out by OLS of the φ-transformed data y − (1 − φ)ȳ_i)
#      by nested optimize() (outer ρ, inner φ ∈ (0, 1], tol 1e-12), ln|I − ρW| by determinant();
#  (2) Newton steps on the full parameter vector (β, ρ, σ², φ) with the analytic score and Hessian written below
#      until the score is below 1e-10 relative (the precise maximum);
#  (3) check ℓ at the maximum against the dense multivariate normal density of (I_T ⊗ (I − ρW))y with covariance
#      σ_μ²(ι_T ι_T′ ⊗ I_n) + σ² I_nT (Cholesky) plus T ln|I − ρW| — asserted to 1e-10 relative;
#  (4) covariance = inverse of minus the analytic Hessian (observed information); checked against optimHess()'s
#      finite differences (steps 1e-5 relative; asserted to 1e-4 of the largest entry);
#  (5) Hausman: d = (β, θ, ρ)_FE − (β, θ, ρ)_RE (no intercept), H = d′(V_FE − V_RE)⁻¹d on length(d) df, the FE
#      fit and covariance being unit-effects ML of cigar_panel.json (spatialreg, tested against nqpf there).
# Data: $NQPF_SHARED/data/panel/cigar.csv (read in place), ly ~ lp + lndi as in cigar_panel.R; W: cigar_contiguity.csv.
suppressPackageStartupMessages({ library(jsonlite) })
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
cig <- read.csv(file.path(shared, "data/panel/cigar.csv"))
codes <- sort(unique(cig$state)); years <- sort(unique(cig$year))
n <- length(codes); TT <- length(years); N <- n * TT
cig <- cig[order(cig$year, cig$state), ] # period-major
ly <- log(cig$sales); lp <- log(cig$price / cig$cpi); lndi <- log(cig$ndi / cig$cpi)
pr <- read.csv(file.path(here, "cigar_contiguity.csv"))
W <- matrix(0, n, n)
W[cbind(match(pr$from, codes), match(pr$to, codes))] <- 1
W[cbind(match(pr$to, codes), match(pr$from, codes))] <- 1
W <- W / rowSums(W)
lagW <- function(v) as.vector(W %*% matrix(v, n, TT)) # (I_T ⊗ W) v, period-major
unitMean <- function(v) rep(rowMeans(matrix(v, n, TT)), TT) # J̄ v
ev <- Re(eigen(W, only.values = TRUE)$values)
ldet <- function(r) as.numeric(determinant(diag(n) - r * W)$modulus)
Wy <- lagW(ly)
FE <- fromJSON(file.path(here, "cigar_panel.json"), simplifyVector = TRUE)$unit

fit_re <- function(X) {
  k <- ncol(X)
  tr <- function(v, phi) v - (1 - phi) * unitMean(v)
  conc <- function(r, phi) {
    yy <- tr(ly - r * Wy, phi); XX <- apply(X, 2, tr, phi = phi)
    e <- lm.fit(XX, yy)$residuals
    -N / 2 * (log(2 * pi) + 1 + log(sum(e^2) / N)) + n * log(phi) + TT * ldet(r)
  }
  inner <- function(r) optimize(function(p) conc(r, p), c(1e-8, 1), maximum = TRUE, tol = 1e-12)
  o <- optimize(function(r) inner(r)$objective, c(1 / min(ev) + 1e-6, 1 - 1e-6), maximum = TRUE, tol = 1e-12)
  r <- o$maximum; phi <- inner(r)$maximum
  yy <- tr(ly - r * Wy, phi); XX <- apply(X, 2, tr, phi = phi)
  b <- lm.fit(XX, yy)$coefficients
  s2 <- sum((yy - XX %*% b)^2) / N
  par <- c(b, r, s2, phi)
  # full log-likelihood, score and Hessian in (β, ρ, σ², φ)
  ll <- function(p) {
    b <- p[1:k]; r <- p[k + 1]; s2 <- p[k + 2]; phi <- p[k + 3]
    u <- ly - r * Wy - X %*% b; ub <- unitMean(u)
    q <- sum(u * (u - ub)) + phi^2 * sum(u * ub)
    -N / 2 * log(2 * pi * s2) + n * log(phi) + TT * ldet(r) - q / (2 * s2)
  }
  grad_hess <- function(p) {
    b <- p[1:k]; r <- p[k + 1]; s2 <- p[k + 2]; phi <- p[k + 3]
    u <- as.vector(ly - r * Wy - X %*% b)
    Om <- function(v) v - unitMean(v) + phi^2 * unitMean(v) # (E + φ² J̄) v
    Ou <- Om(u); OWy <- Om(Wy); OX <- apply(X, 2, Om)
    Ju <- unitMean(u)
    A <- W %*% solve(diag(n) - r * W)
    g <- c(crossprod(X, Ou) / s2, -TT * sum(diag(A)) + sum(Wy * Ou) / s2, -N / (2 * s2) + sum(u * Ou) / (2 * s2^2), n / phi - phi * sum(u * Ju) / s2)
    H <- matrix(0, k + 3, k + 3)
    H[1:k, 1:k] <- -crossprod(X, OX) / s2
    H[1:k, k + 1] <- -crossprod(X, OWy) / s2
    H[1:k, k + 2] <- -crossprod(X, Ou) / s2^2
    H[1:k, k + 3] <- 2 * phi * crossprod(X, Ju) / s2
    H[k + 1, k + 1] <- -TT * sum(diag(A %*% A)) - sum(Wy * OWy) / s2
    H[k + 1, k + 2] <- -sum(Wy * Ou) / s2^2
    H[k + 1, k + 3] <- 2 * phi * sum(Wy * Ju) / s2
    H[k + 2, k + 2] <- N / (2 * s2^2) - sum(u * Ou) / s2^3
    H[k + 2, k + 3] <- phi * sum(u * Ju) / s2^2
    H[k + 3, k + 3] <- -n / phi^2 - sum(u * Ju) / s2
    H[lower.tri(H)] <- t(H)[lower.tri(H)]
    list(g = g, H = H)
  }
  for (it in 1:20) {
    gh <- grad_hess(par)
    step <- solve(gh$H, gh$g)
    par <- par - step
    if (max(abs(step) / pmax(abs(par), 1e-12)) < 1e-14) break
  }
  gh <- grad_hess(par)
  stopifnot(max(abs(gh$g) * pmax(abs(par), 1)) < 1e-6)
  cat(sprintf("Newton: %d steps; max |score| %.3g; moved from optimize by rho %.3g phi %.3g\n", it, max(abs(gh$g)), par[k + 1] - r, par[k + 3] - phi))
  b <- par[1:k]; r <- par[k + 1]; s2 <- par[k + 2]; phi <- par[k + 3]
  # (3) dense check of the likelihood
  smu2 <- s2 * (1 / phi^2 - 1) / TT
  V <- smu2 * kronecker(matrix(1, TT, TT), diag(n)) + s2 * diag(N)
  R <- chol(V)
  u <- ly - r * Wy - X %*% b
  z <- backsolve(R, u, transpose = TRUE)
  lld <- -N / 2 * log(2 * pi) - sum(log(diag(R))) - sum(z^2) / 2 + TT * ldet(r)
  stopifnot(abs(lld - ll(par)) < 1e-10 * abs(lld))
  cat(sprintf("dense likelihood: %.17g vs %.17g\n", lld, ll(par)))
  # (4) covariance
  Vc <- solve(-gh$H)
  Hn <- optimHess(par, ll, control = list(parscale = abs(par), ndeps = rep(1e-5, length(par))))
  stopifnot(max(abs(Hn - gh$H) / pmax(abs(gh$H), 1e-3 * max(abs(gh$H)))) < 1e-4)
  se <- sqrt(diag(Vc))
  nm <- colnames(X)
  # σ_μ² = σ²(1/φ² − 1)/T and its delta-method SE from the (σ², φ) block
  gmu <- c((1 / phi^2 - 1) / TT, -2 * s2 / (phi^3 * TT))
  smu2_se <- sqrt(as.numeric(t(gmu) %*% Vc[k + 2:3, k + 2:3] %*% gmu))
  # LeSage–Pace effects from the dense S_r = (I − ρW)⁻¹(β_r I + θ_r W)
  Binv <- solve(diag(n) - r * W)
  eff <- lapply(c("lp", "lndi"), function(v) {
    th <- if (paste0("lag.", v) %in% nm) b[[paste0("lag.", v)]] else 0
    S <- Binv %*% (b[[v]] * diag(n) + th * W)
    list(direct = mean(diag(S)), total = mean(rowSums(S)), indirect = mean(rowSums(S)) - mean(diag(S)))
  })
  names(eff) <- c("lp", "lndi")
  list(coef = as.list(setNames(b, nm)), se = as.list(setNames(se[1:k], nm)), rho = r, rho_se = se[k + 1], sigma2 = s2, sigma2_se = se[k + 2],
       phi = phi, phi_se = se[k + 3], sigma_mu2 = smu2, sigma_mu2_se = smu2_se, effects = eff, logLik = ll(par), vcov = unname(Vc[1:(k + 1), 1:(k + 1)]), vcov_names = c(nm, "rho"))
}

X0 <- cbind("(Intercept)" = 1, lp = lp, lndi = lndi)
XD <- cbind(X0, lag.lp = lagW(lp), lag.lndi = lagW(lndi))
out <- list(sar = fit_re(X0), sdm = fit_re(XD))

hausman <- function(re, fe) {
  keep <- fe$vcov_names
  bre <- c(unlist(re$coef), rho = re$rho)[keep]
  bfe <- c(unlist(fe$coef), rho = fe$rho)[keep]
  Vre <- re$vcov[match(keep, re$vcov_names), match(keep, re$vcov_names)]
  d <- bfe - bre
  D <- fe$vcov - Vre
  h <- as.numeric(t(d) %*% solve(D, d))
  list(statistic = h, df = length(d), p = pchisq(h, length(d), lower.tail = FALSE), min_eigen = min(eigen(D, symmetric = TRUE, only.values = TRUE)$values))
}
out$hausman <- list(sar = hausman(out$sar, FE$sar), sdm = hausman(out$sdm, FE$sdm))
out$meta <- list(R = R.version.string, model = "ly ~ lp + lndi, random unit effects, intercept; sar and sdm (lag.lp, lag.lndi)",
                 optimiser = "nested optimize (tol 1e-12) on the concentrated likelihood, then Newton on the analytic score/Hessian",
                 covariance = "inverse of minus the analytic Hessian (observed information) in (beta, rho, sigma2, phi)",
                 hausman = "FE = unit-effects ML of cigar_panel.json; over (beta, theta, rho) without the intercept")
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = FALSE), file.path(here, "cigar_re.json"))
print(out$hausman)
cat("rho:", out$sar$rho, out$sdm$rho, " phi:", out$sar$phi, out$sdm$phi, "\n")

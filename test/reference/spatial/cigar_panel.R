# Reference values for nqpf's fixed-effects spatial panel models (issue 16), Cigar panel.
# Independent algorithms, nothing here comes from nqpf:
#  (1) uncorrected ML (the "direct approach", Elhorst 2014): R spatialreg lagsarlm / errorsarlm on the
#      stacked panel (nT rows, period by period) with W_nT = I_T ⊗ W and the fixed effects as dummy
#      columns — the exact ML of the model with the effects as parameters (concentrating them out is the
#      within transformation). ρ/λ located first by uniroot (tol 1e-15) on the analytic score of the
#      concentrated likelihood written here (T Σ ln(1 − ρω) − nT/2 ln SSE), spatialreg then refitted with
#      its interval pinned to root ± 1e-13, so β, SEs, σ², logLik are its own at the precise maximum.
#  (2) Lee–Yu (2010) bias-corrected estimator = their transformation approach: the data transformed
#      explicitly by the orthonormal F_{T,T−1} (unit effects) and F_{n,n−1} (time effects, row-standardised
#      W), W* = F'WF; ML on the (n−1)(T−1) [or n(T−1), (n−1)T] transformed observations with the dense
#      ln|I − ρW*| (R determinant()), root of the score (numerical derivative of that log-determinant is not
#      used: tr(W*(I − ρW*)⁻¹) by solve()); SEs from the information matrix of the transformed model formed
#      with dense matrices. Also refitted by spatialreg on the transformed stack (I ⊗ W*) and compared.
#  (3) LeSage–Pace effects from dense (I − ρW)⁻¹(βI + θW); delta-method SEs by the analytic gradient,
#      with the ML covariance of (β, θ, ρ); LR and Wald tests of SDM against SAR (θ = 0) and SEM (θ = −ρβ).
# Data: $NQPF_SHARED/data/panel/cigar.csv (read in place): ly = log(sales), lp = log(price/cpi),
# lndi = log(ndi/cpi); 46 states × 30 years. W: queen contiguity of the 46 states from the polygons of
# spData::us_states (spdep::poly2nb), row-standardised; written to cigar_contiguity.csv beside this script
# (the state codes of cigar.csv are the alphabetical order of the 50 states and DC; AK, CO, HI, NC, OR absent).
suppressPackageStartupMessages({ library(sf); library(spdep); library(spatialreg); library(jsonlite) })
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
cig <- read.csv(file.path(shared, "data/panel/cigar.csv"))
ab <- c("Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "District of Columbia",
  "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
  "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey",
  "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
  "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming")
codes <- sort(unique(cig$state))
years <- sort(unique(cig$year))
n <- length(codes); TT <- length(years)
stopifnot(n == 46, TT == 30, nrow(cig) == n * TT)
data(us_states, package = "spData")
st <- us_states[match(ab[codes], us_states$NAME), ]
stopifnot(!anyNA(st$NAME))
nb <- poly2nb(st, queen = TRUE, row.names = as.character(codes))
stopifnot(all(card(nb) > 0))
pairs <- do.call(rbind, lapply(seq_len(n), function(i) { j <- nb[[i]][nb[[i]] > i]; if (length(j)) cbind(codes[i], codes[j]) }))
write.csv(data.frame(from = pairs[, 1], to = pairs[, 2]), file.path(here, "cigar_contiguity.csv"), row.names = FALSE)
lw <- nb2listw(nb, style = "W")
W <- listw2mat(lw)
ev <- Re(eigen(W, only.values = TRUE)$values)

# Stack period by period (time-major), units in code order within a period.
cig <- cig[order(cig$year, cig$state), ]
cig$ly <- log(cig$sales); cig$lp <- log(cig$price / cig$cpi); cig$lndi <- log(cig$ndi / cig$cpi)
cig$fs <- factor(cig$state); cig$fy <- factor(cig$year)
lagp <- function(v) as.vector(W %*% matrix(v, n, TT))
cig$Wly <- lagp(cig$ly); cig$Wlp <- lagp(cig$lp); cig$Wlndi <- lagp(cig$lndi)
Wbig <- kronecker(diag(TT), W)
rownames(Wbig) <- paste(cig$state, cig$year)
lwb <- mat2listw(Wbig, style = "W")
pre <- list(pre_eig = rep(ev, TT))
xs <- c("lp", "lndi")

fe_terms <- list(unit = "fs", time = "fy", twoways = c("fs", "fy"))
# Within transformation by regression on the dummies (independent of any demeaning formula).
within_of <- function(v, eff) if (eff == "none") v else residuals(lm(reformulate(fe_terms[[eff]], response = "v"), data = cbind(cig, v = v)))

# Concentrated-likelihood scores of the direct approach (demeaned data, T Σ ln(1 − ρω)).
score_lag <- function(eff, durbin) {
  X <- sapply(c(xs, if (durbin) paste0("W", xs)), function(v) within_of(cig[[v]], eff))
  y <- within_of(cig$ly, eff); Wy <- within_of(cig$Wly, eff)
  e0 <- lm.fit(X, y)$residuals; eL <- lm.fit(X, Wy)$residuals
  function(r) -TT * sum(ev / (1 - r * ev)) - n * TT / 2 * (-2 * sum(e0 * eL) + 2 * r * sum(eL^2)) / sum((e0 - r * eL)^2)
}
score_err <- function(eff) {
  X <- sapply(xs, function(v) cig[[v]]); WX <- sapply(paste0("W", xs), function(v) cig[[v]])
  function(l) {
    ys <- within_of(cig$ly - l * cig$Wly, eff)
    Xs <- apply(X - l * WX, 2, within_of, eff = eff)
    WyWXb <- function(b) within_of(cig$Wly - WX %*% b, eff)
    fit <- lm.fit(Xs, ys); e <- fit$residuals
    -TT * sum(ev / (1 - l * ev)) + n * TT * sum(e * WyWXb(fit$coefficients)) / sum(e^2)
  }
}
root <- function(g, at) uniroot(g, c(at - 0.02, at + 0.02), tol = 1e-15)$root
pin <- function(r) c(r - 1e-13, r + 1e-13)
agree <- function(a, b, what, tol = 1e-6) {
  dd <- max(abs(a - b) / pmax(abs(b), 1e-300))
  if (!(dd < tol)) stop(sprintf("MISMATCH %s: rel %.3g", what, dd))
  cat(sprintf("agree %s: max rel %.3g\n", what, dd))
}
fml <- function(eff) reformulate(c(xs, fe_terms[[eff]]), response = "ly")
tight <- c(pre, list(tol.opt = 1e-12))

delta_effects <- function(rho, b, th, V) {
  # V over (β_1..β_k, θ_1..θ_k, ρ) (θ absent for SAR: th = 0 and V over (β, ρ)).
  k <- length(b); durb <- !is.null(th)
  if (!durb) th <- rep(0, k)
  Ai <- solve(diag(n) - rho * W)
  out <- list()
  for (r in seq_len(k)) {
    S <- Ai %*% (b[r] * diag(n) + th[r] * W)
    dS_rho <- Ai %*% W %*% S
    dS_b <- Ai; dS_t <- Ai %*% W
    g <- function(f) {
      gb <- rep(0, k); gb[r] <- f(dS_b)
      gt <- if (durb) { z <- rep(0, k); z[r] <- f(dS_t); z } else NULL
      c(gb, gt, f(dS_rho))
    }
    fd <- function(M) sum(diag(M)) / n
    ft <- function(M) sum(M) / n
    dv <- c(direct = fd(S), total = ft(S)); dv["indirect"] <- dv["total"] - dv["direct"]
    gd <- g(fd); gt <- g(ft); gi <- gt - gd
    out[[xs[r]]] <- list(direct = dv[["direct"]], indirect = dv[["indirect"]], total = dv[["total"]],
      direct_se = sqrt(drop(t(gd) %*% V %*% gd)), indirect_se = sqrt(drop(t(gi) %*% V %*% gi)), total_se = sqrt(drop(t(gt) %*% V %*% gt)))
  }
  out
}

# spatialreg's covariance of (ρ, β) for a lagsarlm fit: resvar is over (σ², ρ, β); pick the named rows.
pick_lag <- function(m, durbin) {
  nm <- c(xs, if (durbin) paste0("lag.", xs))
  V <- m$resvar
  idx <- c(match(nm, colnames(V)), match("rho", colnames(V)))
  V[idx, idx]
}
lag_fit <- function(eff, durbin) {
  dur <- if (durbin) ~ lp + lndi else FALSE
  m0 <- lagsarlm(fml(eff), data = cig, listw = lwb, method = "eigen", Durbin = dur, control = tight)
  r <- root(score_lag(eff, durbin), m0$rho)
  # (A pinned interval makes spatialreg warn "rho on interval bound": expected.)
  m <- suppressWarnings(lagsarlm(fml(eff), data = cig, listw = lwb, method = "eigen", Durbin = dur, interval = pin(r), control = pre))
  agree(m0$rho, r, sprintf("%s %s spatialreg tol.opt 1e-12 vs score root", eff, if (durbin) "SDM" else "SAR"), 1e-5)
  # spatialreg's logLik carries rounding noise of ~1e-8 (absolute, on ~5e2) at this scale; the root is the
  # maximum of the smooth analytic score.
  stopifnot(m$LL[1] >= m0$LL[1] - 1e-7)
  nm <- c(xs, if (durbin) paste0("lag.", xs))
  se <- m$rest.se; names(se) <- names(m$coefficients)
  V <- pick_lag(m, durbin)
  b <- m$coefficients[xs]; th <- if (durbin) m$coefficients[paste0("lag.", xs)] else NULL
  list(rho = r, rho_se = m$rho.se, coef = as.list(m$coefficients[nm]), se = as.list(se[nm]), sigma2 = m$s2, logLik = m$LL[1],
    vcov = unname(V), vcov_names = c(nm, "rho"), effects = delta_effects(r, b, th, V))
}
err_fit <- function(eff) {
  m0 <- errorsarlm(fml(eff), data = cig, listw = lwb, method = "eigen", control = tight)
  l <- root(score_err(eff), m0$lambda)
  m <- suppressWarnings(errorsarlm(fml(eff), data = cig, listw = lwb, method = "eigen", interval = pin(l), control = pre))
  # Brent on values alone: λ within ~1e-6 (the likelihood is flat to machine precision there).
  agree(m0$lambda, l, sprintf("%s SEM spatialreg tol.opt 1e-12 vs score root", eff), 1e-5)
  # spatialreg's logLik carries rounding noise of ~1e-8 (absolute, on ~5e2) at this scale; the root is the
  # maximum of the smooth analytic score.
  stopifnot(m$LL[1] >= m0$LL[1] - 1e-7)
  se <- m$rest.se; names(se) <- names(m$coefficients)
  list(lambda = l, lambda_se = m$lambda.se, coef = as.list(m$coefficients[xs]), se = as.list(se[xs]), sigma2 = m$s2, logLik = m$LL[1])
}

# ---- Lee–Yu transformation approach, explicit.
orth <- function(m) { e <- eigen(diag(m) - matrix(1 / m, m, m), symmetric = TRUE); e$vectors[, 1:(m - 1)] }
ly_data <- function(eff) {
  unit <- eff %in% c("unit", "twoways"); time <- eff %in% c("time", "twoways")
  Fn <- if (time) orth(n) else diag(n); FT <- if (unit) orth(TT) else diag(TT)
  tr <- function(v) as.vector(t(Fn) %*% matrix(v, n, TT) %*% FT)
  list(n = ncol(Fn), T = ncol(FT), Ws = t(Fn) %*% W %*% Fn, tr = tr)
}
ly_lag <- function(eff, durbin) {
  D <- ly_data(eff); ns <- D$n; Ts <- D$T; Ws <- D$Ws; N <- ns * Ts
  vars <- c(xs, if (durbin) paste0("W", xs))
  X <- sapply(vars, function(v) D$tr(cig[[v]])); y <- D$tr(cig$ly)
  Wy <- as.vector(Ws %*% matrix(y, ns, Ts))
  e0 <- lm.fit(X, y)$residuals; eL <- lm.fit(X, Wy)$residuals
  sse <- function(r) sum((e0 - r * eL)^2)
  ll <- function(r) Ts * determinant(diag(ns) - r * Ws)$modulus[1] - N / 2 * log(sse(r))
  sc <- function(r) -Ts * sum(diag(Ws %*% solve(diag(ns) - r * Ws))) - N / 2 * (-2 * sum(e0 * eL) + 2 * r * sum(eL^2)) / sse(r)
  r0 <- optimize(ll, c(-0.99, 0.99), maximum = TRUE, tol = 1e-12)$maximum
  r <- uniroot(sc, c(r0 - 0.01, r0 + 0.01), tol = 1e-15)$root
  agree(r0, r, sprintf("Lee-Yu %s %s optimize vs score root", eff, if (durbin) "SDM" else "SAR"), 1e-6)
  b <- lm.fit(X, y - r * Wy)$coefficients
  s2 <- sse(r) / N
  logLik <- -N / 2 * (log(2 * pi) + 1 + log(s2)) + Ts * determinant(diag(ns) - r * Ws)$modulus[1]
  A <- Ws %*% solve(diag(ns) - r * Ws)
  AXb <- as.vector(A %*% matrix(X %*% b, ns, Ts))
  k <- ncol(X); m <- k + 2
  I <- matrix(0, m, m)
  I[1:k, 1:k] <- crossprod(X) / s2
  I[1:k, k + 1] <- I[k + 1, 1:k] <- crossprod(X, AXb) / s2
  I[k + 1, k + 1] <- Ts * (sum(diag(A %*% A)) + sum(A * A)) + sum(AXb^2) / s2
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- Ts * sum(diag(A)) / s2
  I[k + 2, k + 2] <- N / (2 * s2^2)
  V <- solve(I)
  nm <- c(xs, if (durbin) paste0("lag.", xs))
  names(b) <- nm
  se <- sqrt(diag(V))[1:k]; names(se) <- nm
  if (all(Ws >= 0)) {
    # Unit effects only (W* = W): cross-check with spatialreg on the transformed stack (I_T* ⊗ W, no intercept).
    dd <- data.frame(y = y, X); colnames(dd) <- c("y", nm)
    Wsb <- kronecker(diag(Ts), Ws); rownames(Wsb) <- seq_len(N)
    lws <- mat2listw(Wsb, style = "M")
    evs <- rep(Re(eigen(Ws, only.values = TRUE)$values), Ts)
    ms <- suppressWarnings(lagsarlm(reformulate(nm, response = "y", intercept = FALSE), data = dd, listw = lws, method = "eigen",
      interval = pin(r), control = list(pre_eig = evs), zero.policy = TRUE))
    agree(c(ms$coefficients, ms$rest.se, ms$rho.se, ms$s2, ms$LL[1]), c(b, se, sqrt(V[k + 1, k + 1]), s2, logLik),
      sprintf("Lee-Yu %s %s explicit vs spatialreg on the transformed stack", eff, if (durbin) "SDM" else "SAR"), 1e-8)
  } else {
    # W* = F'WF has negative entries (spatialreg refuses them): check the dense log-determinant against
    # ln|I − ρW| − ln(1 − ρ) (row-standardised W) instead.
    agree(determinant(diag(ns) - r * Ws)$modulus[1], determinant(diag(n) - r * W)$modulus[1] - log(1 - r),
      sprintf("Lee-Yu %s ln|I - rho W*| = ln|I - rho W| - ln(1 - rho)", eff), 1e-10)
  }
  Vb <- V[1:(k + 1), 1:(k + 1)]
  list(rho = r, rho_se = sqrt(V[k + 1, k + 1]), coef = as.list(b), se = as.list(se), sigma2 = s2, logLik = logLik,
    vcov = unname(Vb), vcov_names = c(nm, "rho"),
    effects = delta_effects(r, b[xs], if (durbin) b[paste0("lag.", xs)] else NULL, Vb))
}
ly_err <- function(eff) {
  D <- ly_data(eff); ns <- D$n; Ts <- D$T; Ws <- D$Ws; N <- ns * Ts
  X <- sapply(xs, function(v) D$tr(cig[[v]])); y <- D$tr(cig$ly)
  lagT <- function(v) as.vector(Ws %*% matrix(v, ns, Ts))
  Wy <- lagT(y); WX <- apply(X, 2, lagT)
  fitl <- function(l) lm.fit(X - l * WX, y - l * Wy)
  ll <- function(l) Ts * determinant(diag(ns) - l * Ws)$modulus[1] - N / 2 * log(sum(fitl(l)$residuals^2))
  sc <- function(l) {
    f <- fitl(l); e <- f$residuals
    -Ts * sum(diag(Ws %*% solve(diag(ns) - l * Ws))) + N * sum(e * (Wy - WX %*% f$coefficients)) / sum(e^2)
  }
  l0 <- optimize(ll, c(-0.99, 0.99), maximum = TRUE, tol = 1e-12)$maximum
  l <- uniroot(sc, c(l0 - 0.01, l0 + 0.01), tol = 1e-15)$root
  f <- fitl(l); s2 <- sum(f$residuals^2) / N
  logLik <- -N / 2 * (log(2 * pi) + 1 + log(s2)) + Ts * determinant(diag(ns) - l * Ws)$modulus[1]
  Xs <- X - l * WX
  se <- sqrt(diag(s2 * solve(crossprod(Xs)))); names(se) <- xs
  B <- Ws %*% solve(diag(ns) - l * Ws)
  I2 <- matrix(c(N / (2 * s2^2), Ts * sum(diag(B)) / s2, Ts * sum(diag(B)) / s2, Ts * (sum(diag(B %*% B)) + sum(B * B))), 2, 2)
  b <- f$coefficients; names(b) <- xs
  list(lambda = l, lambda_se = sqrt(solve(I2)[2, 2]), coef = as.list(b), se = as.list(se), sigma2 = s2, logLik = logLik)
}

tests <- function(sdm, sar, sem) {
  k <- length(xs)
  V <- sdm$vcov; b <- unlist(sdm$coef)[1:k]; th <- unlist(sdm$coef)[k + 1:k]; r <- sdm$rho
  w1 <- drop(t(th) %*% solve(V[k + 1:k, k + 1:k]) %*% th)
  g <- th + r * b
  G <- cbind(r * diag(k), diag(k), b)
  w2 <- drop(t(g) %*% solve(G %*% V %*% t(G)) %*% g)
  list(lr_sar = 2 * (sdm$logLik - sar$logLik), lr_sem = 2 * (sdm$logLik - sem$logLik), wald_sar = w1, wald_sem = w2, df = k)
}

out <- list(meta = list(R = R.version.string, spdep = as.character(packageVersion("spdep")), spatialreg = as.character(packageVersion("spatialreg")),
  n = n, T = TT, formula = "ly ~ lp + lndi (ly = log(sales), lp = log(price/cpi), lndi = log(ndi/cpi))",
  weights = "poly2nb(spData::us_states, queen) over the 46 Cigar states, style W; pairs in cigar_contiguity.csv"))
for (eff in c("unit", "time", "twoways")) {
  sar <- lag_fit(eff, FALSE); sdm <- lag_fit(eff, TRUE); sem <- err_fit(eff)
  lsar <- ly_lag(eff, FALSE); lsdm <- ly_lag(eff, TRUE); lsem <- ly_err(eff)
  if (eff == "unit") {
    # Lee–Yu with unit effects only: ρ, β unchanged, σ² × T/(T − 1).
    agree(c(lsar$rho, unlist(lsar$coef)), c(sar$rho, unlist(sar$coef)), "Lee-Yu unit SAR = uncorrected rho, beta", 1e-9)
    agree(lsar$sigma2, sar$sigma2 * TT / (TT - 1), "Lee-Yu unit sigma2 = T/(T-1) uncorrected", 1e-9)
  }
  out[[eff]] <- list(sar = sar, sdm = sdm, sem = sem, tests = tests(sdm, sar, sem),
    leeyu = list(sar = lsar, sdm = lsdm, sem = lsem, tests = tests(lsdm, lsar, lsem)))
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "cigar_panel.json"))
cat("written", file.path(here, "cigar_panel.json"), "\n")

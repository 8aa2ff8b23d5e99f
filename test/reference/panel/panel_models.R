# Independent reference values for nqpf's panel-models lens (issue 15).
#
# Rerun:  Rscript test/reference/panel/panel_models.R
#   env NQPF_SHARED (default /work/shared): reference data, read in place
#   env NQPF_CN_REF (default /tmp/cn-ref): output directory of
#       NQPF_SHARED=/work/shared node bin/nqpf.js run examples/cn-scitech-entropy-topsis.yaml --out /tmp/cn-ref --quiet
#     (its ranks.csv supplies Index_topsis per province-year; the CN section is skipped with a
#      message when that file is absent)
#
# Every standard-error convention is computed twice: once by a package function (plm, or sandwich
# on an lm fit) and once by explicit matrix algebra below; the script stop()s unless both agree
# to 1e-10 (relative, elementwise on the covariance matrix).  Published values are asserted too.
# Output: expected.json next to this script, every number printed with sprintf("%.17g").

suppressPackageStartupMessages({
  library(plm)
  library(sandwich)
  library(lmtest)
  library(jsonlite)
})

args_all <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
out_dir <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "test/reference/panel"
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
cn_ref <- Sys.getenv("NQPF_CN_REF", "/tmp/cn-ref")

TOL <- 1e-10

# ---------------------------------------------------------------- helpers
rel_diff <- function(a, b) {
  a <- as.numeric(a)
  b <- as.numeric(b)
  if (length(a) != length(b)) return(Inf)
  scale <- pmax(abs(a), abs(b), max(abs(c(a, b))) * 1e-3, .Machine$double.xmin)
  max(abs(a - b) / scale)
}
assert_close <- function(a, b, what, tol = TOL) {
  d <- rel_diff(a, b)
  if (!is.finite(d) || d > tol) stop(sprintf("MISMATCH %s: rel diff %.3g > %.1g", what, d, tol))
  invisible(d)
}
assert_published <- function(value, published, what) {
  # published values are printed to 7-8 significant digits: must agree when rounded to that many
  # pass a string to keep trailing zeros significant ("0.8060" has 4 digits)
  txt <- if (is.character(published)) published else format(published, scientific = FALSE, digits = 15)
  published <- as.numeric(txt)
  digits <- nchar(gsub("[^0-9]", "", sub("^-?0\\.0*", "", txt)))
  half_ulp <- 0.5 * 10^(floor(log10(abs(published))) - digits + 1)
  if (abs(value - published) > half_ulp * (1 + 1e-9)) {
    stop(sprintf("PUBLISHED %s: got %.12g, published %s", what, value, format(published, digits = 12)))
  }
  cat(sprintf("  published check ok: %s = %.10g (published %s, %d digits)\n", what, value, txt, digits))
}
arr <- function(x) structure(as.list(x), class = "json_array") # force a JSON array

# Minimal JSON writer with full precision ("%.17g"); jsonlite is used only to escape strings
# and to read the file back as a sanity check.
json_num <- function(x) {
  if (is.na(x) || !is.finite(x)) return("null")
  if (x == round(x) && abs(x) < 1e15) return(sprintf("%.0f", x))
  sprintf("%.17g", x)
}
to_json <- function(x, ind = "") {
  ind2 <- paste0(ind, "  ")
  if (is.null(x)) return("null")
  if (inherits(x, "json_array")) {
    if (length(x) == 0) return("[]")
    parts <- vapply(x, to_json, "", ind = ind2)
    if (all(vapply(x, function(v) is.atomic(v) && length(v) == 1, TRUE))) {
      return(paste0("[", paste(parts, collapse = ", "), "]"))
    }
    return(paste0("[\n", ind2, paste(parts, collapse = paste0(",\n", ind2)), "\n", ind, "]"))
  }
  if (is.matrix(x)) {
    rows <- lapply(seq_len(nrow(x)), function(i) arr(unname(x[i, ])))
    return(to_json(arr(rows), ind))
  }
  if (is.list(x)) {
    nm <- names(x)
    if (is.null(nm)) return(to_json(arr(x), ind))
    parts <- vapply(seq_along(x), function(i) {
      paste0(toJSON(nm[i], auto_unbox = TRUE), ": ", to_json(x[[i]], ind2))
    }, "")
    return(paste0("{\n", ind2, paste(parts, collapse = paste0(",\n", ind2)), "\n", ind, "}"))
  }
  if (is.character(x)) {
    if (length(x) == 1 && is.null(names(x))) return(as.character(toJSON(x, auto_unbox = TRUE)))
    return(to_json(if (is.null(names(x))) arr(x) else as.list(x), ind))
  }
  if (is.logical(x)) {
    if (length(x) == 1 && is.null(names(x))) return(if (is.na(x)) "null" else if (x) "true" else "false")
    return(to_json(if (is.null(names(x))) arr(x) else as.list(x), ind))
  }
  if (is.numeric(x)) {
    if (!is.null(names(x))) return(to_json(as.list(x), ind))
    if (length(x) == 1) return(json_num(x))
    return(to_json(arr(x), ind))
  }
  stop("to_json: unsupported ", class(x)[1])
}

# ---------------------------------------------------------------- algebra
sandwich_of <- function(B, meat) B %*% meat %*% B
meat_white <- function(Xt, e) crossprod(Xt * e)
meat_cluster <- function(Xt, e, g) crossprod(rowsum(Xt * e, g, reorder = TRUE))
# Driscoll-Kraay: h_t = sum_i x_it e_it; S = sum_t h_t h_t' + sum_l w_l (Gamma_l + Gamma_l'),
# Gamma_l = sum_{t>l} h_t h_{t-l}', Bartlett w_l = 1 - l/(L+1).
meat_dk <- function(Xt, e, time, L) {
  H <- rowsum(Xt * e, time, reorder = TRUE) # rows in increasing time order
  Tn <- nrow(H)
  S <- crossprod(H)
  if (L > 0) {
    for (l in seq_len(L)) {
      Gl <- crossprod(H[(l + 1):Tn, , drop = FALSE], H[1:(Tn - l), , drop = FALSE])
      S <- S + (1 - l / (L + 1)) * (Gl + t(Gl))
    }
  }
  S
}

se_block <- function(V, b, df_t, factor, K_used, note, V_pkg = NULL, pkg = NULL) {
  se <- sqrt(diag(V))
  tval <- b / se
  out <- list(
    factor = factor,
    K = K_used,
    df_t = df_t,
    note = note,
    se = setNames(se, names(b)),
    t = setNames(tval, names(b)),
    p_t = setNames(if (is.na(df_t)) rep(NA_real_, length(b)) else 2 * pt(abs(tval), df_t, lower.tail = FALSE), names(b)),
    p_normal = setNames(2 * pnorm(abs(tval), lower.tail = FALSE), names(b)),
    vcov = unname(V)
  )
  if (!is.null(pkg)) out$package <- pkg
  out
}

# ---------------------------------------------------------------- one model, all conventions
# pdat: pdata.frame; form: formula; kind: pooling | within1 | within2 | random
fit_model <- function(pdat, form, kind, label, dk_lags = c(2L)) {
  cat(sprintf("[%s] %s\n", label, kind))
  p <- switch(kind,
    pooling = plm(form, data = pdat, model = "pooling"),
    within1 = plm(form, data = pdat, model = "within", effect = "individual"),
    within2 = plm(form, data = pdat, model = "within", effect = "twoways"),
    random = plm(form, data = pdat, model = "random", effect = "individual", random.method = "swar")
  )
  if (any(p$aliased)) stop("aliased coefficients in ", label, " ", kind)
  b <- coef(p)
  Xt <- model.matrix(p) # transformed regressors as plm uses them (demeaned / quasi-demeaned)
  yt <- as.numeric(pmodel.response(p))
  e <- as.numeric(residuals(p))
  idx <- index(p)
  unit <- as.integer(idx[[1]])
  time <- as.integer(idx[[2]])
  N <- length(e)
  G <- length(unique(unit))
  Tn <- length(unique(time))
  balanced <- all(table(unit) == Tn)
  k <- ncol(Xt)
  has_int <- "(Intercept)" %in% colnames(Xt)
  ks <- k - has_int # slopes
  if (kind == "random" && !balanced) stop("reference script assumes balanced panels for RE")

  # own OLS on transformed data
  B <- solve(crossprod(Xt))
  b_own <- as.numeric(B %*% crossprod(Xt, yt))
  assert_close(b_own, b, paste(label, kind, "coefficients"))
  assert_close(yt - Xt %*% b_own, e, paste(label, kind, "residuals"), tol = 1e-8)
  rss <- sum(e^2)
  df_resid <- df.residual(p)
  df_own <- switch(kind,
    pooling = N - k,
    within1 = N - G - k,
    within2 = N - G - Tn + 1 - k,
    random = N - k
  )
  if (df_resid != df_own) stop(sprintf("df mismatch %s %s: plm %d own %d", label, kind, df_resid, df_own))

  # raw data for overall/between R2
  mf <- model.frame(p)
  y_raw <- as.numeric(pmodel.response(p, model = "pooling"))
  X_raw <- model.matrix(p, model = "pooling")
  slopes <- setdiff(colnames(X_raw), "(Intercept)")
  xb <- as.numeric(X_raw[, slopes, drop = FALSE] %*% b[slopes])
  r2_overall <- cor(y_raw, xb)^2
  r2_between <- cor(tapply(y_raw, unit, mean), tapply(xb, unit, mean))^2
  tss_t <- sum((yt - mean(yt))^2)
  r2_within_own <- 1 - rss / tss_t
  sm <- summary(p)
  r2_plm <- unname(sm$r.squared["rsq"])
  r2_cor_own <- cor(yt, as.numeric(Xt %*% b_own))^2
  assert_close(r2_plm, r2_cor_own, paste(label, kind, "plm R2 (cor type)"))

  # model F / Wald of slopes (conventional vcov)
  V_conv_pkg <- vcov(p)
  s2 <- rss / df_resid
  V_conv <- s2 * B
  assert_close(V_conv, V_conv_pkg, paste(label, kind, "conventional vcov"))
  sl <- which(colnames(Xt) != "(Intercept)")
  W <- as.numeric(t(b_own[sl]) %*% solve(V_conv[sl, sl, drop = FALSE]) %*% b_own[sl])
  fst <- sm$fstatistic
  if (kind == "random") {
    assert_close(unname(fst$statistic), W, paste(label, kind, "Wald chisq"))
    model_test <- list(
      type = "chisq", statistic = W, df = length(sl),
      p = pchisq(W, length(sl), lower.tail = FALSE),
      note = "plm summary() reports a Wald chi-square for RE models (normal-based coefficient p values)"
    )
  } else {
    Fv <- W / length(sl)
    assert_close(unname(fst$statistic), Fv, paste(label, kind, "F"))
    model_test <- list(
      type = "F", statistic = Fv, df1 = length(sl), df2 = df_resid,
      p = pf(Fv, length(sl), df_resid, lower.tail = FALSE),
      note = "F = b_s' V_s^-1 b_s / k_s with conventional V (= ((TSS~ - RSS)/k_s)/(RSS/df_resid) on transformed data)"
    )
  }

  se <- list()
  se$conventional <- se_block(V_conv, b, df_resid, s2, NA,
    "sigma2 * (X~'X~)^-1, sigma2 = RSS/df_resid (plm df)", pkg = "plm::vcov")

  # ---- heteroskedasticity-robust
  M_w <- meat_white(Xt, e)
  V_hc0 <- sandwich_of(B, M_w)
  V_hc0_pkg <- vcovHC(p, method = "white1", type = "HC0")
  assert_close(V_hc0, V_hc0_pkg, paste(label, kind, "hc0 vs plm"))

  # independent lm fit: LSDV for within models, OLS on transformed data otherwise
  dfl <- data.frame(y = y_raw, X_raw[, slopes, drop = FALSE], unit = factor(unit), time = factor(time), check.names = FALSE)
  colnames(dfl)[seq_along(slopes) + 1] <- paste0("x", seq_along(slopes))
  xn <- paste0("x", seq_along(slopes))
  if (kind == "within1") {
    lmfit <- lm(as.formula(paste("y ~", paste(xn, collapse = " + "), "+ unit")), data = dfl)
  } else if (kind == "within2") {
    lmfit <- lm(as.formula(paste("y ~", paste(xn, collapse = " + "), "+ unit + time")), data = dfl)
  } else {
    lmfit <- lm(yt ~ Xt - 1)
  }
  pick <- if (kind %in% c("within1", "within2")) xn else seq_len(k)
  assert_close(coef(lmfit)[pick], b, paste(label, kind, "lm coefficients"))
  K_total <- length(coef(lmfit)) # every estimated parameter incl. absorbed FE (LSDV) / intercept
  sw <- function(V) V[pick, pick, drop = FALSE]
  assert_close(V_hc0, sw(sandwich::vcovHC(lmfit, type = "HC0")), paste(label, kind, "hc0 vs sandwich"))
  se$hc0 <- se_block(V_hc0, b, df_resid, 1, NA, "White HC0: B (sum e_it^2 x~_it x~_it') B, no correction",
    pkg = "plm::vcovHC(method='white1', type='HC0'); sandwich::vcovHC(lm, 'HC0')")

  f_hc1 <- N / (N - K_total)
  V_hc1 <- f_hc1 * V_hc0
  assert_close(V_hc1, sw(sandwich::vcovHC(lmfit, type = "HC1")), paste(label, kind, "hc1 vs sandwich LSDV"))
  se$hc1 <- se_block(V_hc1, b, N - K_total, f_hc1, K_total,
    "HC0 * N/(N-K_total), K_total = all estimated parameters incl. intercept and every FE dummy (Stata: regress y x i.unit [i.year], vce(robust))",
    pkg = "sandwich::vcovHC(lm LSDV / lm on transformed data, type='HC1')")

  f_hc1_plm <- N / (N - k)
  V_hc1_plm_pkg <- vcovHC(p, method = "white1", type = "HC1")
  assert_close(f_hc1_plm * V_hc0, V_hc1_plm_pkg, paste(label, kind, "hc1_plm"))
  se$hc1_plm <- se_block(V_hc1_plm_pkg, b, df_resid, f_hc1_plm, k,
    "plm vcovHC(method='white1', type='HC1'): HC0 * N/(N-k), k = ncol(X~) (slopes only for within models; FE not counted)",
    pkg = "plm::vcovHC(method='white1', type='HC1')")

  # ---- one-way cluster by unit
  M_cu <- meat_cluster(Xt, e, unit)
  V_cu0 <- sandwich_of(B, M_cu)
  V_cu0_pkg <- vcovHC(p, method = "arellano", type = "HC0", cluster = "group")
  assert_close(V_cu0, V_cu0_pkg, paste(label, kind, "cluster HC0 vs plm"))
  assert_close(V_cu0, sw(sandwich::vcovCL(lmfit, cluster = dfl$unit, type = "HC0", cadjust = FALSE)),
    paste(label, kind, "cluster HC0 vs sandwich"))
  gadj <- G / (G - 1)
  # Stata convention: xtreg, fe vce(cluster unit) counts K = slopes + constant; with two-way FE run as
  # xtreg y x i.year, fe vce(cluster unit) the T-1 year dummies are regressors too.
  K_stata <- switch(kind, pooling = ks + 1, within1 = ks + 1, within2 = ks + (Tn - 1) + 1, random = ks + 1)
  f_stata <- gadj * (N - 1) / (N - K_stata)
  V_cl <- f_stata * V_cu0
  pkg_note <- "sandwich::vcovCL(lm, cluster=unit, type='HC0', cadjust=FALSE) * factor"
  if (kind == "pooling") {
    assert_close(V_cl, vcovHC(p, method = "arellano", type = "sss", cluster = "group"), paste(label, kind, "cluster vs plm sss"))
    assert_close(V_cl, sandwich::vcovCL(lmfit, cluster = dfl$unit, type = "HC1"), paste(label, kind, "cluster vs sandwich HC1"))
    pkg_note <- "plm::vcovHC(method='arellano', type='sss'); sandwich::vcovCL(lm, cluster=unit, type='HC1')"
  }
  se$cluster <- se_block(V_cl, b, G - 1, f_stata, K_stata,
    paste0("Stata: regress/xtreg vce(cluster unit): [G/(G-1)]*[(N-1)/(N-K)] * B (sum_g s_g s_g') B, K = ",
      switch(kind, pooling = "slopes + 1 (intercept)", within1 = "slopes + 1 (xtreg's _cons; absorbed unit FE not counted)",
        within2 = "slopes + (T-1) year dummies + 1 (xtreg y x i.year, fe; unit FE not counted)",
        random = "slopes + 1 (intercept); NOTE: xtreg, re vce(cluster) factor not verified against Stata"),
      "; t with G-1 df"),
    pkg = pkg_note)

  Vs <- V_cl[sl, sl, drop = FALSE]
  Wc <- as.numeric(t(b_own[sl]) %*% solve(Vs) %*% b_own[sl])
  model_test_cluster <- list(
    F = Wc / length(sl), df1 = length(sl), df2 = G - 1,
    p_F = pf(Wc / length(sl), length(sl), G - 1, lower.tail = FALSE),
    chisq = Wc, p_chisq = pchisq(Wc, length(sl), lower.tail = FALSE),
    note = "Wald test of all slopes with the 'cluster' (Stata) vcov: F = W/k_s on (k_s, G-1) df as Stata prints it; chisq = W"
  )

  if (kind != "random") {
    # fixest default ssc(adj=TRUE, fixef.K='nested', cluster.adj=TRUE, cluster.df='min', t.df='min').
    # From fixest R/VCOV.R (0.12.2): K = nparams (slopes + FE levels - (n_fe-1)); every FE nested in the
    # cluster variable then loses (levels - 1), and if all FE are nested, 1 is added back for the intercept.
    # Unit FE clustered by unit: K = slopes + 1; unit + year FE: K = slopes + T  ==  the Stata K above.
    # reghdfe 6.x (src/reghdfe.mata, nested_adj = df_a_nested > 0) gives the same K.
    K_fx <- switch(kind, pooling = ks + 1, within1 = ks + 1, within2 = ks + Tn)
    if (K_fx != K_stata) stop("fixest K expected to equal Stata K")
    f_fx <- gadj * (N - 1) / (N - K_fx)
    V_fx <- f_fx * V_cu0
    fx_pkg <- "sandwich::vcovCL(lm, cluster=unit, type='HC0', cadjust=FALSE) * factor"
    if (kind == "pooling") {
      assert_close(V_fx, vcovHC(p, method = "arellano", type = "sss", cluster = "group"), paste(label, kind, "cluster_fixest vs plm sss"))
      fx_pkg <- "plm::vcovHC(method='arellano', type='sss', cluster='group')"
    }
    se$cluster_fixest <- se_block(V_fx, b, G - 1, f_fx, K_fx,
      paste("fixest feols(y ~ x | unit [+ year], cluster = ~unit), default ssc(adj=TRUE, fixef.K='nested', cluster.adj=TRUE, t.df='min'):",
        "[G/(G-1)]*[(N-1)/(N-K)], K = nparams minus (levels-1) of each FE nested in the cluster, +1 if all FE are nested",
        "(unit FE: slopes+1; unit+year FE: slopes+T) -- identical to 'cluster' (Stata xtreg) and to reghdfe 6.x"),
      pkg = fx_pkg)
  }

  f_cplm <- N / (N - k)
  V_cplm <- vcovHC(p, method = "arellano", type = "HC1", cluster = "group")
  assert_close(f_cplm * V_cu0, V_cplm, paste(label, kind, "cluster_plm"))
  se$cluster_plm <- se_block(V_cplm, b, G - 1, f_cplm, k,
    "plm vcovHC(method='arellano', type='HC1', cluster='group'): N/(N-k) * B (sum_g s_g s_g') B, k = ncol(X~); NO G/(G-1)",
    pkg = "plm::vcovHC(method='arellano', type='HC1', cluster='group')")
  se$cluster_plm_hc0 <- se_block(V_cu0_pkg, b, G - 1, 1, NA,
    "plm vcovHC(method='arellano', type='HC0', cluster='group'): no correction",
    pkg = "plm::vcovHC(method='arellano', type='HC0', cluster='group')")
  f_sss <- gadj * (N - 1) / (N - k)
  V_sss <- vcovHC(p, method = "arellano", type = "sss", cluster = "group")
  assert_close(f_sss * V_cu0, V_sss, paste(label, kind, "cluster_plm_sss"))
  se$cluster_plm_sss <- se_block(V_sss, b, G - 1, f_sss, k,
    "plm vcovHC(method='arellano', type='sss', cluster='group'): [G/(G-1)]*[(N-1)/(N-k)], k = ncol(X~)",
    pkg = "plm::vcovHC(method='arellano', type='sss', cluster='group')")

  # ---- two-way cluster (unit, time): V = V_unit + V_time - V_unit-x-time
  cell <- (unit - 1) * (Tn + 1) + time
  Gc <- length(unique(cell))
  M_ct <- meat_cluster(Xt, e, time)
  M_cc <- meat_cluster(Xt, e, cell)
  K_2w <- ks + 1
  adj_nk <- (N - 1) / (N - K_2w)
  V_2w <- adj_nk * sandwich_of(B, G / (G - 1) * M_cu + Tn / (Tn - 1) * M_ct - Gc / (Gc - 1) * M_cc)
  V_2w_pkg <- adj_nk * sw(sandwich::vcovCL(lmfit, cluster = data.frame(unit = dfl$unit, time = dfl$time),
    type = "HC0", cadjust = TRUE, multi0 = FALSE))
  assert_close(V_2w, V_2w_pkg, paste(label, kind, "twoway_cluster vs sandwich"))
  se$twoway_cluster <- se_block(V_2w, b, min(G, Tn) - 1, NA, K_2w,
    paste0("Cameron-Gelbach-Miller: [(N-1)/(N-K)] * B [G/(G-1) M_unit + T/(T-1) M_time - Gc/(Gc-1) M_unitxtime] B, ",
      "each component with its own G/(G-1) (Gc = number of unit x time cells = N when balanced); K = slopes + 1 ",
      "(intercept; for FE models every FE is nested in one of the two cluster dimensions, so reghdfe/fixest add back 1); t with min(G,T)-1 df"),
    pkg = "sandwich::vcovCL(lm, cluster=~unit+time, type='HC0', cadjust=TRUE, multi0=FALSE) * (N-1)/(N-K)")
  Gmin <- min(G, Tn)
  f_min <- Gmin / (Gmin - 1) * adj_nk
  V_2w_min <- f_min * sandwich_of(B, M_cu + M_ct - M_cc)
  assert_close(V_2w_min, f_min * sw(sandwich::vcovCL(lmfit, cluster = data.frame(unit = dfl$unit, time = dfl$time),
    type = "HC0", cadjust = FALSE, multi0 = FALSE)), paste(label, kind, "twoway_cluster_min vs sandwich"))
  se$twoway_cluster_reghdfe <- se_block(V_2w_min, b, Gmin - 1, f_min, K_2w,
    "reghdfe 6.x vce(cluster unit year) / fixest default (cluster.df='min'): [Gmin/(Gmin-1)]*[(N-1)/(N-K)] * B (M_unit + M_time - M_unitxtime) B, Gmin = min(G,T), K = slopes + 1",
    pkg = "sandwich::vcovCL(lm, cluster=~unit+time, type='HC0', cadjust=FALSE, multi0=FALSE) * factor")
  V_dc0 <- vcovDC(p, type = "HC0")
  assert_close(sandwich_of(B, M_cu + M_ct - M_w), V_dc0, paste(label, kind, "vcovDC HC0"))
  se$twoway_cluster_plm <- se_block(V_dc0, b, Gmin - 1, 1, NA,
    "plm vcovDC(type='HC0') = B (M_unit + M_time - M_white) B, no correction (intersection = observation-level White meat)",
    pkg = "plm::vcovDC(type='HC0')")
  V_dcs <- vcovDC(p, type = "sss")
  adj_k <- (N - 1) / (N - k)
  assert_close(adj_k * sandwich_of(B, G / (G - 1) * M_cu + Tn / (Tn - 1) * M_ct - N / (N - 1) * M_w), V_dcs,
    paste(label, kind, "vcovDC sss"))
  se$twoway_cluster_plm_sss <- se_block(V_dcs, b, Gmin - 1, NA, k,
    "plm vcovDC(type='sss') = [(N-1)/(N-k)] * B [G/(G-1) M_unit + T/(T-1) M_time - N/(N-1) M_white] B, k = ncol(X~)",
    pkg = "plm::vcovDC(type='sss')")

  # ---- Driscoll-Kraay (cluster = time, Bartlett)
  L_def <- floor(max(table(unit))^(1 / 4))
  dk_one <- function(L, nm) {
    V_own <- sandwich_of(B, meat_dk(Xt, e, time, L))
    V_pkg <- if (is.null(nm)) vcovSCC(p, type = "HC0") else vcovSCC(p, type = "HC0", maxlag = L)
    assert_close(V_own, V_pkg, paste(label, kind, "driscoll_kraay L =", L))
    V_pl <- sw(sandwich::vcovPL(lmfit, cluster = dfl$unit, order.by = dfl$time, lag = L, kernel = "Bartlett",
      adjust = FALSE, aggregate = TRUE))
    assert_close(V_own, V_pl, paste(label, kind, "driscoll_kraay vs sandwich::vcovPL L =", L))
    se_block(V_own, b, Tn - 1, 1, NA,
      paste0("Driscoll-Kraay: B [sum_t h_t h_t' + sum_{l=1}^{L} (1 - l/(L+1)) (Gamma_l + Gamma_l')] B, h_t = sum_i x~_it e_it, L = ", L,
        if (is.null(nm)) " (plm default floor(max(T_i)^(1/4)))" else "", "; no small-sample factor; p_t uses T-1 df"),
      pkg = paste0("plm::vcovSCC(type='HC0'", if (is.null(nm)) "" else paste0(", maxlag=", L), "); sandwich::vcovPL(lag=", L, ", kernel='Bartlett', adjust=FALSE, aggregate=TRUE)"))
  }
  se$driscoll_kraay <- dk_one(L_def, NULL)
  se$driscoll_kraay$maxlag <- L_def
  for (L in dk_lags) {
    nm <- paste0("driscoll_kraay_L", L)
    se[[nm]] <- dk_one(L, nm)
    se[[nm]]$maxlag <- L
  }

  res <- list(
    kind = switch(kind, pooling = "pooled OLS (plm model='pooling')", within1 = "one-way within, unit FE (plm model='within', effect='individual')",
      within2 = "two-way within, unit + period FE (plm model='within', effect='twoways')",
      random = "random effects, Swamy-Arora (plm model='random', random.method='swar')"),
    coefficients = b,
    N = N, groups = G, periods = Tn, balanced = balanced,
    k_slopes = ks, k_columns = k, df_resid = df_resid, rss = rss,
    r2_plm = r2_plm,
    r2_within = if (kind %in% c("within1", "within2")) r2_within_own else NULL,
    r2_transformed = if (kind %in% c("pooling", "random")) r2_within_own else NULL,
    r2_overall = r2_overall,
    r2_between = r2_between,
    model_test = model_test,
    model_test_cluster = model_test_cluster,
    se = se
  )
  if (kind == "within2") {
    # Stata's xtreg y x i.year, fe reports within R2 relative to the unit-demeaned y (year dummies are regressors)
    yd <- y_raw - ave(y_raw, unit)
    res$r2_within_stata_xtreg_iyear <- 1 - rss / sum(yd^2)
  }
  if (kind == "random") {
    ec <- ercomp(p)
    s2e <- unname(ec$sigma2["idios"])
    s2u <- unname(ec$sigma2["id"])
    theta <- as.numeric(ec$theta)
    # own Swamy-Arora (balanced): sigma2_e from the within regression, sigma2_1 = T*RSS_between/(G-ks-1)
    pw <- plm(form, data = pdat, model = "within")
    s2e_own <- sum(residuals(pw)^2) / (N - G - ks)
    pb <- plm(form, data = pdat, model = "between")
    s2_1 <- Tn * sum(residuals(pb)^2) / (G - ks - 1)
    s2u_own <- (s2_1 - s2e_own) / Tn
    theta_own <- 1 - sqrt(s2e_own / s2_1)
    assert_close(c(s2e, s2u, theta), c(s2e_own, s2u_own, theta_own), paste(label, "RE variance components"))
    res$sigma2_idiosyncratic <- s2e
    res$sigma2_individual <- s2u
    res$theta <- theta
    res$re_note <- paste(
      "sigma2_e = RSS_within/(N-G-k_s); sigma2_1 = T*RSS_between/(G-k_s-1); sigma2_u = (sigma2_1-sigma2_e)/T;",
      "theta = 1-sqrt(sigma2_e/sigma2_1); y~ = y - theta*ybar_i (intercept column 1-theta)"
    )
  }
  attr(res, "plm") <- p
  res
}

hausman <- function(fe, re, label) {
  pfe <- attr(fe, "plm")
  pre <- attr(re, "plm")
  h <- phtest(pfe, pre)
  cn <- names(coef(pfe))
  d <- coef(pfe)[cn] - coef(pre)[cn]
  Vd <- vcov(pfe)[cn, cn] - vcov(pre)[cn, cn]
  stat <- as.numeric(t(d) %*% solve(Vd) %*% d)
  assert_close(unname(h$statistic), stat, paste(label, "Hausman"))
  list(statistic = stat, df = length(cn), p = pchisq(stat, length(cn), lower.tail = FALSE),
    note = "phtest(one-way within, RE swar): (b_fe - b_re)' [V_fe - V_re]^-1 (b_fe - b_re) over slopes, conventional plm vcovs, chi2(k_s)")
}

strip <- function(m) {
  attr(m, "plm") <- NULL
  m
}

run_dataset <- function(pdat, form, label, formula_text) {
  m <- list(
    pooled = fit_model(pdat, form, "pooling", label),
    within_oneway = fit_model(pdat, form, "within1", label),
    within_twoway = fit_model(pdat, form, "within2", label),
    random_swar = fit_model(pdat, form, "random", label)
  )
  hs <- hausman(m$within_oneway, m$random_swar, label)
  list(formula = formula_text, models = lapply(m, strip), hausman = hs, .raw = m)
}

# ================================================================ Grunfeld
grun <- read.csv(file.path(shared, "data/panel/grunfeld.csv"))
pg <- pdata.frame(grun, index = c("firm", "year"))
res_g <- run_dataset(pg, inv ~ value + capital, "grunfeld", "inv ~ value + capital")
assert_published(res_g$models$within_oneway$coefficients[["value"]], 0.1101238, "Grunfeld within value")
assert_published(res_g$models$within_oneway$coefficients[["capital"]], 0.3100653, "Grunfeld within capital")

# ================================================================ Cigar
cig <- read.csv(file.path(shared, "data/panel/cigar.csv"))
cig$lsales <- log(cig$sales)
cig$lprice <- log(cig$price / cig$cpi)
cig$lndi <- log(cig$ndi / cig$cpi)
pc <- pdata.frame(cig, index = c("state", "year"))
res_c <- run_dataset(pc, lsales ~ lprice + lndi, "cigar", "log(sales) ~ log(price/cpi) + log(ndi/cpi)")
cw2 <- res_c$models$within_twoway
assert_published(cw2$coefficients[["lprice"]], -1.0348844, "Cigar two-way price")
assert_published(cw2$coefficients[["lndi"]], 0.5285428, "Cigar two-way ndi")
assert_published(cw2$se$conventional$se[["lprice"]], 0.04151906, "Cigar two-way SE price")
assert_published(cw2$se$conventional$se[["lndi"]], 0.04658276, "Cigar two-way SE ndi")

# Third-party printed values (Gretl 2016b output quoted in plm's tests/test_pwaldtest.R; Gretl applies
# Stata's cluster small-sample factor; its two-way model uses 19 time dummies):
gm <- res_g$models
assert_published(gm$within_oneway$se$cluster$se[["value"]], 0.0151945, "Gretl FE cluster SE value")
assert_published(gm$within_oneway$se$cluster$se[["capital"]], 0.0527518, "Gretl FE cluster SE capital")
assert_published(gm$within_oneway$model_test_cluster$F, 28.3096, "Gretl FE robust F(2,9)")
assert_published(gm$within_oneway$r2_within, 0.766758, "Gretl FE within R2")
assert_published(gm$within_twoway$se$cluster$se[["value"]], 0.0108244, "Gretl FE+dt cluster SE value")
assert_published(gm$within_twoway$se$cluster$se[["capital"]], 0.0478484, "Gretl FE+dt cluster SE capital")
assert_published(gm$within_twoway$model_test_cluster$F, 60.0821, "Gretl FE+dt robust F(2,9)")
assert_published(gm$within_twoway$r2_within_stata_xtreg_iyear, "0.798540", "Gretl FE+dt within R2")
assert_published(gm$pooled$se$cluster$se[["(Intercept)"]], 20.4252, "Gretl pooled cluster SE const")
assert_published(gm$pooled$se$cluster$se[["value"]], 0.0158943, "Gretl pooled cluster SE value")
assert_published(gm$pooled$se$cluster$se[["capital"]], 0.0849671, "Gretl pooled cluster SE capital")
assert_published(gm$pooled$model_test_cluster$F, "51.59060", "Gretl pooled robust F(2,9)")
assert_published(gm$random_swar$se$cluster$se[["(Intercept)"]], 24.8432, "Gretl RE cluster SE const")
assert_published(gm$random_swar$se$cluster$se[["value"]], 0.0137557, "Gretl RE cluster SE value")
assert_published(gm$random_swar$se$cluster$se[["capital"]], 0.0549728, "Gretl RE cluster SE capital")
assert_published(gm$random_swar$model_test_cluster$chisq, 70.1267, "Gretl RE robust chi2(2)")
assert_published(gm$random_swar$theta, 0.861224, "Gretl RE theta")
assert_published(gm$random_swar$r2_overall, 0.806104, "Gretl RE corr(y,yhat)^2")
# Stata xtreg digits quoted in a third-party test (openecon; "not re-run by us"): FE R2 within/between/overall
# and RE conventional SEs (these equal RSS~/(N-k) (X~'X~)^-1, i.e. plm's vcov, not sigma2_e (X~'X~)^-1)
assert_published(gm$within_oneway$r2_between, 0.8194, "Stata FE R2 between")
assert_published(gm$within_oneway$r2_overall, "0.8060", "Stata FE R2 overall")
assert_published(gm$random_swar$se$conventional$se[["(Intercept)"]], 28.8989, "Stata RE SE const")
assert_published(gm$random_swar$se$conventional$se[["value"]], 0.0104927, "Stata RE SE value")
assert_published(gm$random_swar$se$conventional$se[["capital"]], 0.0171805, "Stata RE SE capital")

drop_raw <- function(r) {
  r$.raw <- NULL
  r
}
out <- list(
  meta = list(
    generated_by = "test/reference/panel/panel_models.R",
    R = R.version.string,
    plm = as.character(packageVersion("plm")),
    sandwich = as.character(packageVersion("sandwich")),
    lmtest = as.character(packageVersion("lmtest")),
    jsonlite = as.character(packageVersion("jsonlite")),
    tolerance_package_vs_algebra = TOL,
    number_format = "%.17g",
    notation = paste(
      "B = (X~'X~)^-1 with X~ the regressors as transformed by the model (pooled: raw with intercept; within: demeaned;",
      "RE: quasi-demeaned incl. intercept column 1-theta); e = residuals of the transformed regression;",
      "M_white = sum e^2 x~ x~'; M_g = sum_g s_g s_g', s_g = sum_{i in g} x~_i e_i; N obs, G units, T periods,",
      "k_s slopes, k = ncol(X~). vcov matrices are in the order of 'coefficients'."
    ),
    r2 = list(
      r2_plm = "plm summary()$r.squared['rsq'] = cor(y~, X~ b)^2 on the transformed data (within: = within R2; RE: on quasi-demeaned data)",
      r2_within = "within models: 1 - RSS / sum((y~ - mean(y~))^2), y~ = y demeaned as the model demeans it (two-way: two-way demeaned)",
      r2_within_stata_xtreg_iyear = "two-way model only: 1 - RSS / sum((y - ybar_i)^2) = what xtreg y x i.year, fe prints as within R2",
      r2_transformed = "pooled/RE: 1 - RSS~ / sum((y~ - mean y~)^2) on the (quasi-)transformed data",
      r2_overall = "xtreg's overall R2: cor(y, x'b)^2 with raw y and raw slope regressors x times the slope estimates (no FE, intercept irrelevant)",
      r2_between = "xtreg's between R2: cor(ybar_i, xbar_i'b)^2 over units"
    )
  ),
  grunfeld = drop_raw(res_g),
  cigar = drop_raw(res_c)
)

# ================================================================ CN sci-tech example
cn_file <- file.path(shared, "data/cn-scitech/cn_provinces_scitech_2011_2022.csv")
ranks_file <- file.path(cn_ref, "ranks.csv")
if (file.exists(ranks_file)) {
  raw <- read.csv(cn_file, fileEncoding = "UTF-8", check.names = FALSE)
  idx <- read.csv(ranks_file, fileEncoding = "UTF-8-BOM", check.names = FALSE)
  idx <- idx[, c("unit", "period", "Index_topsis")]
  names(idx) <- c("province", "year", "y")
  d <- merge(raw[, c("province", "year", "rd_fte", "sci_papers", "rd_intensity")], idx, by = c("province", "year"), all.x = TRUE)
  n_all <- nrow(d)
  if (any(is.na(d$y))) stop("Index_topsis missing for some province-years")
  keep <- complete.cases(d[, c("rd_fte", "sci_papers", "rd_intensity", "y")]) & d$rd_fte > 0 & d$sci_papers > 0
  dropped <- d[!keep, c("province", "year")]
  d <- d[keep, ]
  d$x1 <- log(d$rd_fte)
  d$x2 <- log(d$sci_papers)
  d$x3 <- d$rd_intensity
  d$x3c <- d$x3 - mean(d$x3)
  # index values in the order of the raw CSV rows
  ord_raw <- raw[, c("province", "year")]
  iv <- merge(ord_raw, idx, by = c("province", "year"), sort = FALSE)
  iv <- iv[order(match(paste(iv$province, iv$year), paste(ord_raw$province, ord_raw$year))), ]
  pcn <- pdata.frame(d, index = c("province", "year"))
  res_cn <- run_dataset(pcn, y ~ x1 + x2 + x3, "cn", "Index_topsis ~ ln(rd_fte) + ln(sci_papers) + rd_intensity")
  # mediation (two-way FE) and moderation
  tw <- function(form, lab) strip(fit_model(pcn, form, "within2", lab))
  m_total <- tw(y ~ x1 + x3, "cn total")
  m_a <- tw(x2 ~ x1 + x3, "cn a-path")
  m_b <- tw(y ~ x1 + x2 + x3, "cn outcome")
  sobel <- function(conv) {
    a <- m_a$coefficients[["x1"]]
    sa <- m_a$se[[conv]]$se[["x1"]]
    bb <- m_b$coefficients[["x2"]]
    sb <- m_b$se[[conv]]$se[["x2"]]
    z <- a * bb / sqrt(bb^2 * sa^2 + a^2 * sb^2)
    list(convention = conv, a = a, se_a = sa, b = bb, se_b = sb, indirect = a * bb,
      se_indirect = sqrt(bb^2 * sa^2 + a^2 * sb^2), z = z, p_normal = 2 * pnorm(abs(z), lower.tail = FALSE))
  }
  m_mod <- tw(y ~ x1 + x3c + x1:x3c, "cn moderation")
  simple_slopes <- function(conv) {
    V <- m_mod$se[[conv]]$vcov
    cf <- m_mod$coefficients
    i1 <- which(names(cf) == "x1")
    i3 <- which(names(cf) == "x1:x3c")
    s <- sd(d$x3c)
    lapply(c(-1, 0, 1), function(kk) {
      w <- kk * s
      est <- cf[[i1]] + w * cf[[i3]]
      se <- sqrt(V[i1, i1] + w^2 * V[i3, i3] + 2 * w * V[i1, i3])
      list(at_sd = kk, x3c = w, slope = est, se = se, t = est / se,
        p_t_G_minus_1 = 2 * pt(abs(est / se), m_mod$se[[conv]]$df_t, lower.tail = FALSE))
    })
  }
  out$cn_scitech <- list(
    source = list(
      data = "NQPF_SHARED/data/cn-scitech/cn_provinces_scitech_2011_2022.csv (province, year)",
      index = "Index_topsis from ranks.csv of: NQPF_SHARED=/work/shared node bin/nqpf.js run examples/cn-scitech-entropy-topsis.yaml --out /tmp/cn-ref --quiet",
      variables = "y = Index_topsis, x1 = ln(rd_fte), x2 = ln(sci_papers), x3 = rd_intensity, x3c = x3 - mean(x3) over the estimation sample",
      listwise_drop = "rows with empty rd_fte / sci_papers / rd_intensity (or non-positive under log) dropped"
    ),
    n_rows_data = n_all,
    N_used = nrow(d),
    dropped_rows = if (nrow(dropped)) lapply(seq_len(nrow(dropped)), function(i) list(province = dropped$province[i], year = dropped$year[i])) else arr(c()),
    index_check = list(
      first5 = lapply(1:5, function(i) list(province = iv$province[i], year = iv$year[i], Index_topsis = iv$y[i])),
      order = "first five rows of the raw CSV (its row order)",
      sum_all = sum(iv$y),
      n_all = nrow(iv),
      sum_used = sum(d$y),
      mean_x3_used = mean(d$x3)
    ),
    main = drop_raw(res_cn),
    mediation_twoway = list(
      note = "two-way FE (unit + year); Sobel z = a*b / sqrt(b^2 sa^2 + a^2 sb^2), a = x1 in a-path, b = x2 in outcome model",
      total = m_total, a_path = m_a, outcome = m_b,
      sobel_cluster = sobel("cluster"),
      sobel_conventional = sobel("conventional"),
      sobel_cluster_plm_sss = sobel("cluster_plm_sss")
    ),
    moderation_twoway = list(
      note = "y ~ x1 + x3c + x1:x3c, two-way FE; simple slopes of x1 at x3c = -1, 0, +1 SD(x3c) (sd with n-1)",
      model = m_mod,
      sd_x3c = sd(d$x3c),
      simple_slopes_cluster = simple_slopes("cluster"),
      simple_slopes_conventional = simple_slopes("conventional")
    )
  )
} else {
  message("CN section skipped: ", ranks_file, " not found (run the nqpf CLI first, see header)")
}

txt <- to_json(out)
path <- file.path(out_dir, "expected.json")
writeLines(txt, path, useBytes = TRUE)
back <- fromJSON(path, simplifyVector = FALSE)
assert_close(back$cigar$models$within_twoway$coefficients$lprice, cw2$coefficients[["lprice"]], "JSON round trip", tol = 1e-15)
cat("wrote", path, "\n")

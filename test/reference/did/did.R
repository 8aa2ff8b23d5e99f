# Independent reference values for nqpf's difference-in-differences kernel (src/lenses/panel/did.ts):
# two-way FE DID, event study (leads/lags, binned or trimmed endpoints, pre-trend Wald F) and
# Callaway & Sant'Anna (2021) ATT(g,t) with analytical influence-function standard errors and the
# did::aggte aggregations (simple, dynamic, group). Written by hand with lm() / model.matrix() /
# explicit means; nothing is shared with the TypeScript code but the documented rules.
#
# Rerun:  Rscript test/reference/did/did.R
# Output: panel.csv (the simulated data, written first and read back, so R and the tests use the
#         same numbers) and expected.json, both next to this script.
#
# Rules (as the module comment of did.ts states them):
# - TWFE: y ~ D + x + unit dummies + period dummies (OLS). Clustered by unit, Stata's factor
#   G/(G-1) * (n-1)/(n-k'), k' = slopes + T (xtreg, fe with i.period: slopes, T-1 dummies, constant);
#   t reference with G-1 df.
# - Event study: dummies 1(rel = e) for e in {-leads..lags} minus the reference (-1); bin = TRUE puts
#   rel <= -leads into the -leads dummy and rel >= lags into the lags dummy; bin = FALSE drops the
#   treated units' observations outside the window. Never-treated units: no dummy. Pre-trend test:
#   F = b' V^-1 b / q over the lead dummies with the clustered V, p from F(q, G-1).
# - Callaway-Sant'Anna without covariates, balanced panel: ATT(g,t) = mean_{G=g}(Y_t - Y_b) -
#   mean_{C}(Y_t - Y_b); base b: "varying" = previous period for t < g, last period before g for
#   t >= g (no ATT for the first period); "universal" = last period before g for every t (ATT(g, b) = 0).
#   Control C: never treated, or not yet treated (never treated or first > max(t, b), first != g).
#   Influence function (n units): psi_i = n (1{G_i=g}(dY_i - m_g)/n_g - 1{i in C}(dY_i - m_C)/n_C);
#   se = sqrt(sum psi^2)/n (did::att_gt with bstrap = FALSE). Aggregations as did::aggte with the
#   weight-estimation term wif(); pg = n_g / n.

suppressPackageStartupMessages(library(jsonlite))
here <- local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f)) dirname(normalizePath(f)) else "test/reference/did"
})

# ---------------------------------------------------------------- data
set.seed(20261205)
nU <- 60
years <- 2011:2020
nT <- length(years)
cohort_of_unit <- rep(c(2014, 2016, 2018, NA), each = 15)
alpha <- rnorm(nU) + 0.3 * ifelse(is.na(cohort_of_unit), 0, (cohort_of_unit - 2016) / 2)
lambda <- 0.3 * (years - 2011) + rnorm(nT, sd = 0.5)
d0 <- expand.grid(t = seq_len(nT), u = seq_len(nU))
first <- cohort_of_unit[d0$u]
year <- years[d0$t]
x <- round(rnorm(nrow(d0)) + 0.2 * alpha[d0$u], 6)
D <- as.integer(!is.na(first) & year >= first)
e <- year - first
base_eff <- c(1, 2, 3)[match(first, c(2014, 2016, 2018))]
tau <- ifelse(D == 1, base_eff + 0.25 * e, 0)
y <- round(alpha[d0$u] + lambda[d0$t] + 0.5 * x + tau + rnorm(nrow(d0)), 6)
out <- data.frame(unit = sprintf("u%02d", d0$u), year = year, y = sprintf("%.6f", y), x = sprintf("%.6f", x),
                  first = ifelse(is.na(first), "", as.character(first)), d = D)
write.csv(out, file.path(here, "panel.csv"), row.names = FALSE, quote = FALSE)

dat <- read.csv(file.path(here, "panel.csv"), stringsAsFactors = FALSE)
dat$first[is.na(dat$first)] <- Inf
units <- unique(dat$unit)
tlist <- sort(unique(dat$year))
n <- nrow(dat)
G <- length(units)
T <- length(tlist)

# ---------------------------------------------------------------- TWFE and event study by LSDV
lsdv <- function(Xs, d) {
  X <- cbind(Xs, model.matrix(~ factor(unit) + factor(year), data = d))
  q <- qr(X)
  stopifnot(q$rank == ncol(X))
  b <- qr.coef(q, d$y)
  e <- qr.resid(q, d$y)
  B <- chol2inv(qr.R(q))[order(q$pivot), order(q$pivot)]
  k <- ncol(Xs)
  nn <- nrow(X)
  Gc <- length(unique(d$unit))
  Tc <- length(unique(d$year))
  S <- rowsum(X * e, d$unit)
  fac <- Gc / (Gc - 1) * (nn - 1) / (nn - (k + Tc))
  V <- fac * B %*% crossprod(S) %*% B
  Vc <- sum(e^2) / (nn - ncol(X)) * B
  list(b = b[1:k], V = V[1:k, 1:k, drop = FALSE], Vc = Vc[1:k, 1:k, drop = FALSE], df = Gc - 1, n = nn, G = Gc,
       dfc = nn - ncol(X), factor = fac)
}

tw <- lsdv(cbind(D = dat$d, x = dat$x), dat)
# Cross-check of the algebra with plm + sandwich (same Stata factor).
suppressPackageStartupMessages({ library(plm); library(sandwich) })
pm <- plm(y ~ d + x, data = pdata.frame(dat, index = c("unit", "year")), model = "within", effect = "twoways")
Vplm <- vcovHC(pm, method = "arellano", type = "HC0", cluster = "group") * tw$factor
stopifnot(abs(coef(pm)["d"] - tw$b[1]) < 1e-10, max(abs(Vplm - tw$V)) < 1e-12)

twfe <- list(
  estimate = tw$b[[1]], se = sqrt(tw$V[1, 1]), df = tw$df, t = tw$b[[1]] / sqrt(tw$V[1, 1]),
  p = 2 * pt(-abs(tw$b[[1]] / sqrt(tw$V[1, 1])), tw$df),
  ci = tw$b[[1]] + c(-1, 1) * qt(0.975, tw$df) * sqrt(tw$V[1, 1]),
  se_conventional = sqrt(tw$Vc[1, 1]), df_conventional = tw$dfc,
  x = tw$b[[2]], x_se = sqrt(tw$V[2, 2]), n = tw$n, units = tw$G,
  treated_units = length(unique(dat$unit[is.finite(dat$first)])), never_units = length(unique(dat$unit[!is.finite(dat$first)]))
)

event_study <- function(leads, lags, bin, ref = -1) {
  rel <- dat$year - dat$first # -Inf / NaN for never treated
  rel[!is.finite(dat$first)] <- NA
  d <- dat
  if (!bin) {
    keep <- is.na(rel) | (rel >= -leads & rel <= lags)
    d <- d[keep, ]
    rel <- rel[keep]
  } else {
    rel <- ifelse(is.na(rel), NA, pmin(pmax(rel, -leads), lags))
  }
  es <- setdiff(-leads:lags, ref)
  Xs <- sapply(es, function(k) as.numeric(!is.na(rel) & rel == k))
  colnames(Xs) <- paste0("e", es)
  Xs <- cbind(Xs, x = d$x)
  f <- lsdv(Xs, d)
  k <- length(es)
  se <- sqrt(diag(f$V))[1:k]
  crit <- qt(0.975, f$df)
  pre <- which(es < 0)
  bp <- f$b[pre]
  Vp <- f$V[pre, pre]
  Fst <- drop(t(bp) %*% solve(Vp, bp)) / length(pre)
  list(rel = es, estimate = unname(f$b[1:k]), se = unname(se), lo = unname(f$b[1:k] - crit * se), hi = unname(f$b[1:k] + crit * se),
       df = f$df, n = f$n, x = unname(f$b[k + 1]),
       pretrend = list(F = Fst, df1 = length(pre), df2 = f$df, p = pf(Fst, length(pre), f$df, lower.tail = FALSE)))
}

# ---------------------------------------------------------------- Callaway & Sant'Anna
wide <- function(unit, time, y) {
  us <- unique(unit)
  ts <- sort(unique(time))
  Y <- matrix(NA_real_, length(us), length(ts), dimnames = list(us, ts))
  Y[cbind(match(unit, us), match(time, ts))] <- y
  stopifnot(!anyNA(Y))
  Y
}
Ysim <- wide(dat$unit, dat$year, dat$y)
gUsim <- dat$first[match(rownames(Ysim), dat$unit)]
tlistSim <- tlist

cs <- function(control = "never", base = "varying", Y = Ysim, gU = gUsim, tlist = tlistSim) {
  G <- nrow(Y)
  glist <- sort(unique(gU[is.finite(gU)]))
  glist <- glist[glist > tlist[1]]
  rows <- data.frame()
  IF <- matrix(0, G, 0)
  for (g in glist) for (ti in seq_along(tlist)) {
    tt <- tlist[ti]
    bg <- max(tlist[tlist < g])
    if (base == "varying") {
      if (ti == 1) next
      b <- if (tt < g) tlist[ti - 1] else bg
    } else b <- bg
    if (base == "universal" && tt == b) {
      rows <- rbind(rows, data.frame(group = g, t = tt, base = b, att = 0, se = 0, n_treated = sum(gU == g), n_control = 0))
      IF <- cbind(IF, 0)
      next
    }
    tr <- gU == g
    ctrl <- if (control == "never") !is.finite(gU) else (!is.finite(gU) | (gU > max(tt, b) & gU != g))
    if (!any(ctrl)) next
    dY <- Y[, as.character(tt)] - Y[, as.character(b)]
    mg <- mean(dY[tr])
    mc <- mean(dY[ctrl])
    psi <- G * (tr * (dY - mg) / sum(tr) - ctrl * (dY - mc) / sum(ctrl))
    rows <- rbind(rows, data.frame(group = g, t = tt, base = b, att = mg - mc, se = sqrt(sum(psi^2)) / G,
                                   n_treated = sum(tr), n_control = sum(ctrl)))
    IF <- cbind(IF, psi)
  }
  pgg <- sapply(glist, function(g) mean(gU == g))
  pg <- pgg[match(rows$group, glist)]
  Gi <- ifelse(is.finite(gU), gU, 0)
  wif <- function(keep, pg, group) {
    s <- sum(pg[keep])
    if1 <- sapply(keep, function(k) (1 * (Gi == group[k]) - pg[k]) / s)
    if2 <- rowSums(sapply(keep, function(k) 1 * (Gi == group[k]) - pg[k])) %*% t(pg[keep] / s^2)
    matrix(if1, G) - if2
  }
  agg <- function(att, IFm, keep, w, wf) {
    psi <- IFm[, keep, drop = FALSE] %*% w
    if (!is.null(wf)) psi <- psi + wf %*% att[keep]
    psi
  }
  se_of <- function(psi) sqrt(mean(psi^2) / G)
  z <- qnorm(0.975)
  ci <- function(a, s) c(a - z * s, a + z * s)

  post <- which(rows$group <= rows$t)
  simple_att <- sum(rows$att[post] * pg[post]) / sum(pg[post])
  simple_psi <- agg(rows$att, IF, post, pg[post] / sum(pg[post]), wif(post, pg, rows$group))
  simple <- list(att = simple_att, se = se_of(simple_psi))

  erel <- rows$t - rows$group
  eseq <- sort(unique(erel))
  dyn <- lapply(eseq, function(e) {
    k <- which(erel == e)
    a <- sum(rows$att[k] * pg[k]) / sum(pg[k])
    psi <- agg(rows$att, IF, k, pg[k] / sum(pg[k]), wif(k, pg, rows$group))
    list(att = a, psi = psi)
  })
  dyn_att <- sapply(dyn, `[[`, "att")
  dyn_psi <- sapply(dyn, `[[`, "psi")
  epos <- eseq >= 0
  dyn_overall <- mean(dyn_att[epos])
  dyn_overall_psi <- dyn_psi[, epos, drop = FALSE] %*% rep(1 / sum(epos), sum(epos))

  grp <- lapply(glist, function(g) {
    k <- which(rows$group == g & rows$group <= rows$t)
    list(att = mean(rows$att[k]), psi = agg(rows$att, IF, k, rep(1 / length(k), length(k)), NULL))
  })
  grp_att <- sapply(grp, `[[`, "att")
  grp_psi <- sapply(grp, `[[`, "psi")
  grp_overall <- sum(grp_att * pgg) / sum(pgg)
  grp_overall_psi <- agg(grp_att, grp_psi, seq_along(glist), pgg / sum(pgg), wif(seq_along(glist), pgg, glist))

  list(
    control = control, base = base,
    attgt = lapply(seq_len(nrow(rows)), function(i) c(as.list(rows[i, ]), list(lo = ci(rows$att[i], rows$se[i])[1], hi = ci(rows$att[i], rows$se[i])[2]))),
    simple = c(simple, list(lo = ci(simple$att, simple$se)[1], hi = ci(simple$att, simple$se)[2])),
    dynamic = list(
      e = eseq, att = dyn_att, se = apply(dyn_psi, 2, se_of),
      overall = list(att = dyn_overall, se = se_of(dyn_overall_psi))
    ),
    group = list(
      g = glist, att = grp_att, se = apply(grp_psi, 2, se_of),
      overall = list(att = grp_overall, se = se_of(grp_overall_psi))
    ),
    n_units = G
  )
}

# ---------------------------------------------------------------- mpdta (did package data)
# County teen employment, 500 counties x 2003-2007 (did's data/mpdta.rda, Callaway & Sant'Anna 2021),
# as mpdta.csv (countyreal, year, lemp, first_treat; 0 = never treated). Set NQPF_MPDTA_RDA to the .rda
# (git show 71ba8a5:data/mpdta.rda in github.com/bcallaway11/did) to rewrite the CSV from it.
rda <- Sys.getenv("NQPF_MPDTA_RDA")
if (nzchar(rda)) {
  load(rda)
  m <- mpdta[order(mpdta$countyreal, mpdta$year), ]
  write.csv(data.frame(countyreal = m$countyreal, year = m$year, lemp = sprintf("%.10g", m$lemp), first_treat = m$first.treat),
            file.path(here, "mpdta.csv"), row.names = FALSE, quote = FALSE)
}
mp <- read.csv(file.path(here, "mpdta.csv"))
Ymp <- wide(mp$countyreal, mp$year, mp$lemp)
gUmp <- mp$first_treat[match(rownames(Ymp), mp$countyreal)]
gUmp[gUmp == 0] <- Inf
mpdta_cs <- cs("never", "varying", Ymp, gUmp, sort(unique(mp$year)))

expected <- list(
  meta = list(R = R.version.string, seed = 20261205, units = G, periods = T, cohorts = list(`2014` = 15, `2016` = 15, `2018` = 15, never = 15)),
  twfe = twfe,
  event_binned = event_study(4, 4, TRUE),
  event_trimmed = event_study(3, 3, FALSE),
  event_ref2 = event_study(4, 3, TRUE, ref = -2),
  cs_never_varying = cs("never", "varying"),
  cs_notyet_varying = cs("notyet", "varying"),
  cs_never_universal = cs("never", "universal"),
  mpdta_never_varying = mpdta_cs
)
writeLines(toJSON(expected, digits = I(17), auto_unbox = TRUE, pretty = TRUE, null = "null", na = "null"), file.path(here, "expected.json"))
cat("wrote", file.path(here, "expected.json"), "\n")

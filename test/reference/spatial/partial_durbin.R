# Partial Durbin terms (issue 16: "SDM (full or partial Durbin terms)"): R spatialreg 1.2-6 on Columbus, CRIME ~ INC + HOVAL
# with only INC lagged (Durbin = ~ INC), row-standardised contiguity (COL.nb GAL), method = "eigen", tol.opt = 1e-12:
# lagsarlm (SDM) with impacts(), errorsarlm (SDEM). Nothing here comes from nqpf.
# Usage: NQPF_SHARED=/work/shared Rscript test/reference/spatial/partial_durbin.R
suppressPackageStartupMessages({ library(spdep); library(spatialreg); library(jsonlite) })
shared <- Sys.getenv("NQPF_SHARED", "../shared")
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
d <- read.csv(file.path(shared, "data/columbus/columbus.csv"))
nb <- read.gal(file.path(shared, "data/columbus/columbus_contiguity.gal"), region.id = as.character(d$id))
lw <- nb2listw(nb, style = "W")
sdm <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, Durbin = ~ INC, method = "eigen", control = list(tol.opt = 1e-12))
sdem <- errorsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, Durbin = ~ INC, method = "eigen", control = list(tol.opt = 1e-12))
im <- impacts(sdm, listw = lw)
fit <- function(f, sp) list(param = unname(if (sp == "rho") f$rho else f$lambda), coef = as.list(f$coefficients), se = as.list(f$rest.se),
  sigma2 = f$s2, logLik = as.numeric(logLik(f)))
out <- list(meta = list(R = R.version.string, spatialreg = as.character(packageVersion("spatialreg"))),
  sdm = fit(sdm, "rho"), sdem = fit(sdem, "lambda"),
  sdm_impacts = list(names = attr(im, "bnames"), direct = im$direct, indirect = im$indirect, total = im$total))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "partial_durbin.json"))
print(names(sdm$coefficients)); print(names(sdem$coefficients))
cat("written\n")

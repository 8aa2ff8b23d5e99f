# Reference values for nqpf's optimal discretisation (OPGD) and the drop-singletons interaction detector
# (src/lenses/spatial/opgd.ts, issue 16), from the R package GD 10.8's own code (Song, Wang, Ge & Xu 2020,
# GIScience & Remote Sensing 57:593–610; GitHub mirror cran/GD): R/disc.R, R/optidisc.R, R/gd.R and R/gdinteract.R are
# sourced unchanged except that `BAMMtools::getJenksBreaks` is BAMMtools' R wrapper over its C routine jenksBrks.c,
# compiled here with R CMD SHLIB (BAMMtools, GD's only dependency, is not in Debian). GD is not in Debian either.
# Usage: Rscript opgd.R <dir with disc.R optidisc.R gd.R gdinteract.R ndvi_40.rda> <dir with jenksBrks.so>
# Data: GD's ndvi_40 (713 grid cells, Inner Mongolia NDVI change; GD's example data set), written beside this script as
# opgd_ndvi40.csv at full precision. Grid: methods equal, natural, quantile, geometric, sd × 3..7 intervals (GD's example
# uses c("equal", "natural", "quantile", "geometric", "sd") and 3:7). Output: opgd.json.
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(TRUE)
src <- args[1]; so <- args[2]
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
dyn.load(file.path(so, "jenksBrks.so"))
getJenksBreaks <- function(var, k, subset = NULL) {
  k <- k - 1
  if (k > length(unique(var))) k <- length(unique(var))
  brks <- rep(1, k + 1)
  d <- sort(var)
  .C("jenksBrks", as.double(d), as.integer(k), as.integer(length(d)), as.double(brks))[[4]]
}
for (f in c("disc", "optidisc", "gd", "gdinteract")) {
  txt <- readLines(file.path(src, paste0(f, ".R")))
  eval(parse(text = gsub("BAMMtools::getJenksBreaks", "getJenksBreaks", txt, fixed = TRUE)))
}
load(file.path(src, "ndvi_40.rda"))
d <- ndvi_40
write.csv(data.frame(lapply(d, function(v) if (is.numeric(v)) sprintf("%.17g", v) else as.character(v))), file.path(here, "opgd_ndvi40.csv"), row.names = FALSE, quote = FALSE)
d <- read.csv(file.path(here, "opgd_ndvi40.csv"))
methods <- c("equal", "natural", "quantile", "geometric", "sd")
vars <- c("Tempchange", "Precipitation", "GDP", "Popdensity")
od <- optidisc(NDVIchange ~ Tempchange + Precipitation + GDP + Popdensity, data = d, discmethod = methods, discitv = 3:7)
out <- list(meta = list(R = R.version.string, GD = "10.8 (cran/GD 1ce7c3c)", n = nrow(d)), methods = methods, classes = 3:7)
out$optidisc <- lapply(setNames(vars, vars), function(v) {
  r <- od[[v]]
  list(method = r$method, classes = r$n.itv, breaks = r$itv, qv = lapply(methods, function(m) unname(r$qv.matrix[, m])))
})
out$breaks <- lapply(setNames(vars, vars), function(v) lapply(setNames(methods, methods), function(m) lapply(3:7, function(n) disc(d[[v]], n, method = m)$itv)))
# Whether R's geometric breaks cover the data (its pow can leave an end break inside the range; JSON keeps 15 digits).
out$geometric_covers <- lapply(setNames(vars, vars), function(v) sapply(3:7, function(n) { b <- disc(d[[v]], n, method = "geometric")$itv; min(b) <= min(d[[v]]) && max(b) >= max(d[[v]]) }))
# Interaction detector, GD's drop-singletons variant, on the categorical factors and the optimal strata of two factors.
strat <- function(v) cut(d[[v]], od[[v]]$itv, include.lowest = TRUE)
d2 <- data.frame(NDVIchange = d$NDVIchange, Climatezone = d$Climatezone, Mining = d$Mining, Tempchange = strat("Tempchange"), GDP = strat("GDP"))
gi <- gdinteract(NDVIchange ~ Climatezone + Mining + Tempchange + GDP, data = d2)$Interaction
out$interaction <- lapply(seq_len(nrow(gi)), function(i) list(var1 = gi$var1[i], var2 = gi$var2[i], q1 = gi$qv1[i], q2 = gi$qv2[i], q12 = gi$qv12[i], type = as.character(gi$interaction[i])))
out$factor <- lapply(c("Climatezone", "Mining", "Tempchange", "GDP"), function(v) { g <- gd(as.formula(paste("NDVIchange ~", v)), data = d2)$Factor; list(variable = v, qv = g$qv, sig = g$sig) })
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "opgd.json"))
cat("written\n")

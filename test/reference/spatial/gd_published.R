# The GD package's published example (Song, Wang, Ge & Xu 2020, GIScience & Remote Sensing 57:593–610; GD 10.8 reference
# pages, https://ausgis.github.io/GD/reference/): gd, gdinteract, gdrisk and gdeco of NDVIchange ~ Climatezone + Mining on
# ndvi_40 (713 cells), run with GD 10.8's own code (cran/GD 1ce7c3c: R/gd.R, R/gdinteract.R, R/gdrisk.R, R/gdeco.R,
# R/v2m.R, data/ndvi_40.rda, sourced unchanged; GD is not in Debian). Before writing, every value printed on the reference
# pages is asserted against the run (q to its 7 printed decimals, the interaction q to 4, the Y/N matrices of the risk and
# ecological detectors), so the JSON holds the published example at full precision.
# Besides GD's own numbers the JSON holds, for nqpf's conventions (docs/spatial-models.md): the risk detector's two-sided
# p with the Welch–Satterthwaite df rounded to an integer (as the R package geodetector: pt(|t|, round(df))), and the
# ecological detector's F of Wang et al. (2010), F = N(N − 1)SSW_1 / (N(N − 1)SSW_2) with SSW = Σ_h Σ (y − ȳ_h)², and its
# two-sided p on (N − 1, N − 1) df (H0: SSW_1 = SSW_2) — written here in base R. Usage: Rscript gd_published.R <dir with the five GD files and ndvi_40.rda>
suppressPackageStartupMessages(library(jsonlite))
src <- commandArgs(TRUE)[1]
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
for (f in c("gd", "gdinteract", "gdrisk", "gdeco", "v2m")) source(file.path(src, paste0(f, ".R")))
load(file.path(src, "ndvi_40.rda"))
d <- ndvi_40

g <- gd(NDVIchange ~ Climatezone + Mining, data = d)$Factor
stopifnot(identical(sprintf("%.7f", g$qv), c("0.8218335", "0.1411154")))
stopifnot(identical(sprintf("%.6e", g$sig), c("7.340526e-10", "6.734163e-10")))
gi <- gdinteract(NDVIchange ~ Climatezone + Mining, data = d)$Interaction
stopifnot(identical(sprintf("%.4f", gi$qv12), "0.8345"))
gr <- gdrisk(NDVIchange ~ Climatezone + Mining, data = d)
# the printed matrices, read row by row below the diagonal (v2m's order = combn's order of the pairs)
printed <- list(Climatezone = c(Bwk = "Y", Dwa = "YY", Dwb = "YYN", Dwc = "YYYY"),
                Mining = c(low = "Y", medium = "YY", high = "YYN", `very high` = "NYYY"))
for (v in names(printed)) {
  r <- gr[[v]]
  lv <- levels(factor(d[[v]]))
  stopifnot(identical(lv[-1], names(printed[[v]])))
  for (k in seq_along(lv)[-1]) for (j in seq_len(k - 1)) {
    row <- which(as.character(r$itv1) == lv[j] & as.character(r$itv2) == lv[k])
    stopifnot(as.character(r$risk[row]) == substr(printed[[v]][k - 1], j, j))
  }
}
ge <- gdeco(NDVIchange ~ Climatezone + Mining, data = d)$Ecological
stopifnot(identical(as.character(ge$eco), "Y"))

ssw <- function(y, x) sum(tapply(y, x, function(v) sum((v - mean(v))^2)))
n <- nrow(d)
fw <- (n * (n - 1) * ssw(d$NDVIchange, d$Climatezone)) / (n * (n - 1) * ssw(d$NDVIchange, d$Mining))
out <- list(
  meta = list(R = R.version.string, GD = "10.8 (cran/GD 1ce7c3c)", n = n,
              source = "https://ausgis.github.io/GD/reference/ (gd, gdinteract, gdrisk, gdeco examples)"),
  printed = list(qv = c(Climatezone = 0.8218335, Mining = 0.1411154), sig = c(Climatezone = 7.340526e-10, Mining = 6.734163e-10),
                 q12 = 0.8345, eco = "Y"),
  factor = lapply(seq_len(nrow(g)), function(i) list(variable = g$variable[i], qv = g$qv[i], sig = g$sig[i])),
  interaction = list(var1 = gi$var1, var2 = gi$var2, q1 = gi$qv1, q2 = gi$qv2, q12 = gi$qv12, type = as.character(gi$interaction)),
  risk = lapply(gr[c("Climatezone", "Mining")], function(r) lapply(seq_len(nrow(r)), function(i) list(
    itv1 = as.character(r$itv1[i]), itv2 = as.character(r$itv2[i]), t = unname(r$t[i]), df = unname(r$df[i]), sig = r$sig[i],
    risk = as.character(r$risk[i]), p_round_df = 2 * pt(-abs(unname(r$t[i])), round(unname(r$df[i])))))),
  ecological = list(var1 = ge$var1, var2 = ge$var2, eco = as.character(ge$eco),
                    gd_ratio = gd(NDVIchange ~ Mining, data = d)$Factor$qv / gd(NDVIchange ~ Climatezone, data = d)$Factor$qv,
                    gd_f0 = qf(0.9, n - 1, n - 1), wang_f = fw, wang_p = min(1, 2 * min(pf(fw, n - 1, n - 1), pf(fw, n - 1, n - 1, lower.tail = FALSE))))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "gd_published.json"))
cat("written\n")

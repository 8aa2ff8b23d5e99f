# Cross-check (optional, not needed by CI): decompr's own kww() and leontief(), sourced from a checkout
# of github.com/bquast/decompr (GPL-3; read in place, nothing copied here), against expected.json.
# DECOMPR_SRC=/path/to/decompr NQPF_SHARED=/work/shared Rscript test/reference/gvc/decompr_crosscheck.R
src <- Sys.getenv("DECOMPR_SRC"); if (src == "") stop("set DECOMPR_SRC to a decompr checkout")
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
# stand-ins for decompr's compiled helper and its collapse / matrixStats imports (same arithmetic)
rowSums2 <- function(x, rows = seq_len(nrow(x)), cols = seq_len(ncol(x))) rowSums(x[rows, cols, drop = FALSE])
colSums2 <- function(x, rows = seq_len(nrow(x)), cols = seq_len(ncol(x))) colSums(x[rows, cols, drop = FALSE])
x_OP_y <- function(x, y, op, r, c, yi) { stopifnot(op == "*"); y[yi] * x[r, c] }
C_rowmult <- NULL
.Call <- function(f, x, v) x * outer(rep.int(1, nrow(x)), v)
source(file.path(src, "R/load_tables_vectors.R")); source(file.path(src, "R/kww.R")); source(file.path(src, "R/leontief.R")); source(file.path(src, "R/wwz.R"))
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
rd <- function(f) unname(as.matrix(read.csv(file.path(shared, "data/gvc", f), row.names = 1)))
d <- load_tables_vectors(x = rd("leather_intermediate.csv"), y = rd("leather_final.csv"),
  k = c("Argentina", "Turkey", "Germany"), i = c("Agriculture", "Textile_and_Leather", "Transport_Equipment"),
  o = rd("leather_output.csv")[, 1])
ref <- jsonlite::fromJSON(file.path(here, "expected.json"))
rel <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))
k <- as.matrix(kww(d)[, -1])
cat("decompr kww() vs expected.json kwwTerms, max rel diff:", rel(k, ref$kwwTerms), "\n")
cat("decompr leontief(post = exports) vs VBE:", rel(leontief(d, long = FALSE), ref$VBE), "\n")
cat("decompr leontief(post = final_demand) vs VBY:", rel(unname(leontief(d, post = "final_demand", long = FALSE)), ref$VBY), "\n")
stopifnot(rel(k, ref$kwwTerms) < 1e-12)
# WWZ (issue 18): decompr's wwz() against wwz_expected.json (rows: exporter s, partner r != s, sector i; decompr's rows are
# exporter, sector, partner including r = s, whose terms are zero)
wref <- jsonlite::fromJSON(file.path(here, "wwz_expected.json"), simplifyDataFrame = FALSE)
w <- wwz(d)
G <- 3L
mine <- t(sapply(wref$rows, function(x) unlist(w[(x$s - 1L) * 9L + (x$i - 1L) * G + x$r, wref$terms])))
want <- t(sapply(wref$rows, function(x) unlist(x$w)))
cat("decompr wwz() vs wwz_expected.json, max rel diff:", rel(mine, want), "\n")
stopifnot(rel(mine, want) < 1e-12)

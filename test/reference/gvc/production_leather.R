# Independent reference for the production-based GVC participation (Wang, Wei, Yu & Zhu 2017, NBER
# w23222, "Measures of participation in global value chains and global business cycles", eq. 1 and the
# participation indices of section 2): V^ B Y^ split into pure domestic V^ L Y^D, traditional trade
# V^ L Y^F, simple GVC V^ L A^F L Y^D and complex GVC V^ L A^F (B Y^ - L Y^D), with Y^ = diag(final goods
# of each sector, all destinations), Y^D its domestic part, Y^F = Y^ - Y^D, L the local inverse and A^F
# the foreign blocks of A. Forward (row sums, by the sector whose value added it is) and backward (column
# sums, by the sector producing the final goods); participation = (simple + complex) / VA (forward) and
# / final goods (backward); countries sum their sectors. Plain matrix algebra with solve() on decompr's
# leather (not from nqpf). Rscript test/reference/gvc/production_leather.R  (reads $NQPF_SHARED/data/gvc)
shared <- Sys.getenv("NQPF_SHARED", "/work/shared")
rd <- function(f) as.matrix(read.csv(file.path(shared, "data/gvc", f), row.names = 1))
Z <- unname(rd("leather_intermediate.csv"))
Y <- unname(rd("leather_final.csv"))
X <- unname(rd("leather_output.csv"))[, 1]
G <- 3L; N <- 3L; n <- G * N
ctry <- rep(1:G, each = N)
A <- sweep(Z, 2, X, "/")
I <- diag(n)
B <- solve(I - A)
VA <- X - colSums(Z)
Vh <- diag(VA / X)
same <- outer(ctry, ctry, "==")
AD <- A * same
AF <- A * !same
L <- solve(I - AD)
y <- rowSums(Y)
yD <- Y[cbind(1:n, ctry)]
Yh <- diag(y); YDh <- diag(yD); YFh <- Yh - YDh
parts <- list(
  D = Vh %*% L %*% YDh,
  RT = Vh %*% L %*% YFh,
  GVC_S = Vh %*% L %*% AF %*% L %*% YDh,
  GVC_C = Vh %*% L %*% AF %*% (B %*% Yh - L %*% YDh)
)
total <- Reduce(`+`, parts)
stopifnot(max(abs(total - Vh %*% B %*% Yh)) < 1e-9 * max(abs(total)))
fw <- sapply(parts, rowSums)   # n x 4
bw <- sapply(parts, colSums)   # n x 4
stopifnot(max(abs(rowSums(fw) - VA) / VA) < 1e-12, max(abs(rowSums(bw) - y) / abs(y)) < 1e-12)
cf <- rowsum(fw, ctry); cb <- rowsum(bw, ctry)
cva <- as.vector(rowsum(VA, ctry)); cy <- as.vector(rowsum(y, ctry))
out <- list(
  va = VA, final = y, forward = unname(fw), backward = unname(bw),
  forwardParticipation = (fw[, 3] + fw[, 4]) / VA, backwardParticipation = (bw[, 3] + bw[, 4]) / y,
  country = list(va = cva, final = cy, forward = unname(cf), backward = unname(cb),
                 forwardParticipation = (cf[, 3] + cf[, 4]) / cva, backwardParticipation = (cb[, 3] + cb[, 4]) / cy)
)
num <- function(x) if (is.list(x)) lapply(x, num) else if (is.matrix(x)) lapply(seq_len(nrow(x)), function(i) num(x[i, ])) else I(as.numeric(sprintf("%.17g", x)))
txt <- jsonlite::toJSON(num(out), digits = NA, pretty = TRUE, auto_unbox = FALSE)
here <- tryCatch(dirname(normalizePath(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))), error = function(e) ".")
writeLines(txt, file.path(here, "production_expected.json"))
cat("wrote production_expected.json; forward participation by country:", format(out$country$forwardParticipation, digits = 6), "\n")

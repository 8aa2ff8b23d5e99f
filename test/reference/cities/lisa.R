# Local Moran's I of a city-level variable on the built-in queen contiguity of the 287 cities of the city demo
# panel (issue 19: "LISA clusters at city level"), by spdep::localmoran — reference for
# test/analysis/spatial/city-builtin.test.ts. Inputs, all R's own or data:
# - the neighbour lists of contiguity.json (spdep poly2nb, queen, on the 337 polygons; contiguity.R), restricted to
#   the panel's cities; a city left without neighbours (海口, 三亚: they touch only county-level units) is linked
#   both ways to its nearest panel city by the great-circle distance between the sf centroids of contiguity.json
#   (haversine, R = 6371.0088 km), islands taken in code order (nqpf's islands: nearest);
# - x = grad_students_per_10k of 2023 from examples/demo/nqpf_demo_cities_2012_2023_SYNTHETIC.csv (complete in 2023),
#   matched to codes by lisa-codes.csv (the panel's city names and their GB/T 2260 codes, from the NBS list).
# spdep's defaults but the alternative: row-standardised W, conditional randomisation moments (Sokal et al. 1998), mlvar = TRUE;
# p for alternative = "greater" (nqpf's default) and "two.sided" (the default of spdep 1.2.7).
#
#   Rscript test/reference/cities/lisa.R test/reference/cities examples/demo/nqpf_demo_cities_2012_2023_SYNTHETIC.csv
suppressMessages({ library(spdep); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
ref <- fromJSON(file.path(args[1], "contiguity.json"), simplifyVector = FALSE)
map <- read.csv(file.path(args[1], "lisa-codes.csv"), colClasses = "character", encoding = "UTF-8")
d <- read.csv(args[2], encoding = "UTF-8", check.names = FALSE)
d <- d[d$year == 2023, ]
codes <- sort(map$code)
x <- d$grad_students_per_10k[match(map$city[match(codes, map$code)], d$city)]
stopifnot(length(codes) == 287, !anyNA(x))
nbl <- lapply(codes, function(c) sort(match(intersect(unlist(ref$queen[[c]]), codes), codes)))
lon <- sapply(codes, function(c) ref$centroids[[c]][[1]])
lat <- sapply(codes, function(c) ref$centroids[[c]][[2]])
rad <- pi / 180
hav <- function(i) {
  a <- sin((lat - lat[i]) * rad / 2)^2 + cos(lat[i] * rad) * cos(lat * rad) * sin((lon - lon[i]) * rad / 2)^2
  2 * 6371.0088 * asin(sqrt(a))
}
islands <- character(0)
for (i in seq_along(codes)) {
  if (length(nbl[[i]]) > 0) next
  dd <- hav(i)
  dd[i] <- Inf
  j <- which.min(dd)
  nbl[[i]] <- sort(c(nbl[[i]], j))
  nbl[[j]] <- sort(unique(c(nbl[[j]], i)))
  islands <- c(islands, paste(codes[i], "->", codes[j]))
}
nbl <- lapply(nbl, as.integer)
class(nbl) <- "nb"
attr(nbl, "region.id") <- codes
lw <- nb2listw(nbl, style = "W")
lm <- localmoran(x, lw, alternative = "greater")
lm2 <- localmoran(x, lw, alternative = "two.sided")
res <- list(
  source = paste("spdep", packageVersion("spdep"), "localmoran (conditional, mlvar; alternative greater and two.sided); nb2listw style W"),
  islands = islands,
  codes = codes, x = x,
  Ii = unname(lm[, "Ii"]), E = unname(lm[, "E.Ii"]), Var = unname(lm[, "Var.Ii"]), Z = unname(lm[, "Z.Ii"]),
  p = unname(lm[, 5]), p_two_sided = unname(lm2[, 5])
)
writeLines(toJSON(res, digits = NA), file.path(args[1], "lisa.json"))
cat("islands:", islands, "\n")

# Queen and rook contiguity of the 337 cities of the built-in city map, by spdep::poly2nb
# with the polygon centroids and their 4 nearest neighbours (reference for
# test/analysis/spatial/city-builtin.test.ts).
#
#   npx tsx test/reference/cities/export.ts /tmp/nqpf-cities.geojson
#   Rscript test/reference/cities/contiguity.R /tmp/nqpf-cities.geojson test/reference/cities/contiguity.json
#
# poly2nb with its default snap (sqrt(.Machine$double.eps)): the polygons' points lie on a 1/1024°
# grid (exact in binary), so shared borders match exactly. queen = TRUE: one shared boundary point
# suffices; queen = FALSE (rook): more than one shared point.
suppressMessages({ library(sf); library(spdep); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
sf_use_s2(FALSE)
x <- st_read(args[1], quiet = TRUE)
codes <- as.character(x$code)
lists <- function(nb) {
  out <- lapply(seq_along(nb), function(i) I(if (nb[[i]][1] == 0) character(0) else sort(codes[nb[[i]]])))
  names(out) <- codes
  out[order(codes)]
}
q <- poly2nb(x, queen = TRUE)
r <- poly2nb(x, queen = FALSE)
# Centroids (planar, area-weighted over the parts, holes subtracted: what nqpf's cityCentroid computes)
# and the 4 nearest neighbours of each by great-circle distance on a sphere of radius 6371.0088 km
# (haversine, written out here: spdep's knearneigh(longlat = TRUE) measures on the WGS84 ellipsoid,
# which orders two near-tied pairs differently).
cen <- suppressWarnings(st_coordinates(st_centroid(st_geometry(x))))
rad <- pi / 180
hav <- function(i) {
  dl <- (cen[, 2] - cen[i, 2]) * rad
  dg <- (cen[, 1] - cen[i, 1]) * rad
  a <- sin(dl / 2)^2 + cos(cen[i, 2] * rad) * cos(cen[, 2] * rad) * sin(dg / 2)^2
  2 * 6371.0088 * asin(sqrt(a))
}
knn <- lapply(seq_along(codes), function(i) { d <- hav(i); d[i] <- Inf; I(sort(codes[order(d)[1:4]])) })
names(knn) <- codes
res <- list(
  source = paste("spdep", packageVersion("spdep"), "poly2nb, default snap; sf", packageVersion("sf")),
  n = length(codes),
  queen_links = sum(card(q)), rook_links = sum(card(r)),
  queen = lists(q), rook = lists(r),
  centroids = setNames(lapply(seq_along(codes), function(i) unname(cen[i, 1:2])), codes)[order(codes)],
  knn4 = knn[order(codes)]
)
writeLines(toJSON(res, auto_unbox = TRUE, pretty = FALSE, digits = NA), args[2])
cat("queen links", sum(card(q)), "rook links", sum(card(r)), "islands", sum(card(q) == 0), "\n")

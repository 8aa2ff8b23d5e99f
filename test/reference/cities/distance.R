# Built-in inverse-distance weights of cities (issue 19: "inverse distance … from seat coordinates, built in"):
# rows of the row-standardised matrix w_ij = d_ij^-p / sum_k d_ik^-p over the other 336 cities (d_ij <= cutoff)
# for six cities far apart, from the sf centroids of contiguity.json (R's own, st_centroid) and the great-circle
# distance on a sphere of radius 6371.0088 km (haversine, written out as in contiguity.R). Reference for
# test/analysis/spatial/city-builtin.test.ts.
#
#   Rscript test/reference/cities/distance.R test/reference/cities/contiguity.json test/reference/cities/distance.json
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
ref <- fromJSON(args[1], simplifyVector = FALSE)
codes <- names(ref$centroids)
lon <- sapply(ref$centroids, function(p) p[[1]])
lat <- sapply(ref$centroids, function(p) p[[2]])
rad <- pi / 180
hav <- function(i) {
  dl <- (lat - lat[i]) * rad
  dg <- (lon - lon[i]) * rad
  a <- sin(dl / 2)^2 + cos(lat[i] * rad) * cos(lat * rad) * sin(dg / 2)^2
  2 * 6371.0088 * asin(sqrt(a))
}
row <- function(code, p, cutoff) {
  i <- match(code, codes)
  d <- hav(i)
  keep <- seq_along(codes) != i & d <= cutoff
  w <- d[keep]^-p
  as.list(setNames(w / sum(w), codes[keep]))
}
shown <- c("110000", "310000", "650100", "460200", "540100", "230100") # 北京 上海 乌鲁木齐 三亚 拉萨 哈尔滨
res <- list(
  source = "haversine (R = 6371.0088 km) between the sf centroids of contiguity.json",
  p1 = setNames(lapply(shown, row, p = 1, cutoff = Inf), shown),
  p2_cut500 = setNames(lapply(shown, row, p = 2, cutoff = 500), shown)
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA), args[2])
cat("p2_cut500 neighbours:", sapply(res$p2_cut500, length), "\n")

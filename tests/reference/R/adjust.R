# Reference values for src/surveysem/adjust.py (tests/test_adjust.py): R's
# p.adjust(p, method = "holm") on p-value vectors with ties, missing values (NA: not counted
# in the family), values adjusted past 1, a single p-value, and 40 random p-values.
cases <- list(
  basic = c(0.01, 0.04, 0.03, 0.5),
  with_na = c(0.01, 0.04, NA, 0.03, 0.5),
  ties = c(0.02, 0.02, 0.02, 0.001, 0.9),
  capped = c(0.3, 0.4, 0.45, 0.6),
  monotone = c(0.001, 0.011, 0.012, 0.013, 0.02, 0.2),
  single = c(0.04),
  all_na = c(NA, NA),
  zeros_ones = c(0, 1, 0, 0.5, NA, 1),
  random = c(runif(30)^3, runif(10))
)
rows <- do.call(rbind, lapply(names(cases), function(nm) {
  p <- cases[[nm]]
  data.frame(case = nm, position = seq_along(p), p = p, p_holm = p.adjust(p, method = "holm"))
}))
out(rows, "adjust/holm.csv")

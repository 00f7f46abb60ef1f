# Reference values for surveysem.scores: the level of each scale (psych::describe, type 2 =
# SPSS skewness and kurtosis; t.test against the scale midpoint) and the correlations between
# scale scores (cor.test: Pearson r, t-test p, Fisher z CI), on the groups fixture.
# Sourced by tests/reference/make_reference.R; standalone: Rscript tests/reference/R/scores.R
suppressPackageStartupMessages(library(psych))
if (!exists("out")) {
  out <- function(df, path) {
    f <- file.path("tests/reference", path)
    dir.create(dirname(f), showWarnings = FALSE, recursive = TRUE)
    write.csv(df, f, row.names = FALSE)
  }
}
options(digits = 15)

fx <- read.csv("tests/reference/groups/fixture.csv")
score <- function(d, items, min_share = 0.5) {
  m <- as.matrix(d[, items])
  answered <- rowSums(!is.na(m))
  s <- rowMeans(m, na.rm = TRUE)
  s[answered < min_share * length(items) - 1e-12] <- NA
  s
}
sc <- data.frame(EE = score(fx, c("ee1", "ee2", "ee3")), DP = score(fx, c("dp1", "dp2")))
rows <- lapply(names(sc), function(s) {
  x <- sc[[s]][!is.na(sc[[s]])]
  d <- psych::describe(x, type = 2)
  tt <- t.test(x, mu = 3)
  data.frame(scale = s, n = length(x), mean = mean(x), sd = sd(x), min = min(x), max = max(x),
             skew = d$skew, kurtosis = d$kurtosis, share_above_midpoint = mean(x > 3),
             t_midpoint = unname(tt$statistic), df_midpoint = unname(tt$parameter),
             p_midpoint = tt$p.value, d_midpoint = (mean(x) - 3) / sd(x))
})
out(do.call(rbind, rows), "scores/fixture_descriptives.csv")
ct <- cor.test(sc$EE, sc$DP)
out(data.frame(scale_a = "EE", scale_b = "DP", r = unname(ct$estimate),
               n = sum(complete.cases(sc)), pvalue = ct$p.value,
               ci_low = ct$conf.int[1], ci_high = ct$conf.int[2]),
    "scores/fixture_correlations.csv")

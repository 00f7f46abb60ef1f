# The classic group tests Chinese theses report, computed by hand in base R (car is not
# installed): Levene's test (median-centred as car::leveneTest's default, and mean-centred as
# SPSS) as aov() of the absolute deviations; Student's t (var.equal = TRUE) and the one-way
# ANOVA F; LSD (pairwise.t.test, pooled SD, no adjustment), Scheffe (F = t^2 / (k - 1)) and
# Tamhane's T2 (Welch t per pair, p = 1 - (1 - p)^m). Data: groups/fixture.csv (groups.R),
# EE = mean of ee1-ee3 on the rows that answered all three. Compared by tests/test_groups.py.
fx <- read.csv(file.path(ref_dir, "groups", "fixture.csv"))
d <- fx[complete.cases(fx[, c("ee1", "ee2", "ee3", "band")]), ]
d$EE <- rowMeans(d[, c("ee1", "ee2", "ee3")])
d$band <- factor(d$band)
levene <- function(y, g, f) {
  dev <- abs(y - ave(y, g, FUN = f))
  a <- summary(aov(dev ~ g))[[1]]
  data.frame(statistic = a$`F value`[1], df1 = a$Df[1], df2 = a$Df[2], pvalue = a$`Pr(>F)`[1])
}
a <- summary(aov(EE ~ band, data = d))[[1]]
g2 <- d[d$band %in% c("1", "2"), ]
st <- t.test(EE ~ band, data = droplevels(g2), var.equal = TRUE)
out(rbind(
  cbind(test = "levene_median", levene(d$EE, d$band, median)),
  cbind(test = "levene_mean", levene(d$EE, d$band, mean)),
  data.frame(test = "anova", statistic = a$`F value`[1], df1 = a$Df[1], df2 = a$Df[2],
             pvalue = a$`Pr(>F)`[1]),
  data.frame(test = "student_t_1_2", statistic = unname(st$statistic), df1 = unname(st$parameter),
             df2 = NA, pvalue = st$p.value)
), "groups/classic_tests.csv")

lev <- levels(d$band)
k <- length(lev); n <- nrow(d); m <- k * (k - 1) / 2
mse <- sum(tapply(d$EE, d$band, function(x) sum((x - mean(x))^2))) / (n - k)
lsd <- pairwise.t.test(d$EE, d$band, p.adjust.method = "none", pool.sd = TRUE)$p.value
rows <- list()
for (i in 1:(k - 1)) for (j in (i + 1):k) {
  a_ <- d$EE[d$band == lev[i]]; b_ <- d$EE[d$band == lev[j]]
  diff <- mean(b_) - mean(a_)
  t <- diff / sqrt(mse * (1 / length(a_) + 1 / length(b_)))
  w <- t.test(b_, a_, var.equal = FALSE)
  rows[[length(rows) + 1]] <- data.frame(
    level_a = lev[i], level_b = lev[j], diff = diff, t_lsd = t, p_lsd = lsd[j - 1, i],
    f_scheffe = t^2 / (k - 1), p_scheffe = pf(t^2 / (k - 1), k - 1, n - k, lower.tail = FALSE),
    t_welch = unname(w$statistic), df_welch = unname(w$parameter),
    p_tamhane = min(1, 1 - (1 - w$p.value)^m)
  )
}
out(do.call(rbind, rows), "groups/classic_posthoc.csv")

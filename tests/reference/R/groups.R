# Reference values for surveysem.groups: Welch t / Welch ANOVA, Games-Howell (hand-coded from
# Games & Howell 1976), Hedges' g and rank-biserial (effectsize 0.8.3), omega-squared
# (effectsize point estimate; CI by noncentral-F inversion, Steiger 2004), Kruskal-Wallis,
# Mann-Whitney, Holm, lm + VIF (car::vif for GVIF).
# Sourced by tests/reference/make_reference.R (working directory: the repository root); can also
# be run standalone: Rscript tests/reference/R/groups.R
# effectsize: Debian package r-cran-effectsize (apt-get install r-cran-effectsize).
suppressPackageStartupMessages({
  library(effectsize)
  library(car)
})
if (!exists("out")) {
  out <- function(df, path) {
    f <- file.path("tests/reference", path)
    dir.create(dirname(f), showWarnings = FALSE, recursive = TRUE)
    write.csv(df, f, row.names = FALSE)
  }
}
if (!exists("realdata")) realdata <- "../shared/realdata"
options(digits = 15)
ci_level <- 0.95

# ---------------------------------------------------------------- helpers (formulas as in groups.py)

# Games-Howell (Games & Howell 1976): pairs in level order, diff = mean_b - mean_a.
games_howell <- function(y, g, conf = ci_level) {
  levs <- levels(droplevels(g))
  k <- length(levs)
  rows <- list()
  for (i in 1:(k - 1)) for (j in (i + 1):k) {
    a <- y[g == levs[i]]
    b <- y[g == levs[j]]
    va <- var(a) / length(a)
    vb <- var(b) / length(b)
    se <- sqrt(va + vb)
    diff <- mean(b) - mean(a)
    t <- diff / se
    df <- (va + vb)^2 / (va^2 / (length(a) - 1) + vb^2 / (length(b) - 1))
    p <- ptukey(sqrt(2) * abs(t), k, df, lower.tail = FALSE)
    q <- qtukey(conf, k, df) / sqrt(2)
    g_ab <- hedges_g(b, a, pooled_sd = TRUE, ci = conf, verbose = FALSE)$Hedges_g
    rows[[length(rows) + 1]] <- data.frame(
      level_a = levs[i], level_b = levs[j], diff = diff, se = se, t = t, df = df,
      pvalue = p, ci_low = diff - q * se, ci_high = diff + q * se, hedges_g = g_ab
    )
  }
  do.call(rbind, rows)
}

# Omega-squared (classical one-way ANOVA, Hays) with CI: noncentral F inversion of the
# classical F for lambda, bounds lambda / (lambda + N) (Steiger 2004).
omega_ci <- function(y, g, conf = ci_level) {
  g <- droplevels(g)
  fit <- aov(y ~ g)
  w <- omega_squared(fit, partial = FALSE, ci = NULL, verbose = FALSE)$Omega2
  tab <- summary(fit)[[1]]
  f <- tab[1, "F value"]
  df1 <- tab[1, "Df"]
  df2 <- tab[2, "Df"]
  n <- length(y)
  alpha <- 1 - conf
  bound <- function(target) {
    if (pf(f, df1, df2) <= target) return(0)
    uniroot(function(nc) pf(f, df1, df2, ncp = nc) - target, c(0, max(10, 2 * f * df1) * 50),
            tol = 1e-12)$root
  }
  lo <- bound(1 - alpha / 2)
  hi <- bound(alpha / 2)
  c(omega = w, ci_low = lo / (lo + n), ci_high = hi / (hi + n), f_classical = f)
}

# One row per test, in the layout of results/groups/differences.csv (before Holm).
param_row <- function(outcome, group_var, y, g) {
  g <- droplevels(g)
  levs <- levels(g)
  if (length(levs) == 2) {
    a <- y[g == levs[1]]
    b <- y[g == levs[2]]
    tt <- t.test(b, a, var.equal = FALSE)
    hg <- hedges_g(b, a, pooled_sd = TRUE, ci = ci_level, verbose = FALSE)
    data.frame(outcome = outcome, group_var = group_var, test = "welch_t",
               statistic = unname(tt$statistic), df1 = unname(tt$parameter), df2 = NA,
               pvalue = tt$p.value, effect_size = hg$Hedges_g, effect_size_name = "hedges_g",
               es_ci_low = hg$CI_low, es_ci_high = hg$CI_high, family = "parametric",
               n = length(y), k = 2)
  } else {
    ow <- oneway.test(y ~ g, var.equal = FALSE)
    om <- omega_ci(y, g)
    data.frame(outcome = outcome, group_var = group_var, test = "welch_anova",
               statistic = unname(ow$statistic), df1 = unname(ow$parameter[1]),
               df2 = unname(ow$parameter[2]), pvalue = ow$p.value,
               effect_size = unname(om["omega"]), effect_size_name = "omega_squared",
               es_ci_low = unname(om["ci_low"]), es_ci_high = unname(om["ci_high"]),
               family = "parametric", n = length(y), k = length(levs))
  }
}

nonpar_row <- function(outcome, group_var, y, g) {
  g <- droplevels(g)
  levs <- levels(g)
  if (length(levs) == 2) {
    a <- y[g == levs[1]]
    b <- y[g == levs[2]]
    wt <- wilcox.test(b, a, exact = FALSE, correct = TRUE)
    rb <- rank_biserial(b, a, ci = ci_level, verbose = FALSE)
    data.frame(outcome = outcome, group_var = group_var, test = "mann_whitney",
               statistic = unname(wt$statistic), df1 = NA, df2 = NA, pvalue = wt$p.value,
               effect_size = rb$r_rank_biserial, effect_size_name = "rank_biserial",
               es_ci_low = rb$CI_low, es_ci_high = rb$CI_high, family = "nonparametric",
               n = length(y), k = 2)
  } else {
    kw <- kruskal.test(y, g)
    e2 <- rank_epsilon_squared(y, g, ci = NULL, verbose = FALSE)$rank_epsilon_squared
    data.frame(outcome = outcome, group_var = group_var, test = "kruskal_wallis",
               statistic = unname(kw$statistic), df1 = unname(kw$parameter), df2 = NA,
               pvalue = kw$p.value, effect_size = e2, effect_size_name = "epsilon_squared",
               es_ci_low = NA, es_ci_high = NA, family = "nonparametric",
               n = length(y), k = length(levs))
  }
}

add_holm <- function(d) {
  d$p_holm <- NA
  for (fam in unique(d$family)) {
    s <- d$family == fam
    d$p_holm[s] <- p.adjust(d$pvalue[s], "holm")
  }
  d
}

# lm coefficients with standardized beta, per-column VIF (diag of the inverse correlation
# matrix of the model-matrix columns) and car::vif GVIF per variable.
lm_table <- function(fit, outcome) {
  s <- summary(fit)
  co <- s$coefficients
  ci <- confint(fit, level = ci_level)
  X <- model.matrix(fit)[, -1, drop = FALSE]
  y <- model.response(model.frame(fit))
  vif_col <- if (ncol(X) >= 2) diag(solve(cor(X))) else rep(1, ncol(X))
  beta <- c(NA, coef(fit)[-1] * apply(X, 2, sd) / sd(y))
  res <- data.frame(outcome = outcome, term = rownames(co), b = co[, 1], se = co[, 2],
                    t = co[, 3], pvalue = co[, 4], ci_low = ci[, 1], ci_high = ci[, 2],
                    beta = beta, vif = c(NA, vif_col))
  fs <- s$fstatistic
  fitrow <- data.frame(outcome = outcome, n = nobs(fit), r2 = s$r.squared,
                       adj_r2 = s$adj.r.squared, f = unname(fs[1]), df1 = unname(fs[2]),
                       df2 = unname(fs[3]),
                       pvalue = pf(fs[1], fs[2], fs[3], lower.tail = FALSE))
  gv <- if (length(attr(terms(fit), "term.labels")) >= 2) car::vif(fit) else NULL
  list(coef = res, fit = fitrow, gvif = gv)
}

# ---------------------------------------------------------------- deterministic fixture
# 120 respondents; EE (3 items) and DP (2 items) on 1..5 with a few missing answers;
# gender (categorical 1/2), band (ordinal 1..3), station (categorical 1..4, level 4 tiny),
# age (numeric).
set.seed(20261122)
n <- 120
gender <- sample(1:2, n, replace = TRUE, prob = c(0.6, 0.4))
band <- sample(1:3, n, replace = TRUE, prob = c(0.3, 0.45, 0.25))
station <- sample(1:4, n, replace = TRUE, prob = c(0.45, 0.3, 0.22, 0.03))
age <- round(25 + 10 * band + rnorm(n, 0, 6))
latent_ee <- 0.4 * (gender == 2) + 0.5 * band + c(0, 0.6, -0.5, 0.8)[station] + rnorm(n, 0, 0.8 + 0.3 * (gender == 2))
latent_dp <- 0.5 * latent_ee + rnorm(n, 0, 0.9)
item <- function(lat) pmin(5, pmax(1, round(2 + lat + rnorm(n, 0, 0.7))))
fx <- data.frame(
  ee1 = item(latent_ee), ee2 = item(latent_ee), ee3 = item(latent_ee),
  dp1 = item(latent_dp), dp2 = item(latent_dp),
  gender = gender, band = band, station = station, age = age
)
fx$ee2[c(3, 17, 40)] <- NA
fx$ee3[c(3, 17)] <- NA          # respondents 3 and 17 answer 1 of 3 EE items -> no EE score
fx$dp1[c(5, 60)] <- NA          # respondents 5 and 60 answer 1 of 2 DP items -> DP score kept
fx$gender[c(8)] <- NA
out(fx, "groups/fixture.csv")

score <- function(d, items, min_share = 0.5) {
  m <- as.matrix(d[, items])
  answered <- rowSums(!is.na(m))
  s <- rowMeans(m, na.rm = TRUE)
  s[answered < min_share * length(items)] <- NA
  s
}
fx$EE <- score(fx, c("ee1", "ee2", "ee3"))
fx$DP <- score(fx, c("dp1", "dp2"))
fx$gender_f <- factor(fx$gender, levels = 1:2, labels = c("male", "female"))
fx$band_f <- factor(fx$band, levels = 1:3, labels = c("junior", "middle", "senior"))
fx$station_f <- factor(fx$station, levels = 1:4, labels = c("city", "town", "rural", "border"))
out(fx[, c("EE", "DP")], "groups/fixture_scores.csv")

groups_fx <- list(gender = "gender_f", band = "band_f", station = "station_f")
diffs <- list()
posts <- list()
descs <- list()
for (gv in names(groups_fx)) {
  for (o in c("EE", "DP")) {
    ok <- !is.na(fx[[o]]) & !is.na(fx[[groups_fx[[gv]]]])
    y <- fx[[o]][ok]
    g <- fx[[groups_fx[[gv]]]][ok]
    for (lev in levels(fx[[groups_fx[[gv]]]])) {
      v <- y[g == lev]
      descs[[length(descs) + 1]] <- data.frame(
        outcome = o, group_var = gv, level = lev, n = length(v),
        mean = if (length(v) < 5) NA else mean(v), sd = if (length(v) < 5) NA else sd(v),
        suppressed = length(v) < 5,
        ci_low = if (length(v) < 5) NA else t.test(v, conf.level = ci_level)$conf.int[1],
        ci_high = if (length(v) < 5) NA else t.test(v, conf.level = ci_level)$conf.int[2]
      )
    }
    diffs[[length(diffs) + 1]] <- param_row(o, gv, y, g)
    if (nlevels(droplevels(g)) > 2) {
      posts[[length(posts) + 1]] <- cbind(outcome = o, group_var = gv, games_howell(y, g))
    }
    if (gv == "band") diffs[[length(diffs) + 1]] <- nonpar_row(o, gv, y, g)
  }
}
out(add_holm(do.call(rbind, diffs)), "groups/fixture_differences.csv")
out(do.call(rbind, posts), "groups/fixture_posthoc.csv")
out(do.call(rbind, descs), "groups/fixture_descriptives.csv")

regs <- list()
fits <- list()
gvifs <- list()
for (o in c("EE", "DP")) {
  fit <- lm(as.formula(paste(o, "~ gender_f + band_f + station_f + age")), data = fx)
  r <- lm_table(fit, o)
  regs[[o]] <- r$coef
  fits[[o]] <- r$fit
  gvifs[[o]] <- data.frame(outcome = o, variable = rownames(r$gvif), gvif = r$gvif[, "GVIF"],
                           gvif_adj = r$gvif[, "GVIF^(1/(2*Df))"])
}
out(do.call(rbind, regs), "groups/fixture_regression.csv")
out(do.call(rbind, fits), "groups/fixture_regression_fit.csv")
out(do.call(rbind, gvifs), "groups/fixture_gvif.csv")

# ---------------------------------------------------------------- real data
if (dir.exists(realdata)) {
  # StressAtWork: sex (1/2) vs mean of the four MBI exhaustion items.
  saw <- read.csv(file.path(realdata, "stress_at_work/StressAtWork.csv"))
  saw$EE <- rowMeans(saw[, c("bo1", "bo6", "bo12", "bo19")])
  saw$TP <- rowMeans(saw[, c("zd1", "zd2", "zd6")])
  saw$sex_f <- factor(saw$sex, levels = 1:2, labels = c("s1", "s2"))
  rd <- rbind(param_row("EE", "sex", saw$EE, saw$sex_f), nonpar_row("EE", "sex", saw$EE, saw$sex_f))
  # Byrne teacher burnout: EE parcel means, elementary (ELEMIND1) vs secondary (ALLSEC) and
  # the three samples ELEMIND1 / ELEMIND2 / ALLSEC.
  rd_ee <- function(f) rowMeans(read.csv(file.path(realdata, "byrne_teacher_burnout", f))[, c("EE1", "EE2", "EE3")])
  e1 <- rd_ee("ELEMIND1.CSV")
  e2 <- rd_ee("ELEMIND2.CSV")
  sec <- rd_ee("ALLSEC.CSV")
  y2 <- c(e1, sec)
  g2 <- factor(rep(c("elementary", "secondary"), c(length(e1), length(sec))),
               levels = c("elementary", "secondary"))
  y3 <- c(e1, e2, sec)
  g3 <- factor(rep(c("elem1", "elem2", "secondary"), c(length(e1), length(e2), length(sec))),
               levels = c("elem1", "elem2", "secondary"))
  rd <- rbind(rd, param_row("EE", "level", y2, g2), nonpar_row("EE", "level", y2, g2),
              param_row("EE", "sample", y3, g3), nonpar_row("EE", "sample", y3, g3))
  out(add_holm(rd), "groups/realdata_differences.csv")
  out(cbind(outcome = "EE", group_var = "sample", games_howell(y3, g3)),
      "groups/realdata_posthoc.csv")
  fit <- lm(EE ~ sex_f + TP, data = saw)
  r <- lm_table(fit, "EE")
  out(r$coef, "groups/realdata_regression.csv")
  out(r$fit, "groups/realdata_regression_fit.csv")
}

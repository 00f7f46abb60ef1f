# Power references (surveysem.power): analytic RMSEA power (semTools) and a lavaan Monte Carlo
# simulation of a simple latent mediation model. Sourced by make_reference.R (which sets
# set.seed(20261122) first); the Monte Carlo part takes about 3 minutes.
#
# power/rmsea_semtools.csv  test, df, rmsea0, rmsea1, alpha, n, power, n_required
#   semTools::findRMSEApower (power at n) and findRMSEAsamplesize (n for power .80) for the
#   close (.05 vs .08), not-close (.05 vs .01) and exact (0 vs .05) tests.
# power/mediation_lavaan.csv  target, n, replications, power, bias, coverage, mean_se,
#   sd_est, converged_share, population_value
#   1,000 replications per n (100, 200): data drawn from the population covariance
#   (MASS::mvrnorm), fitted with lavaan sem() (ML, expected information), tests two-sided at
#   .05 (Wald; := effects by the delta method; chisq_exact_fit: the chi-square p-value).
suppressPackageStartupMessages(library(semTools))

# ---------------------------------------------------------------- analytic RMSEA power
tests <- list(close = c(0.05, 0.08), not_close = c(0.05, 0.01), exact = c(0, 0.05))
rows <- list()
for (name in names(tests)) {
  e <- tests[[name]]
  for (df in c(2, 10, 20, 50, 100)) {
    need <- findRMSEAsamplesize(rmsea0 = e[1], rmseaA = e[2], df = df, power = 0.80, alpha = 0.05)
    for (n in c(50, 100, 200, 400, 800)) {
      pw <- findRMSEApower(rmsea0 = e[1], rmseaA = e[2], df = df, n = n, alpha = 0.05)
      rows[[length(rows) + 1]] <- data.frame(
        test = name, df = df, rmsea0 = e[1], rmsea1 = e[2], alpha = 0.05, n = n,
        power = pw, n_required = need
      )
    }
  }
}
out(do.call(rbind, rows), "power/rmsea_semtools.csv")

# ---------------------------------------------------------------- Monte Carlo: mediation
population <- "
X =~ 1*x1 + 0.8*x2 + 0.7*x3
M =~ 1*m1 + 0.8*m2 + 0.7*m3
Y =~ 1*y1 + 0.8*y2 + 0.7*y3
M ~ 0.3*X
Y ~ 0.3*M + 0.1*X
X ~~ 1*X
M ~~ 0.91*M
Y ~~ 0.882*Y
x1 ~~ 0.5*x1
x2 ~~ 0.5*x2
x3 ~~ 0.5*x3
m1 ~~ 0.5*m1
m2 ~~ 0.5*m2
m3 ~~ 0.5*m3
y1 ~~ 0.5*y1
y2 ~~ 0.5*y2
y3 ~~ 0.5*y3
"
model <- "
X =~ x1 + x2 + x3
M =~ m1 + m2 + m3
Y =~ y1 + y2 + y3
M ~ a*X
Y ~ b*M + c*X
ab := a*b
total := c + a*b
"
truth <- c("M ~ X" = 0.3, "Y ~ M" = 0.3, "Y ~ X" = 0.1, "X -> M -> Y" = 0.09,
           "X -> Y" = 0.19, "chisq_exact_fit" = 24)
sigma <- lavInspect(lavaan(population, auto.var = FALSE), "implied")$cov
vars <- rownames(sigma)
reps <- 1000
mc_rows <- list()
for (n in c(100, 200)) {
  res <- matrix(NA_real_, reps, 3 * 5 + 2)
  conv <- logical(reps)
  for (r in seq_len(reps)) {
    d <- as.data.frame(MASS::mvrnorm(n, rep(0, length(vars)), sigma))
    names(d) <- vars
    fit <- sem(model, data = d)
    conv[r] <- lavInspect(fit, "converged")
    if (!conv[r]) next
    pe <- parameterEstimates(fit)
    pick <- c(which(pe$op == "~"), which(pe$lhs == "ab"), which(pe$lhs == "total"))
    res[r, ] <- c(pe$est[pick], pe$se[pick], pe$pvalue[pick],
                  fitMeasures(fit, c("chisq", "pvalue")))
  }
  targets <- c("M ~ X", "Y ~ M", "Y ~ X", "X -> M -> Y", "X -> Y")
  ok <- conv
  for (k in seq_along(targets)) {
    est <- res[ok, k]
    se <- res[ok, 5 + k]
    p <- res[ok, 10 + k]
    tv <- truth[[targets[k]]]
    mc_rows[[length(mc_rows) + 1]] <- data.frame(
      target = targets[k], n = n, replications = reps, power = mean(p < 0.05),
      bias = mean(est) - tv,
      coverage = mean(est - qnorm(0.975) * se <= tv & tv <= est + qnorm(0.975) * se),
      mean_se = mean(se), sd_est = sd(est), converged_share = mean(conv),
      population_value = tv
    )
  }
  chisq <- res[ok, 16]
  mc_rows[[length(mc_rows) + 1]] <- data.frame(
    target = "chisq_exact_fit", n = n, replications = reps, power = mean(res[ok, 17] < 0.05),
    bias = mean(chisq) - 24, coverage = NA, mean_se = NA, sd_est = sd(chisq),
    converged_share = mean(conv), population_value = 24
  )
}
out(do.call(rbind, mc_rows), "power/mediation_lavaan.csv")

# Reference values for src/surveysem/clean.py (tests/test_clean.py):
#   * Little's (1988) MCAR test. naniar / BaylorEdPsych are not installed, so the statistic is
#     written out here from Little (1988, eq. 5) with the maximum-likelihood (EM) moments taken
#     from an EM algorithm written out below (Little & Rubin 2002, sec. 11.2), iterated to a
#     change below 1e-13. As an independent check, a saturated lavaan model (all means,
#     variances, covariances free) fitted with missing = "ml" gives the same ML moments up to
#     its optimiser's tolerance (written as little_<mech>_em_lavaan.csv).
#   * Mahalanobis distances with stats::mahalanobis on complete data (ML covariance, divisor N).
# Two simulated data sets (MCAR and MAR missingness) are written as inputs.

library(MASS)

sim_data <- function(n, mech) {
  S <- matrix(c(1, .5, .4, .3,
                .5, 1, .45, .35,
                .4, .45, 1, .5,
                .3, .35, .5, 1), 4)
  d <- as.data.frame(MASS::mvrnorm(n, mu = c(3, 2.5, 3.2, 2.8), Sigma = S))
  names(d) <- paste0("v", 1:4)
  if (mech == "mcar") {
    for (j in 2:4) d[runif(n) < 0.15, j] <- NA
  } else {
    d$v2[d$v1 > quantile(d$v1, 0.7) & runif(n) < 0.8] <- NA
    d$v3[d$v1 < quantile(d$v1, 0.25) & runif(n) < 0.7] <- NA
    d$v4[runif(n) < 0.1] <- NA
  }
  d
}

em_norm <- function(d, tol = 1e-13, max_iter = 10000) {
  x <- as.matrix(d)
  n <- nrow(x)
  p <- ncol(x)
  mu <- colMeans(x, na.rm = TRUE)
  S <- diag(apply(x, 2, var, na.rm = TRUE) * (colSums(!is.na(x)) - 1) / colSums(!is.na(x)))
  for (it in 1:max_iter) {
    T1 <- rep(0, p)
    T2 <- matrix(0, p, p)
    for (i in 1:n) {
      o <- !is.na(x[i, ])
      xi <- x[i, ]
      C <- matrix(0, p, p)
      if (any(!o)) {
        B <- S[!o, o, drop = FALSE] %*% solve(S[o, o, drop = FALSE])
        xi[!o] <- mu[!o] + B %*% (x[i, o] - mu[o])
        C[!o, !o] <- S[!o, !o, drop = FALSE] - B %*% S[o, !o, drop = FALSE]
      }
      T1 <- T1 + xi
      T2 <- T2 + xi %*% t(xi) + C
    }
    mu_new <- T1 / n
    S_new <- T2 / n - mu_new %*% t(mu_new)
    delta <- max(abs(mu_new - mu), abs(S_new - S))
    mu <- mu_new
    S <- S_new
    if (delta < tol) break
  }
  dimnames(S) <- list(colnames(x), colnames(x))
  names(mu) <- colnames(x)
  list(mean = mu, cov = S, iterations = it)
}

little_ref <- function(d) {
  vars <- names(d)
  d <- d[rowSums(!is.na(d)) > 0, , drop = FALSE]
  pairs <- combn(vars, 2, FUN = function(v) paste(v[1], "~~", v[2]))
  mod <- paste(c(pairs, paste(vars, "~~", vars), paste(vars, "~ 1")), collapse = "\n")
  fit <- lavaan(mod, data = d, missing = "ml", control = list(rel.tol = 1e-14))
  imp <- lavInspect(fit, "implied")
  lav <- data.frame(variable = vars, mean = as.numeric(imp$mean[vars]),
                    imp$cov[vars, vars], check.names = FALSE)
  em <- em_norm(d)
  S <- em$cov
  mu <- em$mean
  r <- !is.na(as.matrix(d))
  key <- apply(r, 1, function(x) paste(as.integer(x), collapse = ""))
  d2 <- 0
  df <- 0
  for (k in unique(key)) {
    rows <- as.matrix(d[key == k, , drop = FALSE])
    o <- r[which(key == k)[1], ]
    ybar <- colMeans(rows[, o, drop = FALSE])
    dev <- ybar - mu[o]
    d2 <- d2 + nrow(rows) * as.numeric(t(dev) %*% solve(S[o, o, drop = FALSE]) %*% dev)
    df <- df + sum(o)
  }
  df <- df - length(vars)
  list(
    test = data.frame(chi2 = d2, df = df, p = pchisq(d2, df, lower.tail = FALSE),
                      n_patterns = length(unique(key))),
    moments = data.frame(variable = vars, mean = as.numeric(mu), S, check.names = FALSE),
    lavaan = lav
  )
}

for (mech in c("mcar", "mar")) {
  d <- sim_data(300, mech)
  out(d, sprintf("clean/little_%s_input.csv", mech))
  ref <- little_ref(d)
  out(ref$test, sprintf("clean/little_%s.csv", mech))
  out(ref$moments, sprintf("clean/little_%s_em.csv", mech))
  out(ref$lavaan, sprintf("clean/little_%s_em_lavaan.csv", mech))
}

# Mahalanobis distances on complete data: stats::mahalanobis with the ML covariance.
d <- as.data.frame(MASS::mvrnorm(60, mu = c(0, 1, 2), Sigma = diag(3) + 0.5))
names(d) <- c("a", "b", "c")
S_ml <- cov(d) * (nrow(d) - 1) / nrow(d)
d2 <- mahalanobis(d, colMeans(d), S_ml)
out(d, "clean/mahalanobis_input.csv")
out(data.frame(d2 = d2, p = pchisq(d2, 3, lower.tail = FALSE)), "clean/mahalanobis.csv")

# Reference values for surveysem.reliability and surveysem.efa (psych 2.2.9, semTools 0.5-6,
# lavaan 0.6-14, GPArotation). Sourced by tests/reference/make_reference.R (working directory: the
# repository root); can also be run standalone: Rscript tests/reference/R/reliability.R
suppressPackageStartupMessages({
  library(lavaan)
  library(semTools)
  library(psych)
  library(GPArotation)
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

rel_datasets <- list()
hs <- HolzingerSwineford1939[, paste0("x", 1:9)]
out(hs, "reliability/holzinger.csv")
rel_datasets$hs <- list(
  data = hs,
  scales = list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"),
                speed = c("x7", "x8", "x9"))
)
mbi_file <- file.path(realdata, "byrne_teacher_burnout/MBIELM1.CSV")
if (file.exists(mbi_file)) {
  mbi <- read.csv(mbi_file)
  rel_datasets$mbi <- list(
    data = mbi,
    scales = list(EE = paste0("ITEM", c(1, 2, 3, 6, 8, 13, 14, 16, 20)),
                  DP = paste0("ITEM", c(5, 10, 11, 15, 22)),
                  PA = paste0("ITEM", c(4, 7, 9, 12, 17, 18, 19, 21)))
  )
}
pras_file <- file.path(realdata, "prasojo2020_teacher_burnout/teachers_burnout_prasojo2020.csv")
if (file.exists(pras_file)) {
  pras <- read.csv(pras_file)
  rel_datasets$prasojo <- list(
    data = pras,
    scales = list(TSC = paste0("TSC", 1:5), TE = paste0("TE", 1:5), EE = paste0("EE", 1:5),
                  DE = paste0("DE", 1:3), RPA = paste0("RPA", 1:5))
  )
}

rel_model <- function(scales) {
  paste(sprintf("%s =~ %s", names(scales), sapply(scales, paste, collapse = " + ")),
        collapse = "\n")
}

for (nm in names(rel_datasets)) {
  d <- rel_datasets[[nm]]$data
  scales <- rel_datasets[[nm]]$scales
  items <- unlist(scales, use.names = FALSE)
  d <- d[, items]
  n <- nrow(d)

  # --- alpha, Feldt CI, item statistics -------------------------------------------------------
  alpha_rows <- list()
  item_rows <- list()
  omega_rows <- list()
  for (s in names(scales)) {
    x <- d[, scales[[s]]]
    a <- psych::alpha(x, check.keys = FALSE, warnings = FALSE)
    ci <- psych::alpha.ci(a$total$raw_alpha, n.obs = nrow(x), n.var = ncol(x), p.val = 0.05)
    alpha_rows[[s]] <- data.frame(scale = s, n_items = ncol(x), n = nrow(x),
                                  alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
                                  alpha_ci_low = ci$lower.ci, alpha_ci_high = ci$upper.ci)
    item_rows[[s]] <- data.frame(scale = s, item = rownames(a$item.stats),
                                 mean = a$item.stats$mean, sd = a$item.stats$sd,
                                 item_total_r = a$item.stats$r.drop,
                                 alpha_if_deleted = a$alpha.drop$raw_alpha)
    # McDonald's omega from the one-factor ML CFA of the scale (model-implied total variance)
    fit1 <- cfa(rel_model(scales[s]), data = x, estimator = "ML")
    om <- compRelSEM(fit1, obs.var = FALSE, tau.eq = FALSE)
    om_obs <- compRelSEM(fit1, obs.var = TRUE, tau.eq = FALSE)
    omega_rows[[s]] <- data.frame(scale = s, omega = as.numeric(om[s]),
                                  omega_obs = as.numeric(om_obs[s]))
  }
  out(do.call(rbind, alpha_rows), sprintf("reliability/%s_alpha.csv", nm))
  out(do.call(rbind, item_rows), sprintf("reliability/%s_items.csv", nm))
  out(do.call(rbind, omega_rows), sprintf("reliability/%s_omega.csv", nm))

  # --- multi-factor CFA: estimates, CR, AVE, HTMT ---------------------------------------------
  model <- rel_model(scales)
  fit <- cfa(model, data = d, estimator = "ML")
  pe <- parameterEstimates(fit, standardized = TRUE)
  est <- data.frame(lhs = pe$lhs, op = pe$op, rhs = pe$rhs, est = pe$est, se = pe$se, z = pe$z,
                    pvalue = pe$pvalue, ci_low = pe$ci.lower, ci_high = pe$ci.upper,
                    std_all = pe$std.all)
  out(est, sprintf("reliability/%s_cfa_estimates.csv", nm))
  cr_fit <- compRelSEM(fit, obs.var = FALSE, tau.eq = FALSE)
  cr_obs <- compRelSEM(fit, obs.var = TRUE, tau.eq = FALSE)
  ave_fit <- AVE(fit, obs.var = FALSE)
  ave_obs <- AVE(fit, obs.var = TRUE)
  ss <- standardizedSolution(fit)
  cr_rows <- list()
  for (s in names(scales)) {
    l <- ss$est.std[ss$op == "=~" & ss$lhs == s]
    cr_rows[[s]] <- data.frame(
      scale = s,
      cr_fl = sum(l)^2 / (sum(l)^2 + sum(1 - l^2)),     # Fornell & Larcker (1981), std loadings
      ave_fl = mean(l^2),
      cr_semtools_fitted = as.numeric(cr_fit[s]), cr_semtools_observed = as.numeric(cr_obs[s]),
      ave_semtools_fitted = as.numeric(ave_fit[s]), ave_semtools_observed = as.numeric(ave_obs[s])
    )
  }
  out(do.call(rbind, cr_rows), sprintf("reliability/%s_cr_ave.csv", nm))
  h1 <- htmt(model, data = d, htmt2 = FALSE)
  h2 <- htmt(model, data = d, htmt2 = TRUE)
  hr <- list()
  for (i in seq_along(scales)) for (j in seq_along(scales)) if (i < j) {
    a <- names(scales)[i]; b <- names(scales)[j]
    hr[[length(hr) + 1]] <- data.frame(scale_a = a, scale_b = b, htmt = h1[b, a],
                                       htmt2 = h2[b, a])
  }
  out(do.call(rbind, hr), sprintf("reliability/%s_htmt.csv", nm))

  # --- factorability, parallel analysis observed eigenvalues, EFA -----------------------------
  r <- cor(d)
  k <- KMO(r)
  out(data.frame(item = c("overall", names(k$MSAi)), msa = c(k$MSA, as.numeric(k$MSAi))),
      sprintf("reliability/%s_kmo.csv", nm))
  b <- cortest.bartlett(r, n = n)
  out(data.frame(chisq = b$chisq, df = b$df, pvalue = b$p.value, n = n),
      sprintf("reliability/%s_bartlett.csv", nm))
  set.seed(1)
  pa <- fa.parallel(d, fm = "minres", fa = "both", plot = FALSE, n.iter = 5)
  out(data.frame(index = seq_along(pa$pc.values), pc_values = pa$pc.values,
                 fa_values = pa$fa.values), sprintf("reliability/%s_parallel.csv", nm))
  nf <- length(scales)
  for (fm in c("minres", "ml")) {
    f <- fa(r, nfactors = nf, n.obs = n, fm = fm, rotate = "oblimin")
    L <- unclass(f$loadings)
    ld <- data.frame(item = rownames(L), L, h2 = f$communality, check.names = FALSE)
    colnames(ld)[2:(nf + 1)] <- paste0("F", 1:nf)
    out(ld, sprintf("reliability/%s_fa_%s.csv", nm, fm))
    phi <- data.frame(factor = paste0("F", 1:nf), f$Phi)
    colnames(phi)[2:(nf + 1)] <- paste0("F", 1:nf)
    out(phi, sprintf("reliability/%s_fa_%s_phi.csv", nm, fm))
    # unrotated solution too (extraction check independent of rotation)
    fu <- fa(r, nfactors = nf, n.obs = n, fm = fm, rotate = "none")
    Lu <- unclass(fu$loadings)
    lu <- data.frame(item = rownames(Lu), Lu, h2 = fu$communality, check.names = FALSE)
    colnames(lu)[2:(nf + 1)] <- paste0("F", 1:nf)
    out(lu, sprintf("reliability/%s_fa_%s_unrotated.csv", nm, fm))
  }
  # Harman's single-factor test: first unrotated principal component's share of total variance
  pc1 <- principal(r, nfactors = 1, rotate = "none")
  out(data.frame(n_items = ncol(d), first_eigenvalue = pc1$values[1],
                 share = pc1$values[1] / ncol(d)), sprintf("reliability/%s_harman.csv", nm))
}

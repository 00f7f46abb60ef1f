# Reference values for ordinal items: thresholds, two-step polychoric correlations and WLSMV
# (lavaan 0.6-14: `ordered = <all items>`, estimator "WLSMV" = DWLS with W = diag(Gamma)^-1,
# robust.sem SEs, scaled-shifted test, delta parameterization, zero.add = c(0.5, 0)), and the
# ordinal reliabilities of semTools 0.5-6. Sourced by make_reference.R after common.R.
#
# Files (below tests/reference/ordinal/), for every <model>:
#   <model>_estimates.csv, _fit.csv, _r2.csv, _options.csv   (write_lavaan_fit, see README)
#   <model>_thresholds.csv   `name` (item|tK), `value`: lavInspect(fit, "sampstat")$th
#   <model>_polychoric.csv   the polychoric correlation matrix (`variable` + one column per item)
#   <model>_gamma_diag.csv   `stat`, `gamma`: diag(lavInspect(fit, "gamma")) (thresholds, then
#                            correlations in lavaan's vech order, below the diagonal by column)
#   <model>_test.csv         `name`, `value`: chisq, df, chisq.scaled, trace.UGamma,
#                            trace.UGamma2, scaling.factor, shift.parameter, fmin
# prasojo_onefactor_wlsmv_* (every item on one factor) and prasojo_harman_wlsmv_lrt.csv
# (lavTestLRT(five_factor, one_factor): `model`, `df`, `chisq`, `chisq_diff`, `df_diff`, `pvalue`).
# CFAs also write <model>_reliability.csv: `scale`, `omega_categorical` (compRelSEM(fit), the
# defaults: Green & Yang 2009 on the ordinal scale), `alpha_ordinal` (compRelSEM(fit,
# tau.eq = TRUE, ord.scale = FALSE): alpha of the polychoric matrix, Zumbo et al. 2007) and
# `omega_latent` (compRelSEM(fit, ord.scale = FALSE): on the latent-response scale).

suppressPackageStartupMessages(library(semTools))

ord_fit_and_write <- function(fun, model, data, prefix, items, ...) {
  message("  fitting ", prefix)
  fit <- fun(model, data = data, ordered = items, estimator = "WLSMV", ...)
  write_lavaan_fit(fit, paste0("ordinal/", prefix))
  ss <- lavInspect(fit, "sampstat")
  out(data.frame(name = names(ss$th), value = as.numeric(ss$th)),
      sprintf("ordinal/%s_thresholds.csv", prefix))
  out_matrix(ss$cov, sprintf("ordinal/%s_polychoric.csv", prefix))
  g <- lavInspect(fit, "gamma", add.labels = TRUE)
  out(data.frame(stat = rownames(g), gamma = diag(g)), sprintf("ordinal/%s_gamma_diag.csv", prefix))
  ts <- fit@test$scaled.shifted
  out(data.frame(
    name = c("chisq", "df", "chisq_scaled", "trace_ugamma", "trace_ugamma2", "scaling_factor",
             "shift_parameter", "fmin", "ntotal"),
    value = c(fit@test$standard$stat, fit@test$standard$df, ts$stat, ts$trace.UGamma,
              ts$trace.UGamma2, ts$scaling.factor, ts$shift.parameter, fit@optim$fx,
              lavInspect(fit, "ntotal"))
  ), sprintf("ordinal/%s_test.csv", prefix))
  fit
}

write_ordinal_reliability <- function(fit, prefix) {
  om <- compRelSEM(fit)
  al <- compRelSEM(fit, tau.eq = TRUE, ord.scale = FALSE)
  la <- compRelSEM(fit, ord.scale = FALSE)
  out(data.frame(scale = names(om), omega_categorical = as.numeric(om),
                 alpha_ordinal = as.numeric(al[names(om)]),
                 omega_latent = as.numeric(la[names(om)])),
      sprintf("ordinal/%s_reliability.csv", prefix))
}

# ---------------------------------------------------------------------------------------
# 0. A small synthetic data set with binary items and empty cells (the zero.add rules)
# ---------------------------------------------------------------------------------------
# 300 respondents; b1..b4 binary, o1, o2 three categories. b4 = 1 only when b1 = 1 (an empty
# cell in the b1 x b4 table, so lavaan adds 0.5 keeping the margins); o2 never takes its top
# category together with b2 = 0 (an empty cell in a 2 x 3 table: zero.add[2] = 0, nothing added).
set.seed(20261122)
n <- 300
f <- rnorm(n)
ystar <- sapply(1:6, function(j) 0.7 * f + sqrt(1 - 0.49) * rnorm(n))
syn <- data.frame(
  b1 = as.integer(ystar[, 1] > -0.3) + 1L,
  b2 = as.integer(ystar[, 2] > 0.2) + 1L,
  b3 = as.integer(ystar[, 3] > 0.8) + 1L,
  b4 = as.integer(ystar[, 4] > 0.5) + 1L,
  o1 = as.integer(cut(ystar[, 5], c(-Inf, -0.5, 0.6, Inf))),
  o2 = as.integer(cut(ystar[, 6], c(-Inf, -0.2, 1.0, Inf)))
)
syn$b4[syn$b1 == 1L] <- 1L
syn$o2[syn$b2 == 1L & syn$o2 == 3L] <- 2L
out(syn, "data/ordinal_synthetic.csv")
syn_items <- names(syn)
ord_fit_and_write(cfa, paste("F =~", paste(syn_items, collapse = " + ")), syn, "synthetic_cfa",
                  syn_items)

if (!have_realdata) {
  message("  realdata absent: Prasojo and MBI ordinal references skipped")
} else {
  # -------------------------------------------------------------------------------------
  # 1. Prasojo et al. (2020): five-point items, five-factor CFA and the structural model
  # -------------------------------------------------------------------------------------
  pr <- read.csv(realdata_file("prasojo2020_teacher_burnout", "teachers_burnout_prasojo2020.csv"))
  pr_items <- names(pr)
  pr_cfa <- "
  TSC =~ TSC1 + TSC2 + TSC3 + TSC4 + TSC5
  TE  =~ TE1 + TE2 + TE3 + TE4 + TE5
  EE  =~ EE1 + EE2 + EE3 + EE4 + EE5
  DE  =~ DE1 + DE2 + DE3
  RPA =~ RPA1 + RPA2 + RPA3 + RPA4 + RPA5
  "
  fit <- ord_fit_and_write(cfa, pr_cfa, pr, "prasojo_cfa_wlsmv", pr_items)
  write_ordinal_reliability(fit, "prasojo_cfa_wlsmv")

  # Harman's single factor under WLSMV and lavTestLRT's scaled difference test (for WLSMV:
  # method "satorra.2000", A.method "delta", scaled.shifted)
  message("  fitting prasojo_onefactor_wlsmv")
  one <- cfa(paste("g =~", paste(pr_items, collapse = " + ")), data = pr, ordered = pr_items,
             estimator = "WLSMV")
  write_lavaan_fit(one, "ordinal/prasojo_onefactor_wlsmv")
  lrt <- as.data.frame(lavTestLRT(fit, one))
  out(data.frame(model = c("five_factor", "one_factor"), df = lrt[["Df"]], chisq = lrt[["Chisq"]],
                 chisq_diff = lrt[["Chisq diff"]], df_diff = lrt[["Df diff"]],
                 pvalue = lrt[["Pr(>Chisq)"]]),
      "ordinal/prasojo_harman_wlsmv_lrt.csv")

  # the authors' structural model (TSC5, TE4, EE5, RPA5 dropped), every indirect and total
  # effect of TSC through TE as a defined parameter (delta method with the robust vcov)
  pr_sem <- "
  TSC =~ TSC1 + TSC2 + TSC3 + TSC4
  TE  =~ TE1 + TE2 + TE3 + TE5
  EE  =~ EE1 + EE2 + EE3 + EE4
  DE  =~ DE1 + DE2 + DE3
  RPA =~ RPA1 + RPA2 + RPA3 + RPA4
  TE ~ a*TSC
  EE ~ c1*TSC + b1*TE
  DE ~ c2*TSC + b2*TE
  RPA ~ c3*TSC + b3*TE
  ind_ee := a*b1
  ind_de := a*b2
  ind_rpa := a*b3
  tot_ee := c1 + a*b1
  tot_de := c2 + a*b2
  tot_rpa := c3 + a*b3
  "
  sem_items <- setdiff(pr_items, c("TSC5", "TE4", "EE5", "RPA5"))
  ord_fit_and_write(sem, pr_sem, pr[, sem_items], "prasojo_sem_wlsmv", sem_items)

  # the CFA with missing cells (1-based row i, item position j in the file: NA when
  # (i * 7 + j * 13) %% 17 == 0) and lavaan's pairwise deletion
  pr_miss <- pr
  for (j in seq_along(pr_items)) {
    i <- seq_len(nrow(pr_miss))
    pr_miss[(i * 7 + j * 13) %% 17 == 0, pr_items[j]] <- NA
  }
  ord_fit_and_write(cfa, pr_cfa, pr_miss, "prasojo_cfa_wlsmv_pairwise", pr_items,
                    missing = "pairwise")

  # ULSMV on the complete data (unweighted least squares, same robust corrections)
  message("  fitting prasojo_cfa_ulsmv")
  fit_u <- cfa(pr_cfa, data = pr, ordered = pr_items, estimator = "ULSMV")
  write_lavaan_fit(fit_u, "ordinal/prasojo_cfa_ulsmv")

  # -------------------------------------------------------------------------------------
  # 2. Byrne's MBI items, ELEMM1 (N = 372, seven-point frequency scale)
  # -------------------------------------------------------------------------------------
  mbi <- read.csv(realdata_file("byrne_teacher_burnout", "ELEMM1.CSV"))
  mbi_items <- paste0("ITEM", 1:22)
  mbi_cfa <- "
  EE =~ ITEM1 + ITEM2 + ITEM3 + ITEM6 + ITEM8 + ITEM13 + ITEM14 + ITEM16 + ITEM20
  DP =~ ITEM5 + ITEM10 + ITEM11 + ITEM15 + ITEM22
  PA =~ ITEM4 + ITEM7 + ITEM9 + ITEM12 + ITEM17 + ITEM18 + ITEM19 + ITEM21
  "
  fit <- ord_fit_and_write(cfa, mbi_cfa, mbi[, mbi_items], "mbi_elemm1_cfa_wlsmv", mbi_items)
  write_ordinal_reliability(fit, "mbi_elemm1_cfa_wlsmv")
}

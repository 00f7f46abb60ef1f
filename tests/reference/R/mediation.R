# Reference values for the competing partial-mediation model (surveysem.mediation): the
# hypothesised structural model and the model with the direct X -> Y paths its mediation
# hypotheses leave out, their fit, and lavTestLRT's difference test (ML: plain; MLR:
# method = "satorra.bentler.2001"; WLSMV: its default, Satorra 2000 scaled-shifted).
# Sourced by tests/reference/make_reference.R after common.R. Writes mediation/<case>_fit.csv (model, index, value), mediation/<case>_lrt.csv
# (delta_chisq, delta_df, delta_pvalue) and mediation/<case>_paths.csv (the `~` rows of
# both models: model, lhs, rhs, est, se, ci_low, ci_high, std_all).

fit_cols <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "aic", "bic")
mlr_cols <- c("chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "cfi.robust",
              "tli.robust", "rmsea.robust")

wlsmv_cols <- c("chisq", "df", "chisq.scaled", "df.scaled", "pvalue.scaled", "cfi.scaled",
                "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust", "rmsea.robust", "srmr")

competing_case <- function(case, model0, model1, data, estimator = "ML", ...) {
  message("  fitting ", case, " (", estimator, ")")
  f0 <- sem(model0, data = data, estimator = estimator, ...)
  f1 <- sem(model1, data = data, estimator = estimator, ...)
  if (!lavInspect(f0, "converged") || !lavInspect(f1, "converged")) stop(case, " did not converge")
  cols <- switch(estimator, MLR = c(fit_cols, mlr_cols), WLSMV = wlsmv_cols, fit_cols)
  fits <- do.call(rbind, lapply(list(hypothesised = f0, competing = f1), function(f) {
    v <- fitMeasures(f, cols)
    data.frame(index = gsub(".", "_", names(v), fixed = TRUE), value = as.numeric(v))
  }))
  fits$model <- rep(c("hypothesised", "competing"), each = length(cols))
  out(fits[, c("model", "index", "value")], paste0("mediation/", case, "_fit.csv"))
  lrt <- if (estimator == "MLR") {
    lavTestLRT(f1, f0, method = "satorra.bentler.2001")
  } else {
    lavTestLRT(f1, f0)
  }
  lrt <- as.data.frame(lrt)
  out(data.frame(delta_chisq = lrt[["Chisq diff"]][2], delta_df = lrt[["Df diff"]][2],
                 delta_pvalue = lrt[["Pr(>Chisq)"]][2]),
      paste0("mediation/", case, "_lrt.csv"))
  paths <- do.call(rbind, lapply(list(hypothesised = f0, competing = f1), function(f) {
    pe <- parameterEstimates(f, standardized = TRUE)
    pe <- pe[pe$op == "~", ]
    data.frame(lhs = pe$lhs, rhs = pe$rhs, est = pe$est, se = pe$se, ci_low = pe$ci.lower,
               ci_high = pe$ci.upper, std_all = pe$std.all)
  }))
  paths$model <- sub("\\..*$", "", rownames(paths))
  out(paths[, c("model", "lhs", "rhs", "est", "se", "ci_low", "ci_high", "std_all")],
      paste0("mediation/", case, "_paths.csv"))
}

# 1. The default study (ML), when the pipeline has produced results/clean/data.csv: the
#    hypothesised mediations WL -> EE -> DP and WL -> EE -> WI have no direct path, so the
#    competing model adds DP ~ WL and WI ~ WL (SR -> DP is in the model already).
if (file.exists("config.yaml") && file.exists("results/clean/data.csv") &&
    file.exists("tests/reference/sem/default_model.csv")) {
  # The default model as sem.R writes it (sem/default_model.csv): product terms under
  # surveysem's internal names (X__x__W), a latent product measured by double-mean-centred
  # matched-pair indicators a__x__b (semTools::indProd), formed here from the same pairs.
  m0 <- read.csv("tests/reference/sem/default_model.csv")$model[1]
  dat <- read.csv("results/clean/data.csv", check.names = FALSE)
  for (ln in strsplit(m0, "\n")[[1]]) {
    if (!grepl("__x__.* =~ ", ln)) next
    inds <- trimws(strsplit(sub("^.*=~", "", ln), "\\+")[[1]])
    pairs <- do.call(rbind, strsplit(inds, "__x__", fixed = TRUE))
    dat <- semTools::indProd(dat, var1 = pairs[, 1], var2 = pairs[, 2], match = TRUE,
                             meanC = TRUE, residualC = FALSE, doubleMC = TRUE,
                             namesProd = inds)
  }
  competing_case("default_ml", m0, paste(m0, "DP ~ WL\nWI ~ WL", sep = "\n"), dat)
} else {
  message("  results/clean/data.csv absent: skipping the default-study competing model")
}

# 2. Prasojo et al. (2020), teachers, MLR: self-concept -> efficacy -> exhaustion with the
#    direct path left out of the hypothesised model (the competing model adds EE ~ TSC).
if (have_realdata) {
  pr <- read.csv(realdata_file("prasojo2020_teacher_burnout", "teachers_burnout_prasojo2020.csv"))
  pr0 <- "
  TSC =~ TSC1 + TSC2 + TSC3 + TSC4
  TE  =~ TE1 + TE2 + TE3 + TE5
  EE  =~ EE1 + EE2 + EE3 + EE4
  DE  =~ DE1 + DE2 + DE3
  TE  ~ TSC
  EE  ~ TE
  DE  ~ TSC + TE + EE
  "
  competing_case("prasojo_mlr", pr0, paste(pr0, "EE ~ TSC", sep = "\n"), pr, estimator = "MLR")
  # the same models with the items ordinal (WLSMV): lavTestLRT's default scaled-shifted
  # difference test (Satorra 2000, A.method = "delta")
  competing_case("prasojo_wlsmv", pr0, paste(pr0, "EE ~ TSC", sep = "\n"), pr,
                 estimator = "WLSMV", ordered = TRUE)
}

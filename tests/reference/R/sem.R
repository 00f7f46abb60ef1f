# Reference values for CFA, SEM and measurement invariance (lavaan 0.6-14 defaults:
# ML with N in the fit function, first loading fixed to 1, exogenous latent covariances
# free). Sourced by tests/reference/make_reference.R after common.R; see README.md for
# every file written here.

# Complete lavaan fit + all its reference CSVs.
fit_and_write <- function(fun, model, data, prefix, ...) {
  message("  fitting ", prefix)
  fit <- fun(model, data = data, ...)
  write_lavaan_fit(fit, paste0("sem/", prefix))
  fit
}

# lavTestLRT(...) as a tidy table; `models` are the names of the fits, in order.
tidy_lrt <- function(lrt, models) {
  lrt <- as.data.frame(lrt)
  data.frame(
    model = models,
    df = lrt[["Df"]],
    aic = lrt[["AIC"]],
    bic = lrt[["BIC"]],
    chisq = lrt[["Chisq"]],
    chisq_diff = lrt[["Chisq diff"]],
    rmsea_diff = lrt[["RMSEA"]],
    df_diff = lrt[["Df diff"]],
    pvalue = lrt[["Pr(>Chisq)"]]
  )
}

# ---------------------------------------------------------------------------------------
# 1. Holzinger & Swineford (1939)
# ---------------------------------------------------------------------------------------
hs_vars <- paste0("x", 1:9)
hs <- HolzingerSwineford1939[, c("id", "sex", "school", hs_vars)]
hs$school <- as.character(hs$school)
out(hs, "data/holzinger.csv")

hs_model <- "
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
"
hs_ml <- fit_and_write(cfa, hs_model, hs, "hs_cfa_ml")
hs_mlr <- fit_and_write(cfa, hs_model, hs, "hs_cfa_mlr", estimator = "MLR")

# Sample statistics lavaan works with (covariance divides by N, not N - 1), and the
# model-implied covariance matrix of the ML fit.
ss <- lavInspect(hs_ml, "sampstat")
out_matrix(ss$cov, "sem/hs_sampstat_cov.csv")
out(data.frame(
  variable = hs_vars,
  mean = as.numeric(colMeans(hs[, hs_vars])),
  var_n = as.numeric(diag(ss$cov)),
  var_n_minus_1 = as.numeric(apply(hs[, hs_vars], 2, var))
), "sem/hs_sampstat_moments.csv")
out_matrix(lavInspect(hs_ml, "implied")$cov, "sem/hs_cfa_ml_implied_cov.csv")

# Modification indices of the ML 3-factor model, 20 largest.
mi <- modindices(hs_ml, sort. = TRUE, maximum.number = 20)
out(as.data.frame(mi), "sem/hs_cfa_ml_modindices.csv")

# Harman single-factor model and the chi-square difference test against 3 factors.
hs_one <- "g =~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9"
hs_onefit <- fit_and_write(cfa, hs_one, hs, "hs_onefactor_ml")
out(tidy_lrt(lavTestLRT(hs_ml, hs_onefit), c("three_factor", "one_factor")),
    "sem/hs_harman_lrt.csv")

# Deterministic missingness for FIML: 1-based row i, indicator position j (x1 = 1 ... x9 = 9)
# is set to NA when (i * 7 + j * 13) %% 17 == 0.
hs_miss <- hs
na_cells <- data.frame(row = integer(0), column = character(0))
for (j in seq_along(hs_vars)) {
  i <- seq_len(nrow(hs_miss))
  hit <- (i * 7 + j * 13) %% 17 == 0
  hs_miss[hit, hs_vars[j]] <- NA
  na_cells <- rbind(na_cells, data.frame(row = i[hit], column = rep(hs_vars[j], sum(hit))))
}
na_cells <- na_cells[order(na_cells$row, na_cells$column), ]
out(na_cells, "sem/hs_fiml_missing_cells.csv")
fit_and_write(cfa, hs_model, hs_miss, "hs_cfa_fiml", missing = "ml")
fit_and_write(cfa, hs_model, hs_miss, "hs_cfa_fiml_mlr", missing = "ml", estimator = "MLR")
# The same incomplete data with listwise deletion (lavaan's default missing = "listwise").
fit_and_write(cfa, hs_model, hs_miss, "hs_cfa_listwise")

# ---------------------------------------------------------------------------------------
# 2. Bollen's Political Democracy SEM with labelled paths and defined effects
# ---------------------------------------------------------------------------------------
pd <- PoliticalDemocracy
out(pd, "data/poldem.csv")
pd_model <- "
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ a*ind60
dem65 ~ c*ind60 + b*dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
ind_eff := a*b
total := c + a*b
"
fit_and_write(sem, pd_model, pd, "poldem_sem_ml")
fit_and_write(sem, pd_model, pd, "poldem_sem_mlr", estimator = "MLR")

# ---------------------------------------------------------------------------------------
# Real data (../shared/realdata, not in the repository)
# ---------------------------------------------------------------------------------------
if (!have_realdata) {
  message("  realdata absent: skipping Byrne and Prasojo references")
} else {
  # 3. Byrne: Maslach Burnout Inventory, elementary (MBIELM1) and secondary (MBISEC1).
  byrne <- function(f) read.csv(realdata_file("byrne_teacher_burnout", f))
  it <- function(k) paste0("ITEM", k, collapse = " + ")
  mbi_model <- paste0(
    "EE =~ ", it(c(1, 2, 3, 6, 8, 13, 14, 16, 20)), "\n",
    "DP =~ ", it(c(5, 10, 11, 15, 22)), "\n",
    "PA =~ ", it(c(4, 7, 9, 12, 17, 18, 19, 21)), "\n"
  )
  elm <- byrne("MBIELM1.CSV")
  sec <- byrne("MBISEC1.CSV")
  fit_and_write(cfa, mbi_model, elm, "mbi_elm_cfa_ml")

  both <- rbind(
    data.frame(level = "elementary", elm),
    data.frame(level = "secondary", sec)
  )
  inv <- list(
    configural = fit_and_write(cfa, mbi_model, both, "mbi_inv_configural",
                               group = "level"),
    metric = fit_and_write(cfa, mbi_model, both, "mbi_inv_metric",
                           group = "level", group.equal = "loadings"),
    scalar = fit_and_write(cfa, mbi_model, both, "mbi_inv_scalar",
                           group = "level", group.equal = c("loadings", "intercepts"))
  )
  out(tidy_lrt(lavTestLRT(inv$configural, inv$metric, inv$scalar), names(inv)),
      "sem/mbi_inv_lrt.csv")
  # Summary in the shape of results/groups/invariance.csv (deltas vs the previous model).
  fm <- t(sapply(inv, fitMeasures, fit.measures = c("chisq", "df", "cfi", "tli", "rmsea", "srmr")))
  lrt <- as.data.frame(lavTestLRT(inv$configural, inv$metric, inv$scalar))
  out(data.frame(
    group_var = "level",
    model = names(inv),
    chisq = fm[, "chisq"], df = fm[, "df"], cfi = fm[, "cfi"], tli = fm[, "tli"],
    rmsea = fm[, "rmsea"], srmr = fm[, "srmr"],
    delta_chisq = lrt[["Chisq diff"]], delta_df = lrt[["Df diff"]],
    delta_pvalue = lrt[["Pr(>Chisq)"]],
    delta_cfi = c(NA, diff(fm[, "cfi"])), delta_rmsea = c(NA, diff(fm[, "rmsea"])),
    freed = ""
  ), "sem/mbi_invariance.csv")

  # Byrne stressors -> burnout SEM on the elementary item parcels (ELEMIND1). Role conflict
  # and work overload correlate above 1 as separate factors (NPD latent covariance), so,
  # as in Byrne's own model, their four parcels form one "role overload" factor.
  eli <- byrne("ELEMIND1.CSV")
  byrne_model <- "
  RO =~ ROLEC1 + ROLEC2 + WORK1 + WORK2
  CC =~ CCLIM1 + CCLIM2 + CCLIM3 + CCLIM4
  EE =~ EE1 + EE2 + EE3
  DP =~ DP1 + DP2
  PA =~ PA1 + PA2 + PA3
  EE ~ a1*RO + a2*CC
  DP ~ b1*EE + CC
  PA ~ b2*EE + b3*DP
  ind_ro_dp := a1*b1
  ind_ro_pa := a1*b2 + a1*b1*b3
  ind_cc_dp := a2*b1
  "
  fit_and_write(sem, byrne_model, eli, "byrne_elem_sem_ml")

  # 4. Prasojo et al. (2020): five-factor CFA and the authors' structural model.
  pr <- read.csv(realdata_file("prasojo2020_teacher_burnout",
                               "teachers_burnout_prasojo2020.csv"))
  pr_cfa <- "
  TSC =~ TSC1 + TSC2 + TSC3 + TSC4 + TSC5
  TE  =~ TE1 + TE2 + TE3 + TE4 + TE5
  EE  =~ EE1 + EE2 + EE3 + EE4 + EE5
  DE  =~ DE1 + DE2 + DE3
  RPA =~ RPA1 + RPA2 + RPA3 + RPA4 + RPA5
  "
  fit_and_write(cfa, pr_cfa, pr, "prasojo_cfa_ml")
  pr_sem <- "
  TSC =~ TSC1 + TSC2 + TSC3 + TSC4
  TE  =~ TE1 + TE2 + TE3 + TE5
  EE  =~ EE1 + EE2 + EE3 + EE4
  DE  =~ DE1 + DE2 + DE3
  RPA =~ RPA1 + RPA2 + RPA3 + RPA4
  TE  ~ TSC
  EE  ~ TSC + TE
  DE  ~ TSC + TE
  RPA ~ TSC + TE
  "
  fit_and_write(sem, pr_sem, pr, "prasojo_sem_ml")
}

# ---------------------------------------------------------------------------------------
# 5. The default study (LATER part): only when the pipeline has produced the cleaned data.
#    Measurement model: every codebook scale named in model.structural / model.extra gets
#    `S =~ item1 + item2 + ...` (items as in data/codebook.yaml; results/clean/data.csv is
#    already reverse-scored); scales in model.composites are instead one observed variable
#    named S = row mean of its items (available items). Structure: model.structural plus
#    model.extra verbatim. CIs at analysis.ci_level. Fits: ML, MLR (on the listwise-cleaned
#    results/clean/data.csv), ML with missing = "ml" (opt-in, on the FIML-cleaned
#    data/default_fiml.csv); plus the measurement-only CFA of ALL codebook scales
#    (default_cfa_ml). `fits` picks which are written (make_default_fiml.R asks for "fiml").
# ---------------------------------------------------------------------------------------
default_study_refs <- function(config_path = "config.yaml",
                               data_path = "results/clean/data.csv",
                               fiml_path = file.path(ref_dir, "data", "default_fiml.csv"),
                               fits = c("ml", "mlr", "fiml", "cfa")) {
  if (!requireNamespace("yaml", quietly = TRUE)) {
    stop("R package yaml is needed for the default-study references: apt-get install -y r-cran-yaml")
  }
  cfg <- yaml::read_yaml(config_path)
  cb <- yaml::read_yaml(cfg$codebook)
  listwise_fits <- intersect(fits, c("ml", "mlr", "cfa"))
  raw <- if (length(listwise_fits) > 0) read.csv(data_path, check.names = FALSE) else NULL
  dat <- raw
  structural <- cfg$model$structural
  extra <- if (is.null(cfg$model$extra)) "" else cfg$model$extra
  composites <- unlist(cfg$model$composites)
  level <- if (is.null(cfg$analysis$ci_level)) 0.95 else cfg$analysis$ci_level

  tokens <- unique(unlist(regmatches(
    paste(structural, extra), gregexpr("[A-Za-z][A-Za-z0-9_.]*", paste(structural, extra))
  )))
  used <- names(cb$scales)[names(cb$scales) %in% tokens]
  if (length(used) == 0) stop("no codebook scale named in ", config_path, " model.structural")
  measurement <- function(scales) {
    vapply(scales, function(s) {
      paste0(s, " =~ ", paste(unlist(cb$scales[[s]]$items), collapse = " + "))
    }, "")
  }
  if (!is.null(dat)) {
    for (s in intersect(composites, used)) {
      dat[[s]] <- rowMeans(dat[, unlist(cb$scales[[s]]$items), drop = FALSE], na.rm = TRUE)
    }
  }
  latent <- setdiff(used, composites)
  # Product terms X:W (issue 13) under surveysem's internal names: X__x__W. Latent X and W:
  # a latent product measured by semTools::indProd(match = TRUE, meanC = TRUE, doubleMC =
  # TRUE) of the first min(#items) items of each (codebook order), indicators a__x__b;
  # observed/composite X and W: the product of the centred scores. The FIML data file
  # already holds these columns (written by surveysem.models.structural_data).
  prods <- unique(unlist(regmatches(structural, gregexpr("[A-Za-z][A-Za-z0-9_.]*:[A-Za-z][A-Za-z0-9_.]*", structural))))
  prod_lines <- character(0)
  for (pr in prods) {
    xw <- strsplit(pr, ":")[[1]]
    name <- paste0(xw[1], "__x__", xw[2])
    structural <- gsub(pr, name, structural, fixed = TRUE)
    if (all(xw %in% latent)) {
      ix <- unlist(cb$scales[[xw[1]]]$items)
      iw <- unlist(cb$scales[[xw[2]]]$items)
      k <- min(length(ix), length(iw))
      inds <- paste0(ix[1:k], "__x__", iw[1:k])
      if (!is.null(dat)) {
        dat <- semTools::indProd(dat, var1 = ix[1:k], var2 = iw[1:k], match = TRUE,
                                 meanC = TRUE, residualC = FALSE, doubleMC = TRUE,
                                 namesProd = inds)
      }
      prod_lines <- c(prod_lines, paste0(name, " =~ ", paste(inds, collapse = " + ")))
    } else if (!any(xw %in% latent)) {
      if (!is.null(dat)) {
        dat[[name]] <- (dat[[xw[1]]] - mean(dat[[xw[1]]])) * (dat[[xw[2]]] - mean(dat[[xw[2]]]))
      }
    } else {
      stop("default_study_refs: a latent x observed product (", pr, ") is not written here")
    }
  }
  model <- paste(c(measurement(latent), prod_lines, structural, extra), collapse = "\n")
  out(data.frame(model = model), "sem/default_model.csv")

  write_default <- function(prefix, data = dat, ...) {
    message("  fitting ", prefix)
    fit <- sem(model, data = data, ...)
    if (!lavInspect(fit, "converged")) stop("default-study fit ", prefix, " did not converge")
    pe <- tidy_estimates(fit)
    pe2 <- as.data.frame(parameterEstimates(fit, standardized = TRUE, level = level))
    pe$ci.lower <- pe2$ci.lower
    pe$ci.upper <- pe2$ci.upper
    out(pe, paste0("sem/", prefix, "_estimates.csv"))
    out(tidy_fit(fit), paste0("sem/", prefix, "_fit.csv"))
    out(tidy_r2(fit), paste0("sem/", prefix, "_r2.csv"))
    out(tidy_options(fit), paste0("sem/", prefix, "_options.csv"))
  }
  if ("ml" %in% fits) write_default("default_sem_ml")
  if ("mlr" %in% fits) write_default("default_sem_mlr", estimator = "MLR")
  # FIML (missing = "ml") on the FIML-cleaned default data: the same cleaning with
  # analysis.missing = "fiml", so the ~230 respondents with a missing item are kept
  # (data/default_fiml.csv, written by make_default_fiml_data.py: the model's variables, NA
  # for a missing answer). results/clean/data.csv is listwise-cleaned and has no NA, so it
  # cannot serve as a FIML reference. lavaan 0.6-14 is slow here (1058 rows, 60 items, ~230
  # missing-data patterns): the fit takes ~2.5 min and fitMeasures() ~14 min (its FIML
  # baseline model and robust CFI/RMSEA for missing data; asking only for the indices the
  # tests compare still took 12 min, so all are kept), so it only runs on request:
  # SURVEYSEM_REF_FIML=1 Rscript tests/reference/make_default_fiml.R (this part alone).
  if ("fiml" %in% fits) {
    if (identical(Sys.getenv("SURVEYSEM_REF_FIML"), "1")) {
      if (!file.exists(fiml_path)) {
        stop(fiml_path, " is absent: run .venv/bin/python tests/reference/make_default_fiml_data.py")
      }
      write_default("default_sem_fiml", data = read.csv(fiml_path, check.names = FALSE),
                    missing = "ml")
    } else {
      message("  default_sem_fiml skipped: set SURVEYSEM_REF_FIML=1 to fit it (slow)")
    }
  }

  if ("cfa" %in% fits) {
    cfa_model <- paste(measurement(names(cb$scales)), collapse = "\n")
    message("  fitting default_cfa_ml")
    write_lavaan_fit(cfa(cfa_model, data = raw), "sem/default_cfa_ml")
  }
}

if (file.exists("config.yaml") && file.exists("results/clean/data.csv")) {
  default_study_refs()
} else {
  message("  results/clean/data.csv absent: skipping the default-study references")
}

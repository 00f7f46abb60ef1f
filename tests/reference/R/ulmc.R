# Common-method bias by an unmeasured latent method construct (ULMC; Podsakoff et al., 2003):
# the measurement model plus a factor `method` loading on every item, uncorrelated with the
# traits (`method ~~ 0*F` for each trait F), lavaan 0.6-14 cfa() defaults (ML, first loading
# of each factor fixed to 1). Written: fitMeasures (sem/<name>_fit.csv) and
# parameterEstimates (sem/<name>_estimates.csv) of the model with the method factor; the
# models without it are the *_cfa_ml references of sem.R. Compared by tests/test_models.py.

ulmc_model <- function(factors) {
  items <- unlist(factors)
  paste(c(
    vapply(names(factors), function(f) paste0(f, " =~ ", paste(factors[[f]], collapse = " + ")), ""),
    paste0("method =~ ", paste(items, collapse = " + ")),
    paste0("method ~~ ", paste0("0*", names(factors), collapse = " + "))
  ), collapse = "\n")
}

# Method-factor models often have more than one local minimum: each is fitted from lavaan's
# default start values and from start = "simple", and the solution with the lower chi-square
# is kept (on Prasojo the default starts stop at chi-square 642.52, the simple ones reach
# 641.35, the minimum surveysem finds).
write_ulmc <- function(factors, data, name) {
  fits <- lapply(c("default", "simple"), function(s) {
    suppressWarnings(cfa(ulmc_model(factors), data = data, start = s))
  })
  fits <- Filter(function(f) lavInspect(f, "converged"), fits)
  if (length(fits) == 0) stop("ULMC fit ", name, " did not converge")
  fit <- fits[[which.min(vapply(fits, function(f) fitMeasures(f, "chisq"), 0))]]
  out(tidy_fit(fit), paste0("sem/", name, "_fit.csv"))
  out(tidy_estimates(fit), paste0("sem/", name, "_estimates.csv"))
}

# 1. Holzinger & Swineford: three factors plus the method factor.
hs <- read.csv(file.path(ref_dir, "data", "holzinger.csv"))
write_ulmc(list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"),
                speed = c("x7", "x8", "x9")), hs, "hs_ulmc_ml")

# 2. Prasojo et al. (2020), real data: the five scales of prasojo_cfa_ml plus the method factor.
if (have_realdata) {
  pr <- read.csv(realdata_file("prasojo2020_teacher_burnout", "teachers_burnout_prasojo2020.csv"))
  write_ulmc(list(TSC = paste0("TSC", 1:5), TE = paste0("TE", 1:5), EE = paste0("EE", 1:5),
                  DE = paste0("DE", 1:3), RPA = paste0("RPA", 1:5)), pr, "prasojo_ulmc_ml")
} else {
  message("  realdata absent: prasojo_ulmc_ml skipped")
}

# 3. The default study: every codebook scale (as default_cfa_ml in sem.R) plus the method
#    factor, on the cleaned data the pipeline wrote (results/clean/data.csv).
if (file.exists("config.yaml") && file.exists("results/clean/data.csv") &&
    requireNamespace("yaml", quietly = TRUE)) {
  cfg <- yaml::read_yaml("config.yaml")
  cb <- yaml::read_yaml(cfg$codebook)
  factors <- lapply(cb$scales, function(s) unlist(s$items))
  write_ulmc(factors, read.csv("results/clean/data.csv", check.names = FALSE), "default_ulmc_ml")
} else {
  message("  results/clean/data.csv absent: default_ulmc_ml skipped")
}

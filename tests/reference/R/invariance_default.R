# Measurement invariance of the default study's compared scales across gender, on the cleaned
# default data (results/clean/data.csv, written by the pipeline; only when it exists).
#
# The compared scales are those of surveysem.groups.compared_scales: every scale with role
# burnout or outcome, in codebook order (every scale when there are none): EE, DP, RE, WI,
# PSO. lavaan cfa with group = "gender" (male, female), configural / metric / scalar, and the
# score tests of the scalar model's equality constraints (lavTestScore), with the constrained
# parameters named. And across the four service bands: the scalar model and, per item, the
# score test for releasing all three equality constraints of its intercept at once
# (lavTestScore(release = ...)$test, 3 df).
if (file.exists("results/clean/data.csv") && requireNamespace("yaml", quietly = TRUE)) {
  cb <- yaml::read_yaml("data/codebook.yaml")
  roles <- vapply(cb$scales, function(s) if (is.null(s$role)) "" else s$role, "")
  compared <- cb$scales[roles %in% c("burnout", "outcome")]
  if (length(compared) == 0) compared <- cb$scales
  model <- paste(vapply(names(compared), function(f) {
    paste0(f, " =~ ", paste(unlist(compared[[f]]$items), collapse = " + "))
  }, ""), collapse = "\n")
  d <- read.csv("results/clean/data.csv")
  items <- unlist(lapply(compared, function(s) unlist(s$items)))
  d <- d[complete.cases(d[, c(items, "gender")]), ]
  d$gender <- factor(d$gender, levels = c(1, 2), labels = c("male", "female"))
  fits <- list(
    configural = cfa(model, d, group = "gender"),
    metric = cfa(model, d, group = "gender", group.equal = "loadings"),
    scalar = cfa(model, d, group = "gender", group.equal = c("loadings", "intercepts"))
  )
  for (nm in names(fits)) write_lavaan_fit(fits[[nm]], paste0("invariance/default_gender_", nm))
  out(data.frame(scale = names(compared)), "invariance/default_gender_scales.csv")
  sc <- lavTestScore(fits$scalar)$uni
  pt <- parTable(fits$scalar)
  lab_name <- function(l) {
    r <- pt[pt$plabel == l, ][1, ]
    paste0(r$lhs, r$op, r$rhs)
  }
  out(data.frame(
    lhs = sapply(sc$lhs, lab_name), rhs = sapply(sc$rhs, lab_name),
    x2 = sc$X2, df = sc$df, pvalue = sc$p.value
  ), "invariance/default_gender_scalar_score.csv")

  sb <- cb$demographics$service_band$levels
  d4 <- read.csv("results/clean/data.csv")
  d4 <- d4[complete.cases(d4[, c(items, "service_band")]), ]
  d4$service_band <- factor(d4$service_band, levels = as.integer(names(sb)), labels = unlist(sb))
  fit4 <- cfa(model, d4, group = "service_band", group.equal = c("loadings", "intercepts"))
  write_lavaan_fit(fit4, "invariance/default_service_band_scalar")
  pt4 <- parTable(fit4)
  eq <- pt4[pt4$op == "==", ]
  name4 <- function(l) {
    r <- pt4[pt4$plabel == l, ][1, ]
    paste0(r$lhs, r$op, r$rhs)
  }
  eq_names <- vapply(eq$lhs, name4, "")
  released <- do.call(rbind, lapply(unique(eq_names[grepl("~1$", eq_names)]), function(nm) {
    t <- lavTestScore(fit4, release = which(eq_names == nm), univariate = FALSE)$test
    data.frame(item = sub("~1$", "", nm), x2 = t$X2, df = t$df, pvalue = t$p.value)
  }))
  out(released, "invariance/default_service_band_scalar_score.csv")
}

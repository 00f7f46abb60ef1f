# Measurement invariance of the default study's burnout scales (EE, DP, RE) across gender, on
# the cleaned default data (results/clean/data.csv, written by the pipeline): lavaan cfa with
# group = "gender", configural / metric / scalar. Only when the cleaned data exist.
if (file.exists("results/clean/data.csv") && requireNamespace("yaml", quietly = TRUE)) {
  cb <- yaml::read_yaml("data/codebook.yaml")
  burnout <- Filter(function(s) identical(s$role, "burnout"), cb$scales)
  model <- paste(vapply(names(burnout), function(f) {
    paste0(f, " =~ ", paste(unlist(burnout[[f]]$items), collapse = " + "))
  }, ""), collapse = "\n")
  d <- read.csv("results/clean/data.csv")
  items <- unlist(lapply(burnout, function(s) unlist(s$items)))
  d <- d[complete.cases(d[, c(items, "gender")]), ]
  d$gender <- factor(d$gender, levels = c(1, 2), labels = c("male", "female"))
  fits <- list(
    configural = cfa(model, d, group = "gender"),
    metric = cfa(model, d, group = "gender", group.equal = "loadings"),
    scalar = cfa(model, d, group = "gender", group.equal = c("loadings", "intercepts"))
  )
  for (nm in names(fits)) write_lavaan_fit(fits[[nm]], paste0("invariance/default_gender_", nm))
}

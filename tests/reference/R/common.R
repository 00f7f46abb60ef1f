# Shared helpers for the reference-value scripts in tests/reference/R/*.R.
#
# Sourced first by tests/reference/make_reference.R (run from the repository root:
# `Rscript tests/reference/make_reference.R`). Every other R/*.R file may use:
#
#   ref_dir            "tests/reference" (all outputs go below it)
#   realdata           "../shared/realdata" (real data sets, NOT in the repository)
#   have_realdata      TRUE when that folder exists; guard real-data sections with it
#   realdata_file(...) path below realdata
#   out(df, "sem/name.csv")        write a data.frame as CSV, full precision, and record it
#   out_matrix(m, "sem/name.csv")  write a matrix with a first column `variable`
#   write_lavaan_fit(fit, "sem/name")  estimates / fit / r2 / options CSVs of a lavaan fit
#   tidy_estimates(fit), tidy_fit(fit), tidy_r2(fit), tidy_options(fit)
#
# Conventions: write.csv(row.names = FALSE); numbers are written by write.table with 15
# significant digits; NA is written as the string NA; empty strings as "".

options(digits = 15, warn = 1, stringsAsFactors = FALSE)

suppressPackageStartupMessages({
  library(lavaan)
})

ref_dir <- "tests/reference"
realdata <- "../shared/realdata"
have_realdata <- dir.exists(realdata)
realdata_file <- function(...) file.path(realdata, ...)

# Every file written through out() is recorded here; make_reference.R writes the list
# to tests/reference/manifest.csv, which tests/test_reference_files.py checks.
if (!exists(".ref_manifest")) {
  .ref_manifest <- data.frame(
    file = character(0), script = character(0), n_rows = integer(0),
    n_cols = integer(0)
  )
}
.ref_current_script <- "common.R"

out <- function(df, rel) {
  df <- as.data.frame(df, stringsAsFactors = FALSE)
  rownames(df) <- NULL
  path <- file.path(ref_dir, rel)
  dir.create(dirname(path), recursive = TRUE, showWarnings = FALSE)
  write.csv(df, path, row.names = FALSE)
  .ref_manifest <<- rbind(.ref_manifest, data.frame(
    file = rel, script = .ref_current_script, n_rows = nrow(df), n_cols = ncol(df)
  ))
  message("  wrote ", rel, " (", nrow(df), " x ", ncol(df), ")")
  invisible(path)
}

out_matrix <- function(m, rel) {
  m <- as.matrix(unclass(m))
  df <- data.frame(variable = rownames(m), m, check.names = FALSE)
  out(df, rel)
}

# parameterEstimates(fit, standardized = TRUE) as a plain data.frame. The `label`
# column is always present ("" when no parameter has a label) and, for multi-group
# fits, `group` holds the group LABEL (e.g. "elementary"), `group_index` the number.
tidy_estimates <- function(fit) {
  pe <- as.data.frame(parameterEstimates(fit, standardized = TRUE))
  if (!"label" %in% names(pe)) {
    pe <- cbind(pe[, c("lhs", "op", "rhs")], label = "", pe[, -(1:3), drop = FALSE])
  }
  if ("group" %in% names(pe)) {
    labs <- lavInspect(fit, "group.label")
    pe$group_index <- pe$group
    pe$group <- ifelse(pe$group > 0, labs[pmax(pe$group, 1)], "")
  }
  pe
}

# fitMeasures(fit): ALL of them, long format index,value.
tidy_fit <- function(fit) {
  fm <- fitMeasures(fit)
  data.frame(index = names(fm), value = as.numeric(unclass(fm)))
}

# inspect(fit, "r2") as a long table: [group,] variable, r2.
tidy_r2 <- function(fit) {
  r2 <- lavInspect(fit, "r2")
  if (is.list(r2)) {
    do.call(rbind, lapply(names(r2), function(g) {
      data.frame(group = g, variable = names(r2[[g]]), r2 = as.numeric(r2[[g]]))
    }))
  } else {
    data.frame(variable = names(r2), r2 = as.numeric(r2))
  }
}

# The lavaan options that decide the numbers (so Python can match them), long format.
tidy_options <- function(fit) {
  o <- lavInspect(fit, "options")
  keys <- c(
    "estimator", "se", "test", "information", "h1.information",
    "observed.information", "missing", "likelihood", "meanstructure",
    "std.lv", "auto.fix.first", "fixed.x", "mimic", "group.equal"
  )
  val <- vapply(keys, function(k) paste(as.character(o[[k]]), collapse = ";"), "")
  data.frame(
    option = c(keys, "lavaan_version", "ntotal", "converged", "iterations"),
    value = c(
      val, as.character(packageVersion("lavaan")),
      as.character(lavInspect(fit, "ntotal")),
      as.character(lavInspect(fit, "converged")),
      as.character(lavInspect(fit, "iterations"))
    )
  )
}

# Write <prefix>_estimates.csv, _fit.csv, _r2.csv, _options.csv for one lavaan fit.
write_lavaan_fit <- function(fit, prefix) {
  if (!lavInspect(fit, "converged")) {
    stop("lavaan fit for ", prefix, " did not converge")
  }
  out(tidy_estimates(fit), paste0(prefix, "_estimates.csv"))
  out(tidy_fit(fit), paste0(prefix, "_fit.csv"))
  out(tidy_r2(fit), paste0(prefix, "_r2.csv"))
  out(tidy_options(fit), paste0(prefix, "_options.csv"))
  invisible(fit)
}

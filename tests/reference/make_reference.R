#!/usr/bin/env Rscript
# Regenerate the committed R reference values (lavaan / semTools / psych) that the Python
# tests compare against. Run from the repository root:
#
#     Rscript tests/reference/make_reference.R
#
# It sources tests/reference/R/common.R first, then every other tests/reference/R/*.R in
# sorted order, each in its own environment (so scripts cannot clobber each other's
# variables) with set.seed(20261122) before it. A script that errors is reported and the
# others still run; the exit status is then 1. Finally the list of every file written
# through out() goes to tests/reference/manifest.csv (file, script, n_rows, n_cols).
# See tests/reference/README.md.

local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(f) == 1) {
    root <- normalizePath(file.path(dirname(f), "..", ".."))
    setwd(root)
  }
})
if (!file.exists("tests/reference/R/common.R")) {
  stop("Run from the repository root: Rscript tests/reference/make_reference.R")
}

source("tests/reference/R/common.R")
message("R ", getRversion(), ", lavaan ", packageVersion("lavaan"),
        "; realdata ", if (have_realdata) "found" else "ABSENT (real-data sections skipped)")

scripts <- sort(list.files("tests/reference/R", pattern = "\\.R$", full.names = TRUE))
scripts <- scripts[basename(scripts) != "common.R"]
failed <- character(0)
for (s in scripts) {
  message("== ", basename(s))
  .ref_current_script <- basename(s)
  set.seed(20261122)
  ok <- tryCatch(
    {
      source(s, local = new.env(parent = globalenv()))
      TRUE
    },
    error = function(e) {
      message("ERROR in ", basename(s), ": ", conditionMessage(e))
      FALSE
    }
  )
  if (!ok) failed <- c(failed, basename(s))
}

manifest <- .ref_manifest[order(.ref_manifest$file), ]
write.csv(manifest, file.path(ref_dir, "manifest.csv"), row.names = FALSE)
message("manifest: ", nrow(manifest), " files -> tests/reference/manifest.csv")

versions <- data.frame(
  package = c("R", "lavaan", "semTools", "psych", "GPArotation"),
  version = c(
    as.character(getRversion()),
    vapply(c("lavaan", "semTools", "psych", "GPArotation"), function(p) {
      if (requireNamespace(p, quietly = TRUE)) as.character(packageVersion(p)) else "absent"
    }, "")
  )
)
write.csv(versions, file.path(ref_dir, "versions.csv"), row.names = FALSE)

if (length(failed) > 0) {
  message("FAILED scripts: ", paste(failed, collapse = ", "))
  quit(status = 1)
}
message("done")

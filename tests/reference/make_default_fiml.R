#!/usr/bin/env Rscript
# Regenerate ONLY the default study's lavaan FIML reference, sem/default_sem_fiml_*, without
# rerunning (and rewriting) everything make_reference.R writes. Run from the repository root:
#
#     .venv/bin/python tests/reference/make_default_fiml_data.py   # data/default_fiml.csv
#     SURVEYSEM_REF_FIML=1 nice -n 10 Rscript tests/reference/make_default_fiml.R
#
# It sources R/common.R, takes the function definitions of R/sem.R (not its top-level fits)
# and calls default_study_refs(fits = "fiml"), which fits sem(model, data =
# data/default_fiml.csv, missing = "ml"). The rows of the files written go into
# tests/reference/manifest.csv (script "sem.R", as make_reference.R records them): existing
# rows of those files are replaced, the others are kept in place, new ones are inserted in
# sorted position. Takes several minutes (lavaan's FIML on ~60 items and ~230 patterns).

local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(f) == 1) setwd(normalizePath(file.path(dirname(f), "..", "..")))
})
if (!file.exists("tests/reference/R/common.R")) {
  stop("Run from the repository root: Rscript tests/reference/make_default_fiml.R")
}
if (!identical(Sys.getenv("SURVEYSEM_REF_FIML"), "1")) {
  stop("set SURVEYSEM_REF_FIML=1: the FIML reference is slow and opt-in")
}

source("tests/reference/R/common.R")
.ref_current_script <- "sem.R"
message("R ", getRversion(), ", lavaan ", packageVersion("lavaan"))

# Only the function definitions of sem.R: `name <- function(...) ...` at top level.
for (e in parse("tests/reference/R/sem.R")) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) &&
      identical(e[[3]][[1]], as.name("function"))) {
    eval(e, globalenv())
  }
}
set.seed(20261122)  # as make_reference.R before each script (the FIML fit draws nothing)
started <- Sys.time()
default_study_refs(fits = "fiml")
message("default_sem_fiml written in ", format(round(Sys.time() - started, 1)))

manifest_path <- file.path(ref_dir, "manifest.csv")
old <- read.csv(manifest_path)
new <- .ref_manifest
old <- old[!old$file %in% new$file, ]
for (i in seq_len(nrow(new))) {
  before <- seq_len(nrow(old)) <= sum(old$file < new$file[i])
  old <- rbind(old[before, ], new[i, ], old[!before, ])
}
rownames(old) <- NULL
write.csv(old, manifest_path, row.names = FALSE)
message("manifest: ", nrow(new), " rows for sem/default_sem_fiml_* -> ", manifest_path)

# lavaan side of bench/invariance.py (called by it; not meant to be run alone).
#
#   Rscript bench/invariance.R <data.csv> <model.lav> <group> <levels.txt> <repeats> <out_dir>
#
# <levels.txt> holds the group levels, one a line, in order (the first is the reference group;
# passed as group.label, since lavaan otherwise orders the groups by first appearance).
# One untimed warm-up run, then <repeats> timed runs of the sequence configural -> metric ->
# scalar (cfa(group = <group>, group.equal = ...), each followed by fitMeasures()). Writes to
# <out_dir>:
#   times.csv            repeat, sec (wall time of the whole sequence)
#   <model>_fit.csv      index, value: fitMeasures() of the last run
#   <model>_est.csv      parameterEstimates(standardized = TRUE) of the last run, with the
#                        group label in `group`
# BLAS is single-threaded (OPENBLAS_NUM_THREADS=1 is set by the caller).
suppressPackageStartupMessages(library(lavaan))

args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], check.names = FALSE)
model <- paste(readLines(args[2]), collapse = "\n")
group <- args[3]
lev <- readLines(args[4], encoding = "UTF-8")
repeats <- as.integer(args[5])
out_dir <- args[6]
d[[group]] <- factor(as.character(d[[group]]), levels = lev)

equal <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"))
sequence_fits <- function() {
  lapply(equal, function(eq) {
    fit <- cfa(model, data = d, group = group, group.equal = eq, group.label = lev)
    list(fit = fit, measures = fitMeasures(fit))
  })
}
invisible(sequence_fits()) # warm-up
times <- numeric(repeats)
for (r in seq_len(repeats)) {
  t0 <- proc.time()[["elapsed"]]
  fits <- sequence_fits()
  times[r] <- proc.time()[["elapsed"]] - t0
}
write.csv(data.frame(`repeat` = seq_len(repeats), sec = times), file.path(out_dir, "times.csv"),
  row.names = FALSE
)
labs <- lavInspect(fits$configural$fit, "group.label")
for (nm in names(fits)) {
  m <- fits[[nm]]$measures
  write.csv(data.frame(index = names(m), value = as.numeric(unclass(m))),
    file.path(out_dir, paste0(nm, "_fit.csv")),
    row.names = FALSE
  )
  pe <- parameterEstimates(fits[[nm]]$fit, standardized = TRUE)
  pe$group <- ifelse(pe$group > 0, labs[pmax(pe$group, 1)], "")
  write.csv(pe, file.path(out_dir, paste0(nm, "_est.csv")), row.names = FALSE)
}

# lavaan side of bench/wlsmv_vs_lavaan.py (called by it; not meant to be run alone).
#
#   Rscript bench/wlsmv_vs_lavaan.R <data.csv> <model.lav> <n_single> <n_boot> <seed> <out_dir>
#
# Fits <model.lav> with every observed variable ordered, estimator = "WLSMV" (lavaan 0.6-14
# defaults). Writes to <out_dir>:
#   times.csv   what (fit, fit_measures, bootstrap), sec, cpu_sec: wall and CPU time of each
#               single sem() fit, of fitMeasures() on the last one (its robust CFI/RMSEA refit
#               the catML model) and of the bootstrap fit (CPU includes the forked workers)
#   single.csv  parameterEstimates(standardized = TRUE) of the last single fit
#   fit.csv     index, value: fitMeasures() of it
#   boot_info.csv  n_boot, n_ok (resamples lavaan kept), ncpus
# The bootstrap uses estimator = "DWLS" with se = "bootstrap" (lavaan refuses "WLSMV" there;
# the point estimates are the same), parallel = "multicore", ncpus = 2.
suppressPackageStartupMessages(library(lavaan))

args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], check.names = FALSE)
model <- paste(readLines(args[2]), collapse = "\n")
n_single <- as.integer(args[3])
n_boot <- as.integer(args[4])
seed <- as.integer(args[5])
out_dir <- args[6]
items <- names(d)

timed <- function(expr) {
  t0 <- proc.time()
  force(expr)
  t <- proc.time() - t0
  c(t[["elapsed"]], sum(t[c("user.self", "sys.self", "user.child", "sys.child")], na.rm = TRUE))
}

times <- data.frame(what = character(0), sec = numeric(0), cpu_sec = numeric(0))
for (i in seq_len(n_single)) {
  t <- timed(fit <- sem(model, data = d, ordered = items, estimator = "WLSMV"))
  times <- rbind(times, data.frame(what = "fit", sec = t[1], cpu_sec = t[2]))
}
t <- timed(fm <- fitMeasures(fit))
times <- rbind(times, data.frame(what = "fit_measures", sec = t[1], cpu_sec = t[2]))
write.csv(parameterEstimates(fit, standardized = TRUE), file.path(out_dir, "single.csv"),
          row.names = FALSE)
write.csv(data.frame(index = names(fm), value = as.numeric(fm)), file.path(out_dir, "fit.csv"),
          row.names = FALSE)

if (n_boot > 0) {
  t <- timed(bfit <- sem(model, data = d, ordered = items, estimator = "DWLS",
                         se = "bootstrap", bootstrap = n_boot, parallel = "multicore",
                         ncpus = 2L, iseed = seed))
  times <- rbind(times, data.frame(what = "bootstrap", sec = t[1], cpu_sec = t[2]))
  boot <- lavInspect(bfit, "boot")
  write.csv(data.frame(n_boot = n_boot, n_ok = sum(stats::complete.cases(boot)), ncpus = 2L),
            file.path(out_dir, "boot_info.csv"), row.names = FALSE)
}
write.csv(times, file.path(out_dir, "times.csv"), row.names = FALSE)

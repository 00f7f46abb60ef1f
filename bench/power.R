# lavaan side of bench/power.py (called by it; not meant to be run alone).
#
#   Rscript bench/power.R <population.lav> <model.lav> <n> <reps> <seed> <out_dir>
#
# simsem-style Monte Carlo in lavaan: each replication is simulateData() from the population
# model (every parameter fixed) and sem() of the study's model (with its := effects), then
# parameterEstimates(); replications run on 2 cores (parallel::mclapply, L'Ecuyer streams).
# Writes to <out_dir>:
#   times.csv    what, sec, cpu_sec (the loop only; CPU includes the forked workers)
#   summary.csv  replications, converged, mean_chisq, df
# BLAS is single-threaded (OPENBLAS_NUM_THREADS=1 is set by the caller).
suppressPackageStartupMessages({
  library(lavaan)
  library(parallel)
})

args <- commandArgs(trailingOnly = TRUE)
population <- paste(readLines(args[1]), collapse = "\n")
model <- paste(readLines(args[2]), collapse = "\n")
n <- as.integer(args[3])
reps <- as.integer(args[4])
seed <- as.integer(args[5])
out_dir <- args[6]

RNGkind("L'Ecuyer-CMRG")
set.seed(seed)
one <- function(r) {
  d <- simulateData(population, sample.nobs = n)
  fit <- sem(model, data = d)
  ok <- lavInspect(fit, "converged")
  pe <- parameterEstimates(fit)
  c(converged = as.numeric(ok), chisq = if (ok) unname(fitMeasures(fit, "chisq")) else NA,
    df = unname(fitMeasures(fit, "df")), n_est = nrow(pe))
}
t0 <- proc.time()
res <- mclapply(seq_len(reps), one, mc.cores = 2L, mc.set.seed = TRUE)
t <- proc.time() - t0
res <- do.call(rbind, res)
cpu <- sum(t[c("user.self", "sys.self", "user.child", "sys.child")], na.rm = TRUE)
write.csv(data.frame(what = "loop", sec = t[["elapsed"]], cpu_sec = cpu),
  file.path(out_dir, "times.csv"), row.names = FALSE)
write.csv(data.frame(replications = reps, converged = sum(res[, "converged"]),
  mean_chisq = mean(res[, "chisq"], na.rm = TRUE), df = res[1, "df"]),
  file.path(out_dir, "summary.csv"), row.names = FALSE)

# lavaan side of bench/sem_vs_lavaan.py (called by it; not meant to be run alone).
#
#   Rscript bench/sem_vs_lavaan.R <data.csv> <model.lav> <n_boot> <n_single> <seed> <out_dir>
#
# <model.lav> is the study's model in lavaan syntax with labelled structural paths and the
# indirect and total effects as `:=` lines. Writes to <out_dir>:
#   times.csv      what, sec, cpu_sec (wall and CPU time of each single fit and of the
#                  bootstrap fit; CPU includes the forked workers)
#   single.csv     parameterEstimates() of the plain ML fit
#   boot.csv       parameterEstimates(boot.ci.type = "perc") of the bootstrap fit
#   boot_info.csv  n_boot, n_ok (resamples kept by lavaan), ncpus
# BLAS is single-threaded (OPENBLAS_NUM_THREADS=1 is set by the caller).
suppressPackageStartupMessages(library(lavaan))

args <- commandArgs(trailingOnly = TRUE)
data_path <- args[1]
model <- paste(readLines(args[2]), collapse = "\n")
n_boot <- as.integer(args[3])
n_single <- as.integer(args[4])
seed <- as.integer(args[5])
out_dir <- args[6]

d <- read.csv(data_path, check.names = FALSE)
# wall time and CPU time (this process and its finished forked children) of an expression
wall <- function(expr) {
  t0 <- proc.time()
  force(expr)
  t <- proc.time() - t0
  cpu <- sum(t[c("user.self", "sys.self", "user.child", "sys.child")], na.rm = TRUE)
  c(t[["elapsed"]], cpu)
}

times <- data.frame(what = character(0), sec = numeric(0), cpu_sec = numeric(0))
fit <- NULL
for (i in seq_len(n_single)) {
  t <- wall(fit <- sem(model, data = d))
  times <- rbind(times, data.frame(what = "single", sec = t[1], cpu_sec = t[2]))
}
pe <- parameterEstimates(fit, standardized = TRUE)
write.csv(pe, file.path(out_dir, "single.csv"), row.names = FALSE)

if (n_boot > 0) {
  t <- wall(bfit <- sem(model,
    data = d, se = "bootstrap", bootstrap = n_boot,
    parallel = "multicore", ncpus = 2L, iseed = seed
  ))
  times <- rbind(times, data.frame(what = "bootstrap", sec = t[1], cpu_sec = t[2]))
  pb <- parameterEstimates(bfit, boot.ci.type = "perc", level = 0.95)
  write.csv(pb, file.path(out_dir, "boot.csv"), row.names = FALSE)
  boot <- lavInspect(bfit, "boot")
  write.csv(data.frame(n_boot = n_boot, n_ok = sum(stats::complete.cases(boot)), ncpus = 2L),
    file.path(out_dir, "boot_info.csv"),
    row.names = FALSE
  )
}
write.csv(times, file.path(out_dir, "times.csv"), row.names = FALSE)

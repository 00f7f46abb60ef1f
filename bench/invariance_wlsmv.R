# lavaan side of bench/invariance_wlsmv.py (called by it; not meant to be run alone).
#
#   Rscript bench/invariance_wlsmv.R <data.csv> <model.lav> <group> <levels.txt> <repeats> <out_dir>
#
# The WLSMV invariance sequence as semTools::measEq.syntax writes it with its defaults for
# ordered items (delta parameterization, ID.fac "std.lv", ID.cat "Wu.Estabrook.2016"):
# configural, c("thresholds", "loadings"), c("thresholds", "loadings", "intercepts"), each
# cfa(..., ordered = <all items>, estimator = "WLSMV") followed by fitMeasures(), then the two
# lavTestLRT() scaled difference tests. The syntax is generated once, untimed. One untimed
# warm-up, then <repeats> timed runs. Writes to <out_dir>: times.csv (sec), fit.csv (model,
# index, value), lrt.csv (comparison, chisq_diff, df_diff).
suppressPackageStartupMessages({library(lavaan); library(semTools)})

args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], check.names = FALSE)
model <- paste(readLines(args[2]), collapse = "\n")
group <- args[3]
levels <- readLines(args[4])
repeats <- as.integer(args[5])
out_dir <- args[6]
items <- setdiff(names(d), group)
d[[group]] <- factor(d[[group]], levels = levels)
steps <- list(configural = "configural", metric = c("thresholds", "loadings"),
              scalar = c("thresholds", "loadings", "intercepts"))
syn <- lapply(steps, function(ge) as.character(measEq.syntax(
  model, data = d, ordered = items, parameterization = "delta", ID.fac = "std.lv",
  ID.cat = "Wu.Estabrook.2016", group = group, group.equal = ge, group.label = levels)))

run <- function() {
  fits <- lapply(syn, function(s) cfa(s, data = d, ordered = items, group = group,
                                      group.label = levels, estimator = "WLSMV"))
  fm <- lapply(fits, fitMeasures)
  lrt <- list(lavTestLRT(fits$configural, fits$metric), lavTestLRT(fits$metric, fits$scalar))
  list(fm = fm, lrt = lrt)
}
res <- run()
times <- numeric(repeats)
for (i in seq_len(repeats)) times[i] <- system.time(res <- run())[["elapsed"]]
write.csv(data.frame(sec = times), file.path(out_dir, "times.csv"), row.names = FALSE)
fit <- do.call(rbind, lapply(names(res$fm), function(m)
  data.frame(model = m, index = names(res$fm[[m]]), value = as.numeric(res$fm[[m]]))))
write.csv(fit, file.path(out_dir, "fit.csv"), row.names = FALSE)
lrt <- data.frame(comparison = c("configural_metric", "metric_scalar"),
                  chisq_diff = sapply(res$lrt, function(l) l[["Chisq diff"]][2]),
                  df_diff = sapply(res$lrt, function(l) l[["Df diff"]][2]))
write.csv(lrt, file.path(out_dir, "lrt.csv"), row.names = FALSE)

# Reference values for measurement invariance with ordinal items under WLSMV (lavaan 0.6-14,
# semTools 0.5-6). Sourced by make_reference.R after common.R.
#
# Byrne's MBI items (7-point frequency scale) of elementary (MBIELM1.CSV, N = 580) and
# secondary (MBISEC1.CSV, N = 692) teachers, group `level`; emotional exhaustion (ITEM1, 2,
# 3, 6, 8) and depersonalization (ITEM5, 10, 11, 15, 22). Models from
# semTools::measEq.syntax with its defaults for ordered items: parameterization "delta",
# ID.fac "std.lv" (factor variances 1 in the first group), ID.cat "Wu.Estabrook.2016":
#   configural  group.equal "configural"
#   metric      c("thresholds", "loadings")   (intercepts and scales free in group 2)
#   scalar      c("thresholds", "loadings", "intercepts")  (latent means free in group 2)
#   partial     scalar with group.partial "ITEM15~1"
# Files (below tests/reference/ordinal_invariance/):
#   mbi_level_<model>_estimates.csv, _fit.csv, _r2.csv, _options.csv (write_lavaan_fit)
#   mbi_level_lrt.csv  `comparison`, `chisq_diff`, `df_diff`, `pvalue`: lavTestLRT(m1, m0)
#                      (for WLSMV: method "satorra.2000", A.method "delta", scaled.shifted)

suppressPackageStartupMessages(library(semTools))

if (!have_realdata) {
  message("  realdata absent: ordinal invariance reference skipped")
} else {
  d <- realdata_file("byrne_teacher_burnout")
  el <- read.csv(file.path(d, "MBIELM1.CSV"))
  se <- read.csv(file.path(d, "MBISEC1.CSV"))
  items <- paste0("ITEM", c(1, 2, 3, 6, 8, 5, 10, 11, 15, 22))
  el$level <- "elementary"
  se$level <- "secondary"
  x <- rbind(el[, c(items, "level")], se[, c(items, "level")])
  model <- "EE =~ ITEM1 + ITEM2 + ITEM3 + ITEM6 + ITEM8
            DP =~ ITEM5 + ITEM10 + ITEM11 + ITEM15 + ITEM22"
  steps <- list(configural = "configural", metric = c("thresholds", "loadings"),
                scalar = c("thresholds", "loadings", "intercepts"),
                partial = c("thresholds", "loadings", "intercepts"))
  fits <- list()
  for (nm in names(steps)) {
    message("  fitting mbi_level_", nm)
    partial <- if (nm == "partial") "ITEM15~1" else ""
    syn <- measEq.syntax(model, data = x, ordered = items, parameterization = "delta",
                         ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016", group = "level",
                         group.equal = steps[[nm]], group.partial = partial)
    fits[[nm]] <- cfa(as.character(syn), data = x, ordered = items, group = "level",
                      estimator = "WLSMV", parameterization = "delta")
    write_lavaan_fit(fits[[nm]], paste0("ordinal_invariance/mbi_level_", nm))
  }
  cmp <- list(c("configural", "metric"), c("metric", "scalar"), c("metric", "partial"))
  rows <- lapply(cmp, function(p) {
    l <- as.data.frame(lavTestLRT(fits[[p[1]]], fits[[p[2]]]))
    data.frame(comparison = paste(p, collapse = "_"), chisq_diff = l[["Chisq diff"]][2],
               df_diff = l[["Df diff"]][2], pvalue = l[["Pr(>Chisq)"]][2])
  })
  out(do.call(rbind, rows), "ordinal_invariance/mbi_level_lrt.csv")
  t0 <- Sys.time()
  for (nm in names(steps)[1:3]) {
    syn <- measEq.syntax(model, data = x, ordered = items, parameterization = "delta",
                         ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016", group = "level",
                         group.equal = steps[[nm]])
    cfa(as.character(syn), data = x, ordered = items, group = "level", estimator = "WLSMV")
  }
  message("  lavaan configural/metric/scalar: ", format(Sys.time() - t0))
}

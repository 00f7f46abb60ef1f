# Item analysis (项目分析): critical ratios and corrected item-total correlations, compared by
# tests/test_reliability.py with surveysem.reliability.item_analysis. Per scale: complete rows,
# total = sum of the scale's items; low group total <= quantile(total, .27), high group total >=
# quantile(total, .73) (type 7); CR = Student's t (t.test var.equal = TRUE, high minus low),
# Welch's t beside it; item-total r = psych::alpha(...)$item.stats$r.drop.
suppressPackageStartupMessages(library(psych))

item_analysis_ref <- function(data, scales) {
  rows <- list()
  for (s in names(scales)) {
    x <- na.omit(data[, scales[[s]], drop = FALSE])
    total <- rowSums(x)
    cuts <- quantile(total, c(0.27, 0.73))
    hi <- x[total >= cuts[2], , drop = FALSE]
    lo <- x[total <= cuts[1], , drop = FALSE]
    rdrop <- suppressWarnings(psych::alpha(x, check.keys = FALSE, warnings = FALSE))$item.stats$r.drop
    for (j in seq_along(scales[[s]])) {
      it <- scales[[s]][j]
      st <- t.test(hi[[it]], lo[[it]], var.equal = TRUE)
      we <- t.test(hi[[it]], lo[[it]], var.equal = FALSE)
      rows[[length(rows) + 1]] <- data.frame(
        scale = s, item = it, n_high = nrow(hi), n_low = nrow(lo), cr = unname(st$statistic),
        df = unname(st$parameter), pvalue = st$p.value, t_welch = unname(we$statistic),
        df_welch = unname(we$parameter), p_welch = we$p.value, item_total_r = rdrop[j]
      )
    }
  }
  do.call(rbind, rows)
}

hs <- read.csv(file.path(ref_dir, "data", "holzinger.csv"))
out(item_analysis_ref(hs, list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"),
                               speed = c("x7", "x8", "x9"))), "reliability/hs_item_analysis.csv")
if (have_realdata) {
  pr <- read.csv(realdata_file("prasojo2020_teacher_burnout", "teachers_burnout_prasojo2020.csv"))
  out(item_analysis_ref(pr, list(TSC = paste0("TSC", 1:5), TE = paste0("TE", 1:5),
                                 EE = paste0("EE", 1:5), DE = paste0("DE", 1:3),
                                 RPA = paste0("RPA", 1:5))), "reliability/prasojo_item_analysis.csv")
} else {
  message("  realdata absent: prasojo_item_analysis skipped")
}

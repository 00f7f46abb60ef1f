# Moderation and moderated mediation (issue 13): composites in mediation models, observed
# first- and second-stage moderated mediation (Paskvan et al. 2016) with lavaan on the
# mean-centred product and `:=` for the conditional indirect effects and the index, and a
# latent interaction (Prasojo et al. 2020 teacher data) with semTools indProd + lavaan and
# probe2WayMC for the simple slopes. Johnson-Neyman bounds are the real roots of
# (b1 + b3 w)^2 = z^2 (v11 + 2 w v13 + w^2 v33), z = qnorm(.975).
suppressPackageStartupMessages(library(semTools))

zc <- qnorm(0.975)
jn_bounds <- function(b1, b3, v11, v13, v33) {
  a <- b3^2 - zc^2 * v33
  b <- 2 * (b1 * b3 - zc^2 * v13)
  c <- b1^2 - zc^2 * v11
  disc <- b^2 - 4 * a * c
  if (disc < 0) return(c(NA, NA))
  sort(c((-b - sqrt(disc)) / (2 * a), (-b + sqrt(disc)) / (2 * a)))
}
defined <- function(fit) {
  pe <- parameterEstimates(fit)
  pe[pe$op == ":=", c("lhs", "rhs", "est", "se", "z", "pvalue", "ci.lower", "ci.upper")]
}

# ---------------------------------------------------------------- composites (poldem)
pd <- read.csv(file.path(ref_dir, "data", "poldem.csv"))
pd$X <- rowMeans(pd[, c("x1", "x2", "x3")])
pd$M <- rowMeans(pd[, c("y1", "y2", "y3", "y4")])
pd$Y <- rowMeans(pd[, c("y5", "y6", "y7", "y8")])
comp1 <- sem("dem60 =~ y1 + y2 + y3 + y4\n dem60 ~ a*X\n Y ~ b*dem60 + c*X\n
             ind := a*b\n tot := c + a*b", data = pd)
write_lavaan_fit(comp1, "moderation/comp_xy")
comp2 <- sem("ind60 =~ x1 + x2 + x3\n M ~ a*ind60\n Y ~ b*M + c*ind60\n
             ind := a*b\n tot := c + a*b", data = pd)
write_lavaan_fit(comp2, "moderation/comp_my")

# ---------------------------------------------------------------- Paskvan et al. (2016)
if (have_realdata) {
  pk <- read.csv(realdata_file("paskvan2016_work_intensification", "Paskvan.csv"))
  pk$wi_pc <- (pk$wintense - mean(pk$wintense)) * (pk$pclimate - mean(pk$pclimate))
  pk$ca_pc <- (pk$cogapp - mean(pk$cogapp)) * (pk$pclimate - mean(pk$pclimate))
  s <- sd(pk$pclimate)
  pc <- pk$pclimate - mean(pk$pclimate)
  q <- unname(quantile(pc, c(0.16, 0.50, 0.84)))
  levels <- list(sd = c(-s, 0, s), percentiles = q)
  # first stage (PROCESS model 7)
  def1 <- c()
  for (nm in names(levels)) {
    v <- levels[[nm]]
    for (k in 1:3) {
      def1 <- c(def1,
        sprintf("slope_%s%d := a1 + a3*(%.17g)", nm, k, v[k]),
        sprintf("ind_%s%d := (a1 + a3*(%.17g))*b", nm, k, v[k]))
    }
  }
  m1 <- paste(
    "cogapp ~ a1*wintense + a2*pclimate + a3*wi_pc",
    "emotion ~ b*cogapp + cp*wintense",
    "imm := a3*b", paste(def1, collapse = "\n"), sep = "\n")
  f1 <- sem(m1, data = pk)
  write_lavaan_fit(f1, "moderation/paskvan_first")
  out(defined(f1), "moderation/paskvan_first_defined.csv")
  v <- vcov(f1)
  jn <- jn_bounds(coef(f1)["a1"], coef(f1)["a3"], v["a1", "a1"], v["a1", "a3"], v["a3", "a3"])
  out(data.frame(effect = "wintense -> cogapp", moderator = "pclimate", lower = jn[1],
                 upper = jn[2], observed_min = min(pc), observed_max = max(pc),
                 sd = s), "moderation/paskvan_first_jn.csv")
  f0 <- sem("cogapp ~ wintense + pclimate\n emotion ~ cogapp + wintense", data = pk)
  out(data.frame(variable = "cogapp",
                 r2_full = lavInspect(f1, "r2")[["cogapp"]],
                 r2_reduced = lavInspect(f0, "r2")[["cogapp"]]),
      "moderation/paskvan_first_r2change.csv")
  fb <- sem(m1, data = pk, se = "bootstrap", bootstrap = 1000)
  pe <- parameterEstimates(fb, boot.ci.type = "perc")
  out(pe[pe$op == ":=", c("lhs", "est", "se", "ci.lower", "ci.upper")],
      "moderation/paskvan_first_boot.csv")
  # second stage (PROCESS model 14)
  def2 <- c()
  for (k in 1:3) {
    def2 <- c(def2, sprintf("ind_sd%d := a*(b1 + b3*(%.17g))", k, levels$sd[k]))
  }
  m2 <- paste(
    "cogapp ~ a*wintense",
    "emotion ~ b1*cogapp + b2*pclimate + b3*ca_pc + cp*wintense",
    "imm := a*b3", paste(def2, collapse = "\n"), sep = "\n")
  f2 <- sem(m2, data = pk)
  write_lavaan_fit(f2, "moderation/paskvan_second")
  out(defined(f2), "moderation/paskvan_second_defined.csv")
} else {
  message("  realdata absent: Paskvan references skipped")
}

# ---------------------------------------------------------------- latent: Prasojo et al.
if (have_realdata) {
  tb <- read.csv(realdata_file("prasojo2020_teacher_burnout", "teachers_burnout_prasojo2020.csv"))
  tsc <- paste0("TSC", 1:5)
  te <- paste0("TE", c(1, 2, 3, 5))
  ee <- paste0("EE", 1:4)
  tb <- tb[, c(tsc, te, ee)]
  # matched pairs in item order; the longer scale (TSC, 5 items) loses its extra item TSC5
  tb <- indProd(tb, var1 = tsc[1:4], var2 = te, match = TRUE, meanC = TRUE,
                residualC = FALSE, doubleMC = TRUE)
  prods <- paste(tsc[1:4], te, sep = ".")
  ml <- paste(
    paste("TSC =~", paste(tsc, collapse = " + ")),
    paste("TE =~", paste(te, collapse = " + ")),
    paste("EE =~", paste(ee, collapse = " + ")),
    paste("INT =~", paste(prods, collapse = " + ")),
    "EE ~ TSC + TE + INT", sep = "\n")
  fl <- sem(ml, data = tb)
  write_lavaan_fit(fl, "moderation/prasojo_latent")
  # The product indicators summarised (no respondent-level data leaves ../shared/realdata):
  # per indicator its mean, SD (n - 1), minimum, maximum and the row-index-weighted sum
  # (which also catches a reordering of the respondents).
  pm <- as.matrix(tb[, prods])
  out(data.frame(product = prods, mean = colMeans(pm), sd = apply(pm, 2, sd),
                 min = apply(pm, 2, min), max = apply(pm, 2, max),
                 weighted_sum = colSums(pm * seq_len(nrow(pm)))),
      "moderation/prasojo_latent_products_summary.csv")
  sdw <- sqrt(lavInspect(fl, "cov.lv")["TE", "TE"])
  pr <- probe2WayMC(fl, nameX = c("TSC", "TE", "INT"), nameY = "EE", modVar = "TE",
                    valProbe = c(-sdw, 0, sdw))
  ss <- as.data.frame(pr$SimpleSlope)
  names(ss) <- c("moderator_value", "est", "se", "z", "pvalue")
  out(ss, "moderation/prasojo_latent_slopes.csv")
  v <- vcov(fl)
  b <- coef(fl)
  i1 <- "EE~TSC"
  i3 <- "EE~INT"
  jn <- jn_bounds(b[i1], b[i3], v[i1, i1], v[i1, i3], v[i3, i3])
  out(data.frame(effect = "TSC -> EE", moderator = "TE", lower = jn[1], upper = jn[2],
                 sd = sdw), "moderation/prasojo_latent_jn.csv")
}

# Multi-group reference values for src/surveysem/invariance.py (tests/test_invariance.py).
#
# A simulated two-group data set with a known non-invariant intercept (x3 is 0.8 higher in
# group B at equal factor scores) and a structural path that differs between groups
# (F2 ~ F1: 0.5 in A, 0.1 in B). lavaan fits: configural / metric / scalar / partial scalar
# (group.partial = "x3~1") CFAs, the score tests of the scalar model's intercept equality
# constraints (lavTestScore: the modification indices the partial-invariance search
# approximates), and the multi-group SEM with loadings equal, without and with the
# regression held equal.

sim_group <- function(n, label, beta, x3_shift, f1_mean) {
  lam <- c(1, 0.8, 0.9, 0.7)
  f1 <- f1_mean + rnorm(n)
  f2 <- beta * f1 + rnorm(n, sd = sqrt(0.8))
  nu_x <- c(3, 3, 3 + x3_shift, 3)
  x <- sapply(1:4, function(j) nu_x[j] + lam[j] * f1 + rnorm(n, sd = sqrt(0.5)))
  y <- sapply(1:4, function(j) 3 + lam[j] * f2 + rnorm(n, sd = sqrt(0.5)))
  d <- data.frame(grp = label, x, y)
  names(d) <- c("grp", paste0("x", 1:4), paste0("y", 1:4))
  d
}
sim <- rbind(
  sim_group(400, "A", beta = 0.5, x3_shift = 0, f1_mean = 0),
  sim_group(450, "B", beta = 0.1, x3_shift = 0.8, f1_mean = 0.3)
)
out(sim, "invariance/sim_data.csv")

cfa_model <- "F1 =~ x1 + x2 + x3 + x4\nF2 =~ y1 + y2 + y3 + y4\n"
fits <- list(
  configural = cfa(cfa_model, sim, group = "grp"),
  metric = cfa(cfa_model, sim, group = "grp", group.equal = "loadings"),
  scalar = cfa(cfa_model, sim, group = "grp", group.equal = c("loadings", "intercepts")),
  partial_scalar = cfa(cfa_model, sim, group = "grp",
                       group.equal = c("loadings", "intercepts"), group.partial = "x3~1")
)
for (nm in names(fits)) write_lavaan_fit(fits[[nm]], paste0("invariance/sim_", nm))

# Score tests of the scalar model's equality constraints, with the constrained parameters named.
sc <- lavTestScore(fits$scalar)$uni
pt <- parTable(fits$scalar)
lab_name <- function(l) {
  r <- pt[pt$plabel == l, ][1, ]
  paste0(r$lhs, r$op, r$rhs)
}
out(data.frame(
  lhs = sapply(sc$lhs, lab_name), rhs = sapply(sc$rhs, lab_name),
  x2 = sc$X2, df = sc$df, pvalue = sc$p.value
), "invariance/sim_scalar_score.csv")

sem_model <- paste0(cfa_model, "F2 ~ F1\n")
sem_free <- sem(sem_model, sim, group = "grp", group.equal = "loadings")
sem_eq <- sem(sem_model, sim, group = "grp", group.equal = c("loadings", "regressions"))
write_lavaan_fit(sem_free, "invariance/sim_sem_metric")
write_lavaan_fit(sem_eq, "invariance/sim_sem_metric_eqpath")

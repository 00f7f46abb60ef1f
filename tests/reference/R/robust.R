# Reference values for surveysem.modindices beyond sem/hs_cfa_ml_modindices.csv (which has
# only the 20 largest of the complete-data CFA). Sourced by tests/reference/make_reference.R
# after common.R. lavaan 0.6-14 modindices() defaults (information = "expected"), ALL rows,
# sorted by mi, NA rows removed.
#
#   robust/hs_cfa_ml_modindices_all.csv    HS 3-factor CFA, ML, complete data
#   robust/hs_cfa_fiml_modindices.csv      the same model, missing = "ml" on the HS data with
#                                          the deterministic NA cells of sem.R
#   robust/poldem_sem_ml_modindices.csv    Bollen's Political Democracy SEM (sem.R model
#                                          without labels and := lines): loadings, residual
#                                          covariances, latent regressions and covariances

hs_vars <- paste0("x", 1:9)
hs <- HolzingerSwineford1939[, hs_vars]
hs_model <- "
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
"
mi_all <- function(fit) {
  mi <- as.data.frame(modindices(fit, sort. = TRUE))
  mi[, c("lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all", "sepc.nox")]
}
out(mi_all(cfa(hs_model, hs)), "robust/hs_cfa_ml_modindices_all.csv")

hs_miss <- hs
for (j in seq_along(hs_vars)) {
  i <- seq_len(nrow(hs_miss))
  hs_miss[(i * 7 + j * 13) %% 17 == 0, hs_vars[j]] <- NA
}
out(mi_all(cfa(hs_model, hs_miss, missing = "ml")), "robust/hs_cfa_fiml_modindices.csv")

pd_model <- "
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"
out(mi_all(sem(pd_model, PoliticalDemocracy)), "robust/poldem_sem_ml_modindices.csv")

# A structural model that is not saturated (latent regression and covariance candidates).
#   robust/hs_sem_chain_ml_modindices.csv  textual ~ visual; speed ~ textual
hs_chain <- paste(hs_model, "textual ~ visual\nspeed ~ textual\n")
out(mi_all(sem(hs_chain, hs)), "robust/hs_sem_chain_ml_modindices.csv")

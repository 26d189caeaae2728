# Reproduces the key numbers of a Tandem linkage report from units.csv (docs/methods.md):
#   - per cycle, Pearson r of the primary pair with its Fisher 95% CI and two-sided p (cor.test)
#   - between and within units: lmer(y ~ xw + xb + factor(cycle) + (1 | unit), REML = TRUE)
#   - which comes first, within units: the lagged models in both directions and their
#     standardized coefficients
# and writes them to results.json under the same names as report.json, which holds the
# report's own numbers. Run in the unpacked folder: Rscript analysis.R
# Needs R with lme4 (Debian: apt-get install r-base-core r-cran-lme4).
# The settings above this comment (primary pair, thresholds) are the report's.

suppressPackageStartupMessages(library(lme4))

# lme4's default tolerances stop about 1e-8 from the optimum; tighter ones reach the optimum
# Tandem's profiled REML finds.
tight <- lmerControl(
  optimizer = "nloptwrap",
  optCtrl = list(xtol_rel = 1e-14, ftol_rel = 1e-15, xtol_abs = 1e-14, ftol_abs = 1e-15, maxeval = 1e5)
)
z975 <- qnorm(0.975)

d <- read.csv("units.csv", stringsAsFactors = FALSE, check.names = FALSE,
              na.strings = "", fileEncoding = "UTF-8-BOM")
x_col <- paste0("employee_", employee_measure)
y_col <- paste0("customer_", customer_metric)
if (!(x_col %in% names(d)) || !(y_col %in% names(d)))
  stop("units.csv has no column ", x_col, " or ", y_col)
d$x <- as.numeric(d[[x_col]])
d$y <- as.numeric(d[[y_col]])
# A unit enters the analysis of a cycle with enough responses on both sides (DESIGN.md).
d$eligible <- d$employee_responses >= anonymity_min & d$customer_responses >= min_customer_responses
cycles <- unique(d[order(d$cycle_order), c("cycle", "cycle_order")])$cycle

hidden <- sum(d$eligible & is.na(d$x) & !is.na(d$y) & !is.na(d$employee_hidden))
if (hidden > 0)
  message(hidden, " unit-cycle rows the report analysed have their ", employee_measure,
          " hidden in units.csv (privacy rule 2), so these results can differ from report.json.")

insufficient <- function(reason) list(status = "insufficient", reason = reason)
wald <- function(fit, name) {
  co <- summary(fit)$coefficients
  est <- unname(co[name, "Estimate"])
  se <- unname(co[name, "Std. Error"])
  list(estimate = est, se = se, ci = I(c(est - z975 * se, est + z975 * se)))
}

# ---- per cycle: Pearson r of the primary pair over the units in the analysis
per_cycle <- lapply(cycles, function(label) {
  u <- d[d$cycle == label & d$eligible & !is.na(d$x) & !is.na(d$y), ]
  result <- if (nrow(u) < 4) {
    insufficient(sprintf("needs at least 4 units; found %d", nrow(u)))
  } else if (sd(u$x) == 0 || sd(u$y) == 0) {
    insufficient("a measure is the same in every unit")
  } else {
    t <- cor.test(u$x, u$y, method = "pearson", conf.level = 0.95)
    list(status = "ok", n = nrow(u), r = unname(t$estimate),
         ci = list(lower = t$conf.int[1], upper = t$conf.int[2]), p = t$p.value)
  }
  list(cycle = label, employeeMeasure = employee_measure, customerMetric = customer_metric,
       result = result)
})

# ---- the panel: closed cycles with adequate coverage (at least 4 units in the analysis and at
# least half as many as the best-covered cycle of the range)
covered <- sapply(cycles, function(label) sum(d$eligible[d$cycle == label]))
panel_cycles <- cycles[covered >= 4 & covered * 2 >= max(c(0, covered))]
b <- d[d$cycle %in% panel_cycles & d$eligible & !is.na(d$x) & !is.na(d$y), ]
b$cycle_index <- match(b$cycle, panel_cycles)
b <- b[order(b$cycle_index, b$unit_id), ]

between_within <- if (length(panel_cycles) < 2) {
  insufficient("needs at least two cycles")
} else if (length(unique(b$unit_id)) < 4) {
  insufficient("needs at least 4 units")
} else {
  b$xb <- ave(b$x, b$unit_id)
  b$xw <- b$x - b$xb
  fit <- lmer(y ~ xw + xb + factor(cycle, levels = panel_cycles) + (1 | unit_id),
              data = b, REML = TRUE, control = tight)
  vc <- as.data.frame(VarCorr(fit))
  list(status = "ok", employeeMeasure = employee_measure, customerMetric = customer_metric,
       within = wald(fit, "xw"), between = wald(fit, "xb"),
       units = unname(ngrps(fit)), rows = nrow(fit@frame),
       varUnit = vc$vcov[vc$grp != "Residual"], varResidual = vc$vcov[vc$grp == "Residual"])
}

lagged <- if (length(panel_cycles) < 2) {
  insufficient("needs at least two cycles")
} else {
  # Centred on each unit's means over all its panel rows; pairs of adjacent panel cycles.
  b$xw <- b$x - ave(b$x, b$unit_id)
  b$yw <- b$y - ave(b$y, b$unit_id)
  nxt <- data.frame(unit_id = b$unit_id, cycle_index = b$cycle_index - 1,
                    x_next = b$x, y_next = b$y, stringsAsFactors = FALSE)
  m <- merge(b[, c("unit_id", "cycle_index", "xw", "yw")], nxt, by = c("unit_id", "cycle_index"))
  if (length(unique(m$unit_id)) < 4) {
    insufficient("needs at least 4 units in two consecutive cycles")
  } else {
    fy <- lmer(y_next ~ xw + yw + (1 | unit_id), data = m, REML = TRUE, control = tight)
    fx <- lmer(x_next ~ yw + xw + (1 | unit_id), data = m, REML = TRUE, control = tight)
    forward <- unname(fixef(fy)["xw"] * sd(m$xw) / sd(m$y_next))
    reverse <- unname(fixef(fx)["yw"] * sd(m$yw) / sd(m$x_next))
    list(status = "ok", employeeMeasure = employee_measure, customerMetric = customer_metric,
         forward = list(std = forward, raw = wald(fy, "xw")),
         reverse = list(std = reverse, raw = wald(fx, "yw")),
         difference = list(estimate = forward - reverse),
         rows = nrow(m), units = length(unique(m$unit_id)))
  }
}

# ---- results.json (a small writer, so nothing beyond lme4 is needed): named lists are
# objects, I() marks arrays, numbers keep 17 significant digits.
to_json <- function(v) {
  if (is.list(v) && !is.null(names(v))) {
    parts <- mapply(function(k, x) paste0('"', k, '":', to_json(x)), names(v), v)
    return(paste0("{", paste(parts, collapse = ","), "}"))
  }
  if (is.list(v)) return(paste0("[", paste(vapply(v, to_json, ""), collapse = ","), "]"))
  one <- function(x) {
    if (is.na(x)) return("null")
    if (is.logical(x)) return(if (x) "true" else "false")
    if (is.numeric(x)) return(sprintf("%.17g", x))
    paste0('"', gsub('"', '\\\\"', as.character(x)), '"')
  }
  items <- vapply(as.list(v), one, "")
  if (length(v) == 1 && !inherits(v, "AsIs")) items else paste0("[", paste(items, collapse = ","), "]")
}

results <- list(
  perCycle = per_cycle,
  analysis = list(panel = list(
    cycles = I(panel_cycles),
    betweenWithin = between_within,
    lagged = lagged
  )),
  r = list(version = R.version.string, lme4 = as.character(packageVersion("lme4")),
           hiddenInAnalysis = hidden)
)
writeLines(to_json(results), "results.json")
cat("Wrote results.json: per-cycle r for", length(cycles), "cycles; panel over",
    length(panel_cycles), "cycles\n")

# From a raw questionnaire survey to a thesis-style PDF.
# Run: snakemake --cores 2 [--configfile path/to/study.yaml]


# The default study, unless another study file is given with --configfile (a study file is
# complete on its own: it is not merged into the default one).
if not workflow.overwrite_configfiles:

    configfile: "config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/scores.smk"
include: "workflow/rules/sem.smk"
include: "workflow/rules/reliability.smk"
include: "workflow/rules/groups.smk"
include: "workflow/rules/invariance.smk"
include: "workflow/rules/recommend.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/power.smk"


rule all:
    """The thesis: reports/thesis.pdf and reports/thesis.html (and one per further language)."""
    input:
        *report_paths().values(),
        *[p for lang in TRANSLATIONS for p in report_paths(lang).values()],

rule ingest_survey:
    """Read the raw survey (CSV/XLSX/SAV/DTA), check it has every codebook column, and
    write it as text with the 1-based raw row number in `row`."""
    input:
        code=code("ingest_survey.py"),
        data=study_path(config["data"]["path"]),
        codebook=study_path(config["codebook"]),
    output:
        **rule_outputs("ingest_survey"),
    log:
        "logs/ingest_survey.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        codebook=CODEBOOK,
        sheet=config["data"]["sheet"],
        id_column=config["data"]["id_column"],
    script:
        "../scripts/ingest_survey.py"


rule clean_responses:
    """Fix invalid cells, run every data-quality screen, reverse-score the items and write
    the analysed data with a complete ledger of exclusions and fixes."""
    input:
        code=code("clean_responses.py"),
        responses="results/ingest/responses.csv",
        codebook=study_path(config["codebook"]),
    output:
        **rule_outputs("clean_responses"),
    log:
        "logs/clean_responses.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        codebook=CODEBOOK,
        id_column=config["data"]["id_column"],
        cleaning=config["cleaning"],
        missing=config["analysis"]["missing"],
    script:
        "../scripts/clean_responses.py"

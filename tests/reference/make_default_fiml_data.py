"""Write ``tests/reference/data/default_fiml.csv``: the default study's data for a FIML fit.

Run from the repository root (deterministic; no R needed)::

    .venv/bin/python tests/reference/make_default_fiml_data.py

The raw survey (``data/raw/survey.csv``) is cleaned with the options of ``config.yaml``
(``cleaning:``) but ``missing="fiml"``: respondents with a missing item are kept instead of
being dropped by the listwise step. The file holds the observed variables of the structural
model (``surveysem.study.model_spec``, composites added as in ``surveysem.models``), one row
per analysed respondent in cleaning order, reverse-scored, with ``NA`` for a missing answer.

It is the input of the opt-in lavaan reference ``sem/default_sem_fiml_*`` (``R/sem.R``, run
by ``SURVEYSEM_REF_FIML=1 Rscript tests/reference/make_default_fiml.R``) and of
``tests/test_sem.py::test_default_study_fiml_equals_lavaan``. Regenerate both whenever the
cleaning or the simulated data change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import yaml

from surveysem.clean import clean_survey
from surveysem.codebook import read_codebook
from surveysem.ingest import read_survey
from surveysem.models import structural_data
from surveysem.study import model_spec

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "data" / "default_fiml.csv"


def default_fiml_data(root: Path = ROOT) -> pd.DataFrame:
    """The FIML-cleaned default data, restricted to the structural model's variables.

    Parameters
    ----------
    root : Path
        The repository root (holding ``config.yaml``).

    Returns
    -------
    DataFrame
        One column per observed variable of the model, in ``ModelSpec.observed()`` order;
        float, NaN where the respondent did not answer.
    """
    cfg = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    cb = read_codebook(str(root / cfg["codebook"]))
    c = cfg["cleaning"]
    res = clean_survey(
        read_survey(str(root / cfg["data"]["path"])),
        cb,
        id_column=cfg["data"]["id_column"],
        exclude=c["exclude"],
        drop_duplicate_rows=c["drop_duplicate_rows"],
        max_missing_share=c["max_missing_share"],
        longstring_max=c["longstring_max"],
        mahalanobis_p=c["mahalanobis_p"],
        min_duration_sec=c["min_duration_sec"],
        missing="fiml",
    )
    frame = structural_data(res.data, cfg, cb)
    return frame[model_spec(cfg, cb).observed()].astype(float).reset_index(drop=True)


def main() -> int:
    data = default_fiml_data()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data.to_csv(OUT, index=False, na_rep="NA", lineterminator="\n")
    n_incomplete = int(data.isna().any(axis=1).sum())
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(data)} respondents x {data.shape[1]} variables, "
        f"{n_incomplete} incomplete, {int(data.isna().sum().sum())} missing answers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Simulate the default study's raw survey (used by `make data`, not a Snakemake rule).

Usage: python workflow/scripts/simulate_survey.py data/population.yaml data/raw/survey.csv
       [data/codebook.yaml]

The output is byte-for-byte reproducible: same population file, same bytes.
"""

import sys
from pathlib import Path

import yaml

from surveysem.codebook import parse_codebook
from surveysem.simulate import simulate_survey


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    population_path, out_path = Path(argv[1]), Path(argv[2])
    codebook_path = Path(argv[3]) if len(argv) == 4 else population_path.with_name("codebook.yaml")
    population = yaml.safe_load(population_path.read_text(encoding="utf-8"))
    codebook = parse_codebook(
        yaml.safe_load(codebook_path.read_text(encoding="utf-8")), source=str(codebook_path)
    )
    survey = simulate_survey(population, codebook)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    survey.data.to_csv(
        out_path, index=False, lineterminator="\n", float_format="%.10g", encoding="utf-8"
    )
    print(f"wrote {out_path}: {len(survey.data)} rows, {survey.data.shape[1]} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

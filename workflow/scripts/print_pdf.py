"""Print the thesis HTML to PDF with WeasyPrint (local files only)."""

import sys
from pathlib import Path

from surveysem.report.pdf import html_to_pdf

sm = snakemake  # noqa: F821
sys.stderr = open(sm.log[0], "w")

html = Path(sm.input.html)
html_to_pdf(html.read_text(encoding="utf-8"), html.parent, sm.output.pdf)

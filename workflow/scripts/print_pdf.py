"""Print the thesis HTML to PDF with WeasyPrint (local files only)."""

import sys
from pathlib import Path

sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from surveysem.report import html_to_pdf  # noqa: E402

sm = snakemake  # noqa: F821
html = Path(sm.input.html)
html_to_pdf(html.read_text(encoding="utf-8"), html.parent, sm.output.pdf)

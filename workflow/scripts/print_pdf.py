"""Print the thesis HTML to PDF with WeasyPrint (local files only)."""

from pathlib import Path

from surveysem.report.pdf import html_to_pdf
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

html = Path(sm.input.html)
html_to_pdf(html.read_text(encoding="utf-8"), html.parent, sm.output.pdf)

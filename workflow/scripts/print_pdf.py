"""Print the thesis HTML to PDF with WeasyPrint (local files only)."""

from pathlib import Path

from surveysem.scriptlog import log_to

log_to(snakemake)  # noqa: F821

from surveysem.report import html_to_pdf  # noqa: E402

sm = snakemake  # noqa: F821
html = Path(sm.input.html)
html_to_pdf(html.read_text(encoding="utf-8"), html.parent, sm.output.pdf)

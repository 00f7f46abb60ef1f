"""One builder per part of the thesis; each returns a Section (see surveysem.report.outline)."""

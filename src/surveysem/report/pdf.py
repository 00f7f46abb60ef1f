"""Printing the HTML to PDF with WeasyPrint: local files only, byte-identical reruns."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path


def _refuse(url: str) -> None:
    raise RemoteURLRefused(
        f"the report tried to load {url!r}; only local files (file:) may be fetched. "
        "Reference figures and styles by relative paths."
    )


try:  # pragma: no branch
    from weasyprint.urls import FatalURLFetchingError as _Fatal
    from weasyprint.urls import URLFetcher as _URLFetcher
except ImportError:  # pragma: no cover
    _Fatal, _URLFetcher = Exception, object


class RemoteURLRefused(_Fatal):
    """A non-local URL was requested while printing the report."""


class LocalOnlyFetcher(_URLFetcher):
    """A WeasyPrint URL fetcher that serves ``file:`` URLs and refuses everything else.

    Refusal raises :class:`RemoteURLRefused` (a fatal fetching error), so the print stops
    instead of silently leaving a resource out.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",))

    def fetch(self, url, headers=None):  # noqa: D401
        if not str(url).lower().startswith("file:"):
            _refuse(url)
        return super().fetch(url, headers)


def local_url_fetcher(url: str):
    """Function form of :class:`LocalOnlyFetcher`: fetch ``url`` if it is a ``file:`` URL."""
    return LocalOnlyFetcher().fetch(url)


def html_to_pdf(html: str, base_url: str | Path, out_path: str | Path) -> None:
    """Print HTML to PDF with WeasyPrint, reproducibly and without network access.

    Parameters
    ----------
    html : str
        The rendered report; its ``dcterms.created``/``dcterms.modified`` meta tags set the
        PDF dates (the templates derive them from the data date).
    base_url : str or Path
        Folder that relative URLs (figures) are resolved against.
    out_path : str or Path
        The PDF to write.

    Notes
    -----
    The PDF identifier is the SHA-256 of the HTML, and ``SOURCE_DATE_EPOCH`` is pinned to the
    document's ``dcterms.created`` date while printing (fontTools stamps subset fonts with it),
    so identical HTML gives identical bytes.
    """
    import os
    import re

    import weasyprint

    base = Path(base_url).resolve()
    doc = weasyprint.HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=LocalOnlyFetcher())
    ident = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set:
    # pin it to the document's own date for the duration of the print
    m = re.search(r'name="dcterms.created" content="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"', html)
    epoch = 0
    if m:
        epoch = int(
            datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
        )
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        doc.write_pdf(str(out_path), pdf_identifier=ident)
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old

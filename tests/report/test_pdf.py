"""Printing: local files only, and identical bytes from identical HTML."""

import pypdf
import pytest

from surveysem.report.pdf import LocalOnlyFetcher, RemoteURLRefused, html_to_pdf, local_url_fetcher


def test_fetcher_refuses_network():
    f = LocalOnlyFetcher()
    for url in (
        "http://example.com/x.png",
        "https://example.com/a.css",
        "ftp://x/y",
        "data:image/png;base64,AA==",
    ):
        with pytest.raises(RemoteURLRefused, match="only local files"):
            f.fetch(url)
    with pytest.raises(RemoteURLRefused):
        local_url_fetcher("http://example.com/")


def test_html_with_remote_image_does_not_print(tmp_path):
    html = '<html><body><p>x</p><img src="http://example.com/tracker.png"></body></html>'
    with pytest.raises(RemoteURLRefused):
        html_to_pdf(html, tmp_path, tmp_path / "x.pdf")


def test_local_file_is_fetched(tmp_path):
    (tmp_path / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    )
    assert LocalOnlyFetcher().fetch((tmp_path / "a.svg").as_uri()) is not None


def test_pdf_is_byte_identical_and_dated_from_the_html(tmp_path):
    html = (
        '<html><head><meta name="dcterms.created" content="2026-01-02T03:04:05Z">'
        '<meta name="dcterms.modified" content="2026-01-02T03:04:05Z"></head>'
        "<body><h1>Title</h1><p>β = .42</p></body></html>"
    )
    html_to_pdf(html, tmp_path, tmp_path / "a.pdf")
    html_to_pdf(html, tmp_path, tmp_path / "b.pdf")
    a, b = (tmp_path / "a.pdf").read_bytes(), (tmp_path / "b.pdf").read_bytes()
    assert a == b
    reader = pypdf.PdfReader(tmp_path / "a.pdf")
    assert "β = .42" in reader.pages[0].extract_text()
    assert str(reader.metadata.get("/CreationDate")).startswith("D:20260102030405")

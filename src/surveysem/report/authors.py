"""Author strings of the bibliography (APA form: ``"Hu, L., & Bentler, P. M."``)."""

from __future__ import annotations

import re

_SURNAME = re.compile(r"(?:^|,\s|&\s)([^,&]+?),\s+(?:[A-ZÀ-ÖØ-Þ][^,]*?\.)")


def surnames(authors: str) -> list[str]:
    """Surnames from an APA author string (``"Hu, L., & Bentler, P. M."`` -> Hu, Bentler)."""
    return [m.strip() for m in _SURNAME.findall(str(authors))]

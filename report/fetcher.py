"""The only door between the rendered HTML and the outside world.

WeasyPrint fetches whatever a URL in the document names.  The content is
written by people, and a stray ``<img src="http://…">`` (autoescaping already
keeps content from becoming markup, this is the second wall) must never make
the build touch the network or read files it has no business reading.  So
this fetcher serves ``data:`` URLs and plain files under a few allowed
folders (the assets folder with the fonts, and this build's chart cache)
and refuses everything else: http(s), ftp, file paths outside the roots,
symlinks leading outside them, and therefore any redirect.

It is also where a bundled font is swapped for its cut to the document's
characters (report.font_subsets.document_font): WeasyPrint then loads and
subsets a small font, and the CSS still names the real file.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".svg": "image/svg+xml", ".png": "image/png", ".css": "text/css"}


class Refused(ValueError):
    """A URL the briefing may not load (WeasyPrint logs it and skips the resource)."""


class SafeFetcher(URLFetcher):
    def __init__(self, roots: tuple[Path, ...] | list[Path], served: dict[Path, bytes] | None = None):
        """``served``: files (resolved paths, under the roots) answered with these bytes instead of their own."""
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=False)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.served = dict(served or {})
        self.refused: list[str] = []     # what was asked for and not served, for tests and diagnostics

    def allows(self, path: Path) -> bool:
        resolved = path.resolve()
        return resolved.is_file() and any(resolved.is_relative_to(root) for root in self.roots)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return self._refuse(url, "file URLs on other hosts are not served")
            path = Path(url2pathname(unquote(parts.path)))
            if not self.allows(path):
                return self._refuse(url, "only files under the assets folder and the chart cache are served")
            resolved = path.resolve()
            kind = _TYPES.get(resolved.suffix.lower()) or mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
            data = self.served[resolved] if resolved in self.served else resolved.read_bytes()
            return URLFetcherResponse(resolved.as_uri(), data, {"Content-Type": kind})
        return self._refuse(url, f"{scheme or 'relative'} URLs are never fetched")

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        self.refused.append(url)
        raise Refused(f"refused {url}: {why}")

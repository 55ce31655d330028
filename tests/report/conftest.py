"""PDF builds shared by the tests of this folder: one per content and variant per session."""
from __future__ import annotations

import pytest

from core.model import Briefing
from core.rendered import Rendered
from report import build_pdf


@pytest.fixture(scope="session")
def shipped_pdf(shipped_briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The shipped content's default (tagged) PDF."""
    return build_pdf(shipped_briefing, cache_dir=tmp_path_factory.mktemp("shipped-cache"), variant=None)


@pytest.fixture(scope="session")
def mini_variants(mini_briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The mini fixture as PDF/UA-1 and as PDF/A-3b (one cache: the second build reuses charts and fonts)."""
    cache = tmp_path_factory.mktemp("variant-cache")
    return {variant: build_pdf(mini_briefing, cache_dir=cache, variant=variant).data for variant in ("pdf/ua-1", "pdf/a-3b")}

"""The deck built once per session from the shipped assets (summary mode, font embedded): most deck tests read it."""
from __future__ import annotations

import pytest

from core.model import Briefing
from slides import build_deck


@pytest.fixture(scope="session")
def shipped_rendered(shipped_briefing: Briefing):
    return build_deck(shipped_briefing, template=None)

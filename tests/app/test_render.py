"""app.render: the collector settings used while rendering are always put back."""
from __future__ import annotations

import gc

import pytest

from app.render import fewer_collections


def test_collections_are_restored_after_rendering_even_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():    # (how it tunes the collector is its own business)
        raise RuntimeError("a builder failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0                    # nothing stays frozen: a watch session would leak


def test_a_callers_own_freeze_is_left_alone() -> None:
    gc.freeze()
    try:
        with fewer_collections():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

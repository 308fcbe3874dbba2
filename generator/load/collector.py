"""Python's cyclic garbage collector, paused while the pipeline reads thousands of institutions.

Loading makes millions of objects that either live on (the catalog, the git facts) or die by reference
counting (parsed files): automatic full collections would only rescan what keeps growing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector paused, with what exists already frozen (left out of its scans, here and in
    forked workers). Loading 10,000 institutions cost the parent several seconds of CPU in full
    collections, taken from the workers on two cores, and forked workers copied every inherited page
    the collector touched. Nested uses are fine: the outer one re-enables the collector."""
    enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def sweep() -> None:
    """Collect the few cycles one batch left (fastjsonschema's uniqueItems check makes a recursive
    closure per call) and freeze the survivors, so that the next sweep looks at the next batch only."""
    gc.collect(0)
    gc.freeze()

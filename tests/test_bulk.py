"""The cycle collector paused for large batches: from 5,000 rows on, counted across overlapping
batches, switched back on only if it was on before, and after a failure too."""

from __future__ import annotations

import gc

import pytest

from tracker.db import bulk


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_a_batch_pauses_the_collector_from_5000_rows_on():
    with bulk.collector_paused(4_999):
        assert gc.isenabled()
    with bulk.collector_paused(5_000):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_batches_switch_it_back_on_when_the_last_one_ends():
    first, second = bulk.collector_paused(100_000), bulk.collector_paused(20_000)
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first import ends while the second still runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with bulk.collector_paused(100_000):
        pass
    assert not gc.isenabled()


def test_a_failed_batch_switches_it_back_on():
    with pytest.raises(ValueError), bulk.collector_paused(100_000):
        raise ValueError("bad row")
    assert gc.isenabled()

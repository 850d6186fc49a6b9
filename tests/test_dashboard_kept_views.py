"""Built view models are kept per page state and data version (``dashboard.cache.view``):
a rerun of the same state reuses the charts, any change of state or data builds anew."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import cache
from dashboard.params import page_state, store_key
from dashboard.params import params_of as page_params


@dataclass
class Built:
    n: int


def _ctx(version: tuple, **values: object):
    from dashboard.context import Ctx

    named = {store_key(p): values.get(p.name, p.default) for p in page_params("xu-huong")}
    state = page_state("xu-huong", named)
    return Ctx(
        lang=state.lang,
        page=state.page,
        filter=state.filter,
        scope=state.scope,
        scope_name="",
        version=version,
        year_bounds=(2016, 2024),
        state=state,
    )


def test_same_state_and_data_reuse_the_built_view_model() -> None:
    calls: list[int] = []

    def build() -> Built:
        calls.append(1)
        return Built(len(calls))

    v1 = (("/data", 0, 0), ("tallies.parquet", 1, 10))
    first = cache.view(_ctx(v1, loc=["01", "79"]), "test.reuse", build)
    again = cache.view(_ctx(v1, loc=["01", "79"]), "test.reuse", build)
    assert again is first and len(calls) == 1  # picked localities (a list) are part of the key

    other_pick = cache.view(_ctx(v1, loc=["01"]), "test.reuse", build)
    other_metric = cache.view(_ctx(v1, loc=["01", "79"], m="commendations"), "test.reuse", build)
    other_lang = cache.view(_ctx(v1, loc=["01", "79"], lang="en"), "test.reuse", build)
    v2 = (("/data", 0, 0), ("tallies.parquet", 2, 10))  # a re-ingest replaced the file
    new_data = cache.view(_ctx(v2, loc=["01", "79"]), "test.reuse", build)
    other_name = cache.view(_ctx(v1, loc=["01", "79"]), "test.other", build)
    assert [b.n for b in (other_pick, other_metric, other_lang, new_data, other_name)] == [
        2,
        3,
        4,
        5,
        6,
    ]


def test_only_the_last_views_are_kept() -> None:
    v = (("/data", 0, 0),)
    first = cache.view(_ctx(v), "test.bounded.0", lambda: Built(0))
    for i in range(1, cache.VIEWS_MAX + 1):
        cache.view(_ctx(v), f"test.bounded.{i}", lambda i=i: Built(i))
    assert cache.view(_ctx(v), "test.bounded.0", lambda: Built(-1)) is not first


def test_sessions_asking_at_once_build_a_view_model_once() -> None:
    import threading
    import time

    calls: list[int] = []

    def build() -> Built:
        calls.append(1)
        time.sleep(0.2)  # a slow first build: the other sessions arrive meanwhile
        return Built(len(calls))

    v = (("/data", 0, 0), ("tallies.parquet", 3, 10))
    got: list[Built] = []
    threads = [
        threading.Thread(target=lambda: got.append(cache.view(_ctx(v), "test.once", build)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(got) == 8 and all(b is got[0] for b in got)

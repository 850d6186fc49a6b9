"""The commune point map with the 34 provinces since 1/7/2025 (``b=current``): a current
province whose figures are reported for its communes before 1/7/2025 shows those communes as
points inside its outline (there was no point map at all)."""

from __future__ import annotations

from tests.dashboard_fixtures import charts, make_demo, open_page, problems


def test_a_current_province_maps_its_communes_before_the_merger(
    tmp_path_factory, monkeypatch
) -> None:
    data = make_demo(tmp_path_factory.mktemp("points-current"))
    monkeypatch.setenv("DVK_DATA_DIR", str(data))
    from metrics.comparisons import compare
    from metrics.engine import Engine
    from metrics.filters import Filter

    engine = Engine(data)
    info = engine.localities
    province = compare(engine, Filter(boundary="current"), tier="province").table["code"].iloc[0]
    assert info.at[province, "era"] == "2025"
    at = open_page("so-sanh", {"b": "current", "p": province, "scope": "communes"})
    assert problems(at) == []
    found = [
        c
        for c in charts(at)
        if any(t["type"] == "scattermap" for t in c["data"])
        and c["data"][0]["type"] == "choroplethmap"
    ]
    assert len(found) == 1, "no point map for a current province"
    traces = found[0]["data"]
    assert traces[0]["locations"] == [province]  # the current province's outline
    codes = [c[0] for t in traces[1:] for c in t.get("customdata") or []]
    assert codes and set(info.loc[codes, "current_province_code"]) == {province}
    assert set(info.loc[codes, "era"]) == {"pre2025"}  # one boundary version only

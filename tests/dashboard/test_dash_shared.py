"""dashboard/shared.py: the charts every session draws from one database generation are built once and shared; a
swapped-in file starts new ones (issue 24)."""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections import Counter

import polars as pl
import pytest
from test_dash_data import DB, edited_copy

from dashboard import shared
from views import charts
from views import spine as spine_chart

INDIKATOR = "app_pages/indikator.py"
STAGE = "app_pages/livsskede.py"


@pytest.fixture
def builds(monkeypatch) -> Counter:
    """Real calls of the pure chart builders, counted (each wrapper keeps the builder's name, so its cache key)."""
    calls: Counter = Counter()

    def counted(module, name: str) -> None:
        builder = getattr(module, name)

        @functools.wraps(builder)
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return builder(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for name in ("trend_chart", "rank_bar_chart", "gender_chart"):
        counted(charts, name)
    counted(spine_chart, "spine_chart")
    shared.clear()
    return calls


def specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_a_second_session_draws_the_same_charts_without_building_them(run_app, data_dir, builds):
    first = run_app(page=INDIKATOR, kommun="1784")
    built = dict(builds)
    assert built == {"trend_chart": 1, "rank_bar_chart": 1, "gender_chart": 1}
    second = run_app(page=INDIKATOR, kommun="1784")  # a new AppTest: a new session, same database file
    assert dict(builds) == built
    assert specs(second) == specs(first)
    assert [c.proto.alt for c in second.get("plotly_chart")] == [c.proto.alt for c in first.get("plotly_chart")]
    run_app(page=STAGE, kommun="1784")
    run_app(page=STAGE, kommun="1784")
    assert builds["spine_chart"] == 1


def test_other_filters_get_their_own_charts(run_app, data_dir, builds):
    arvika = specs(run_app(page=INDIKATOR, kommun="1784"))
    munkfors = specs(run_app(page=INDIKATOR, kommun="1762"))
    assert builds["trend_chart"] == 2
    assert "Arvika" in arvika[0]["layout"]["title"]["text"]
    assert "Munkfors" in munkfors[0]["layout"]["title"]["text"]


def test_a_swapped_in_file_gets_new_charts_with_its_values(run_app, data_dir, builds, tmp_path_factory):
    live = data_dir / DB
    before = specs(run_app(page=INDIKATOR, kommun="1784"))
    assert "Arvika" in before[0]["layout"]["title"]["text"]
    # the same content under a new generation (inode, mtime): the shared charts turn over all the same
    os.replace(shutil.copyfile(live, tmp_path_factory.mktemp("same") / DB), live)
    assert specs(run_app(page=INDIKATOR, kommun="1784")) == before
    assert builds["trend_chart"] == 2
    # new values: the next view draws them
    os.replace(edited_copy(live, tmp_path_factory.mktemp("next") / DB,
                           ["UPDATE area SET name = 'Arvika kommun' WHERE area_id = '1784'"]), live)
    after = specs(run_app(page=INDIKATOR, kommun="1784"))
    assert builds["trend_chart"] == 3
    assert "Arvika kommun" in after[0]["layout"]["title"]["text"]
    assert "Arvika kommun" not in json.dumps(before)


def test_a_shared_figure_is_not_changed_by_drawing_it(run_app, data_dir, monkeypatch):
    """The figure object handed to every session stays as built after sessions have drawn it."""
    held: list[shared.SharedFigure] = []
    build = shared._escaped_figure

    @functools.wraps(build)
    def keep(*args, **kwargs):
        held.append(build(*args, **kwargs))
        return held[-1]

    monkeypatch.setattr(shared, "_escaped_figure", keep)
    shared.clear()
    run_app(page=INDIKATOR, kommun="1784")
    assert len(held) >= 3
    frozen = [f.fig.to_json() for f in held]
    run_app(page=INDIKATOR, kommun="1784")
    run_app(page=INDIKATOR, kommun="1784")
    assert len(held) == len(frozen)  # drawn from the cache: the same objects
    assert [f.fig.to_json() for f in held] == frozen


@pytest.mark.parametrize("value", [{1, 2}, object()])
def test_an_argument_without_a_fingerprint_is_refused(value):
    with pytest.raises(TypeError, match="no fingerprint"):
        shared.fingerprint(value)


def test_fingerprints_follow_the_content():
    a = pl.DataFrame({"x": [1, 2], "y": ["a", None]})
    assert shared.fingerprint(a) == shared.fingerprint(a.clone())
    assert shared.fingerprint(a) != shared.fingerprint(a.with_columns(pl.lit("b").alias("y")))
    assert shared.fingerprint(a) != shared.fingerprint(a.cast({"x": pl.Float64}))
    assert shared.fingerprint((1, "1")) != shared.fingerprint(("1", 1))
    assert shared.fingerprint({"a": None}) != shared.fingerprint({"a": 0})
    assert shared.fingerprint(charts.trend_chart) != shared.fingerprint(charts.gender_chart)

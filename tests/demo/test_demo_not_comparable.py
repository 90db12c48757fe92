"""A KPI the catalogue marks as not comparable between municipalities (N15543, `comparable: false`) never gets a
"bättre/sämre än riket (länet)" verdict: not in the status table of the demo build, not on the pages a person
reads (Kommunprofil and the indicator page, Streamlit AppTest)."""

from __future__ import annotations

import re

import pytest
from demo_helpers import rows

from indicators.catalogue import load_catalogue
from tests.apptest import run_app

NOT_COMPARABLE = [i for i in load_catalogue().indicators if not i.comparable]
VERDICT = re.compile(r"(bättre|sämre) än (riket|länet|hela)", re.IGNORECASE)


def test_the_catalogue_has_one() -> None:
    assert NOT_COMPARABLE, "the test needs an indicator with comparable: false in indicators/indicators.yaml"


def test_no_reference_verdict_in_the_status_table(demo_db) -> None:
    ids = [i.id for i in NOT_COMPARABLE]
    found = rows(demo_db, "SELECT vs_riket, vs_county, target_status, mark_label, explanation, mark FROM status "
                          "WHERE indicator_id IN (SELECT unnest(?)) AND latest_value IS NOT NULL", [ids])
    assert found
    for vs_riket, vs_county, target_status, mark_label, explanation, mark in found:
        assert vs_riket in ("not_comparable", None) and vs_county in ("not_comparable", None)
        assert target_status == "not_comparable"
        assert mark_label.startswith("Jämförs inte med andra kommuner")
        assert not VERDICT.search(mark_label) and not VERDICT.search(explanation)
        assert mark in ("green", "neutral", "yellow", "red", "grey")


def _row_html(html: str, name: str) -> str:
    """The table row (<tr>…</tr>) that names the indicator."""
    match = re.search(r"<tr>(?:(?!</tr>).)*?" + re.escape(name) + r".*?</tr>", html, re.DOTALL)
    assert match, f"no row for {name!r}"
    return match.group(0)


@pytest.mark.parametrize("kommun", ["1762", "1780"])
def test_kommunprofil_says_jamfors_inte(data_dir, kommun: str) -> None:
    at = run_app("app_pages/kommunprofil.py", timeout=90, kommun=kommun)
    html = "\n".join(h.proto.body for h in at.html)
    for ind in NOT_COMPARABLE:
        row = _row_html(html, ind.short_name)
        assert "Jämförs inte med länet" in row
        assert not VERDICT.search(row), row


def test_indicator_page_says_jamfors_inte(data_dir) -> None:
    at = _indicator_page(NOT_COMPARABLE[0].id)
    shown = "\n".join([h.proto.body for h in at.html] + [m.value for m in at.markdown if "Vad som bedöms" not in
                                                          m.value] + [c.value for c in at.caption])
    assert "Jämförs inte med andra kommuner" in shown
    assert "inte jämförbart mellan kommuner" in shown
    assert not VERDICT.search(shown.split("Vad som bedöms")[0])


def test_indicator_page_neither_ranks_nor_maps_it(data_dir) -> None:
    """No league table, no "mörkare = bättre" map, no "Plats" column for an indicator the method does not rank;
    the page says why, and the Mål row does not claim it is judged against Riket."""
    ind = NOT_COMPARABLE[0]
    at = _indicator_page(ind.id)
    infos = [i.value for i in at.info]
    assert any("rangordnas inte" in i and "inte jämförbara mellan kommunerna" in i for i in infos), infos
    charts = _chart_texts(at)
    assert charts  # the series chart is still drawn
    assert not any("mörkare = bättre" in spec for spec in charts)
    assert not any("De 16 kommunerna" in spec for spec in charts)
    shown = "\n".join([h.proto.body for h in at.html] + [m.value for m in at.markdown])
    assert "bedöms mot riket" not in shown and "jämförs inte med riket" in shown
    # a ranked indicator still gets both
    ranked = next(i for i in load_catalogue().indicators if i.rank and i.comparable and i.role == "outcome")
    at = _indicator_page(ranked.id)
    assert not any("rangordnas inte" in i.value for i in at.info)
    assert any("mörkare = bättre" in spec for spec in _chart_texts(at))
    assert any("De 16 kommunerna" in spec for spec in _chart_texts(at))


def _indicator_page(indicator_id: str):  # noqa: ANN202 (AppTest)
    """The indicator page for Karlstad and one indicator (the URL's `ind`, as a shared link gives it)."""
    at = run_app("app_pages/indikator.py", timeout=90)
    at.query_params["ind"] = indicator_id
    at.query_params["kommun"] = "1780"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["ind"] == [indicator_id] or at.query_params["ind"] == indicator_id
    return at


def _chart_texts(at) -> list[str]:  # noqa: ANN001 (AppTest)
    """Each Plotly chart's spec as text (its JSON unescaped, so Swedish letters read as themselves)."""
    import json

    return [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]


def test_the_detectable_change_sentence_only_explains_a_missing_verdict(demo_db) -> None:
    """"minsta förändring som kan upptäckas" only on rows whose mark rests on "ingen säkerställd skillnad" (or, for
    an indicator judged on its own trend, on "ungefär oförändrad") – never beside a better/worse verdict."""
    found = rows(demo_db, "SELECT target_status, trend, explanation LIKE '%minsta förändring som kan upptäckas%' "
                          "FROM status")
    told = [(status, trend) for status, trend, has in found if has]
    assert told, "the demo should have small municipalities where the sentence explains a missing verdict"
    assert all((s == "same" and t in ("stable", "short_series")) or (s == "not_comparable" and t == "stable")
               for s, t in told), set(told)
    assert len(told) < len(found) / 2, f"{len(told)} of {len(found)} rows carry the sentence"

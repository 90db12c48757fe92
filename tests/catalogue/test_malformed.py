"""Catalogue validation: one targeted edit of a copy of the real files per test, one exact message each.

Every message must name the file, the line and the field (or what is wrong), so an analyst can go straight to it.
Expected line numbers are found by searching the edited copy for the edited text, so they stay exact when the
real catalogue grows.
"""

from __future__ import annotations

import pytest
from catalogue_copy import CatalogueCopy, assert_one_problem

from indicators.catalogue import CATALOGUE_DIR, load_catalogue

REAL = load_catalogue(CATALOGUE_DIR)
FETMA = f"indicators[{[i.id for i in REAL.indicators].index('fetma')}] (id=fetma)"
MPR = f"indicators[{[i.id for i in REAL.indicators].index('mpr_vaccination')}] (id=mpr_vaccination)"


# --- indicators.yaml ---------------------------------------------------------------------------------------------

def test_unknown_key_in_an_indicator(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    unit: percent\n", "    unit: percent\n    colour: red\n", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "colour: red"),
                       f"{FETMA}.colour:", "unknown field 'colour'")


def test_duplicate_indicator_id(cat: CatalogueCopy) -> None:
    line = cat.line_of("indicators", "- id: fetma")
    cat.replace("indicators", "  - id: fetma\n", "  - id: daglig_rokning\n")
    first = [i.id for i in REAL.indicators].index("daglig_rokning")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), line,
                       "].id:", "duplicate indicator id 'daglig_rokning'", f"(first at indicators[{first}])")


def test_indicator_referencing_an_unknown_goal(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "goals: [levnadsvanor]", "goals: [levnadsvanor, halsa_for_alla]", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"),
                       cat.line_of("indicators", "halsa_for_alla"), f"{FETMA}.goals:", "unknown goal 'halsa_for_alla'")


def test_unknown_life_stage(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "life_stage: vuxna", "life_stage: vuxen", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "life_stage: vuxen"),
                       f"{FETMA}.life_stage:", "unknown life stage 'vuxen'", "(known: aldre, barn, unga, vuxna)")


@pytest.mark.parametrize("bad", ["U1411", "u01411", "X01411", "U014110", "U0141A"])
def test_malformed_kpi_id(cat: CatalogueCopy, bad: str) -> None:
    cat.replace("indicators", "kpi: U01411", f"kpi: {bad}", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", f"kpi: {bad}"),
                       f"{FETMA}.kpi:", f"'{bad}' is not a Kolada KPI id")


def test_kpi_id_written_as_a_number(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "kpi: U01411", "kpi: 1411", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "kpi: 1411"),
                       f"{FETMA}.kpi:", "YAML read the number 1411", "quotes")


def test_bad_direction(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "direction: lower_is_better", "direction: lower", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"),
                       cat.line_of("indicators", "direction: lower", entry="fetma"),
                       f"{FETMA}.direction:", "'higher_is_better' or 'lower_is_better'", "(got 'lower')")


def test_bad_unit(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "unit: percent", "unit: procent", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "unit: procent"),
                       f"{FETMA}.unit:", "'percent', 'per_100k', 'days' or 'count'", "(got 'procent')")


def test_missing_required_field(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    direction: lower_is_better\n", "", entry="fetma")
    # A missing field has no line of its own: the message points at the start of the entry.
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "- id: fetma"),
                       f"{FETMA}.direction:", "required field 'direction' is missing")


def test_duplicate_key_in_one_entry(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    unit: percent\n", "    unit: percent\n    unit: per_100k\n", entry="fetma")
    index = FETMA.split(" ")[0]
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "unit: per_100k",
                       entry="fetma"), f"{index}:", "field 'unit' appears twice in the same entry")


def test_same_kpi_used_by_two_indicators(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "kpi: U01411", "kpi: U01402", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "kpi: U01402",
                       entry="fetma"), f"{FETMA}.kpi:",
                       "series kolada:U01402 is already used by indicator 'daglig_rokning'")


@pytest.mark.parametrize("form", ['series: "kolada:U01411"', "series: {source: kolada, id: U01411}"])
def test_general_series_form_means_the_same_series(cat: CatalogueCopy, form: str) -> None:
    cat.replace("indicators", "kpi: U01411", form, entry="fetma")
    fetma = load_catalogue(cat.dir).indicator("fetma")
    assert fetma.series_id == "kolada:U01411" == REAL.indicator("fetma").series_id
    assert load_catalogue(cat.dir).series_ids == REAL.series_ids


def test_series_of_another_source_is_listed_for_that_source(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "kpi: U01411", 'series: "scb:BE0101_fetma"', entry="fetma")
    catalogue = load_catalogue(cat.dir)
    assert catalogue.source_ids == ["kolada", "scb", "fohm"] and catalogue.series_for("scb") == ["BE0101_fetma"]
    assert "U01411" not in catalogue.series_for("kolada")


def test_both_kpi_and_series_is_one_problem(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "kpi: U01411\n", 'kpi: U01411\n    series: "kolada:U01411"\n', entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "- id: fetma"),
                       f"{FETMA}:", "exactly one of 'kpi'", "or 'series'")


def test_bad_series_id(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "kpi: U01411", 'series: "SCB:x y"', entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "series:", entry="fetma"),
                       f"{FETMA}.series:", "'SCB:x y' is not a series id '<source>:<id>'")


def test_an_inline_target_in_indicators_yaml_is_refused_and_points_to_the_register(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    unit: percent\n",
                "    unit: percent\n    target: {kind: value, value: 95, by: 2030}\n", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "by: 2030}"),
                       f"{FETMA}.target:", "unknown field 'target'", "targets.yaml")


def test_register_target_with_a_non_numeric_level(cat: CatalogueCopy) -> None:
    cat.replace("targets", "level: 95\n", "level: 95 %\n")
    assert_one_problem(cat.load_problems(), cat.path("targets"), cat.line_of("targets", "level: 95 %"),
                       "targets[0] (id=mpr_vaccination_who).level:", "valid number", "(got '95 %')")


def test_register_target_of_unknown_status(cat: CatalogueCopy) -> None:
    cat.replace("targets", "status: förslag\n    document: \"WHO", "status: antaget\n    document: \"WHO")
    assert_one_problem(cat.load_problems(), cat.path("targets"), cat.line_of("targets", "status: antaget"),
                       "targets[0] (id=mpr_vaccination_who).status:", "'beslutat' or 'förslag'", "(got 'antaget')")


def test_register_target_year_out_of_range(cat: CatalogueCopy) -> None:
    cat.replace("targets", "due: 2030\n    status: förslag\n    document: \"WHO",
                "due: 30\n    status: förslag\n    document: \"WHO")
    assert_one_problem(cat.load_problems(), cat.path("targets"), cat.line_of("targets", "due: 30"),
                       "targets[0] (id=mpr_vaccination_who).due:", "greater than or equal to 2000", "(got 30)")


def test_rank_not_a_boolean(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    unit: percent\n", "    unit: percent\n    rank: kanske\n", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "kanske"),
                       f"{FETMA}.rank:", "valid boolean", "(got 'kanske')")


def test_role_missing(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    role: outcome\n", "", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "- id: fetma"),
                       f"{FETMA}.role:", "required field 'role' is missing")


def test_unknown_role(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "role: outcome", "role: context", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "role: context"),
                       f"{FETMA}.role:", "'outcome' or 'watch'", "(got 'context')")


def test_watch_without_a_reason(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "role: outcome", "role: watch", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"),
                       cat.line_of("indicators", "role: watch", entry="fetma"),
                       f"{FETMA}.role_reason:", "a watch indicator needs a role_reason")


def test_unknown_denominator_key(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "denominator: population_18_plus", "denominator: population_18_84", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "population_18_84"),
                       f"{FETMA}.denominator:", "unknown support KPI key 'population_18_84'",
                       "population_80_plus")


def test_uncertainty_kpi_not_a_kpi_id(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "uncertainty_kpi: U01517", "uncertainty_kpi: osäkerhet", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "osäkerhet"),
                       f"{FETMA}.uncertainty_kpi:", "'osäkerhet' is not a Kolada KPI id")


def test_uncertainty_kpi_on_a_non_survey_indicator(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    unit: percent\n", "    unit: percent\n    uncertainty_kpi: U01517\n",
                entry="mpr_vaccination")
    assert_one_problem(cat.load_problems(), cat.path("indicators"),
                       cat.line_of("indicators", "uncertainty_kpi: U01517", entry="mpr_vaccination"),
                       f"{MPR}.uncertainty_kpi:", "only survey indicators")


def test_counts_with_an_unknown_indicator(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "counts_with: fallskador_80_slutenvard", "counts_with: fallskador_80",
                entry="fallskador_80_vard")
    where = f"indicators[{[i.id for i in REAL.indicators].index('fallskador_80_vard')}] (id=fallskador_80_vard)"
    assert_one_problem(cat.load_problems(), cat.path("indicators"),
                       cat.line_of("indicators", "counts_with: fallskador_80"),
                       f"{where}.counts_with:", "unknown indicator 'fallskador_80'")


def test_years_averaged_out_of_range(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "years_averaged: 4", "years_averaged: 0", entry="hjartinfarkt")
    where = f"indicators[{[i.id for i in REAL.indicators].index('hjartinfarkt')}] (id=hjartinfarkt)"
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "years_averaged: 0"),
                       f"{where}.years_averaged:", "greater than or equal to 1")


def test_short_name_too_long(cat: CatalogueCopy) -> None:
    long_name = "Fetma " + "x" * 60
    cat.replace("indicators", "short_name: Fetma\n", f"short_name: {long_name}\n", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", long_name),
                       f"{FETMA}.short_name:", "at most 60 characters")


def test_yaml_syntax_error_gives_the_line_of_the_error(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "goals: [levnadsvanor]", "goals: [levnadsvanor", entry="fetma")
    opened = cat.line_of("indicators", "goals: [levnadsvanor", entry="fetma")
    # PyYAML notices the unclosed list on the next line; the message also names the line where the list began.
    assert_one_problem(cat.load_problems(), cat.path("indicators"), opened + 1,
                       "YAML syntax error:", "expected ',' or ']'", f"flow sequence that starts on line {opened}")


def test_yaml_indentation_error(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "    short_name: Fetma\n", "     short_name: Fetma\n", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "short_name: Fetma"),
                       "YAML syntax error:")


def test_unsafe_yaml_tag_is_rejected_not_run(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "short_name: Fetma\n", "short_name: !!python/name:os.system Fetma\n", entry="fetma")
    assert_one_problem(cat.load_problems(), cat.path("indicators"), cat.line_of("indicators", "!!python"),
                       "tag:yaml.org,2002:python/name:os.system", "is not allowed")


def test_misspelt_top_level_section(cat: CatalogueCopy) -> None:
    line = cat.line_of("indicators", "indicators:")
    cat.replace("indicators", "\nindicators:\n", "\nindikatorer:\n")
    problems = cat.load_problems()
    assert sorted(problems) == [
        f"{cat.path('indicators')}:{line}: indicators: required field 'indicators' is missing",
        f"{cat.path('indicators')}:{line}: indikatorer: unknown field 'indikatorer'",
    ]


# --- goals.yaml --------------------------------------------------------------------------------------------------

def test_duplicate_goal_id(cat: CatalogueCopy) -> None:
    text = cat.text("goals")
    cat.path("goals").write_text(
        text + "  - id: fallolyckor\n    kind: goal_area\n    number: 6\n    name: Dubblett\n", encoding="utf-8"
    )
    line = text.count("\n") + 1
    assert_one_problem(cat.load_problems(), cat.path("goals"), line,
                       f"goals[{len(REAL.goals)}].id:", "duplicate goal id 'fallolyckor'", "(first at goals[7])")


def test_duplicate_life_stage_id(cat: CatalogueCopy) -> None:
    cat.replace("goals", "\ndocuments:\n", "  - id: unga\n    name: Unga igen\n    group: X\n\ndocuments:\n")
    assert_one_problem(cat.load_problems(), cat.path("goals"), cat.line_of("goals", "name: Unga igen") - 1,
                       "life_stages[4].id:", "duplicate life stage id 'unga'", "(first at life_stages[1])")


def test_goal_linking_an_unknown_document(cat: CatalogueCopy) -> None:
    cat.replace("goals", "links: [sfh, god_nara_vard]", "links: [sfh, god_nara_vard, agenda2030]", entry="fallolyckor")
    assert_one_problem(cat.load_problems(), cat.path("goals"), cat.line_of("goals", "agenda2030"),
                       "goals[7] (id=fallolyckor).links:", "unknown document 'agenda2030'")


def test_goal_of_unknown_kind(cat: CatalogueCopy) -> None:
    cat.replace("goals", "kind: goal_area", "kind: malomrade", entry="robust_valfard")
    assert_one_problem(cat.load_problems(), cat.path("goals"), cat.line_of("goals", "kind: malomrade"),
                       "(id=robust_valfard).kind:", "'shared' or 'goal_area'", "(got 'malomrade')")


def test_unknown_top_level_key_in_goals(cat: CatalogueCopy) -> None:
    cat.path("goals").write_text(cat.text("goals") + "malsattningar: []\n", encoding="utf-8")
    assert_one_problem(cat.load_problems(), cat.path("goals"), cat.line_of("goals", "malsattningar"),
                       "malsattningar:", "unknown field 'malsattningar'")


def test_file_not_utf8(cat: CatalogueCopy) -> None:
    line = cat.line_of("goals", "name: Äldrelivet")
    raw = cat.path("goals").read_bytes().replace("Äldrelivet".encode(), "Äldrelivet".encode("latin-1"))
    cat.path("goals").write_bytes(raw)
    assert_one_problem(cat.load_problems(), cat.path("goals"), line, "not UTF-8 text (byte 0xc4)")


# --- areas.yaml --------------------------------------------------------------------------------------------------

def test_county_area_not_among_areas(cat: CatalogueCopy) -> None:
    cat.replace("areas", 'county_area: "0017"', 'county_area: "1700"')
    assert_one_problem(cat.load_problems(), cat.path("areas"), cat.line_of("areas", "county_area:"),
                       "county_area:", "'1700' is not in areas")


def test_area_id_without_quotes_loses_its_leading_zero(cat: CatalogueCopy) -> None:
    cat.replace("areas", '{id: "0017"', "{id: 0017")
    # YAML 1.1 reads 0017 as the octal number 15: the message says so and tells the analyst to quote it.
    assert_one_problem(cat.load_problems(), cat.path("areas"), cat.line_of("areas", "{id: 0017"),
                       "areas[1] (id=15).id:", "YAML read the number 15", "quotes")


def test_duplicate_area_id(cat: CatalogueCopy) -> None:
    cat.replace("areas", '{id: "1730", kind: kommun, demo_name: Eda}', '{id: "1715", kind: kommun, demo_name: Eda}')
    assert_one_problem(cat.load_problems(), cat.path("areas"), cat.line_of("areas", "Eda"),
                       "areas[3].id:", "duplicate area id '1715'", "(first at areas[2])")


def test_malformed_support_kpi(cat: CatalogueCopy) -> None:
    cat.replace("areas", "population: N01951", "population: N0195")
    assert_one_problem(cat.load_problems(), cat.path("areas"), cat.line_of("areas", "population:"),
                       "support_kpis.population:", "'N0195' is not a Kolada KPI id")


# --- whole files -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(cat: CatalogueCopy, content: str) -> None:
    cat.path("areas").write_text(content, encoding="utf-8")
    assert_one_problem(cat.load_problems(), cat.path("areas"), 1, "the file is empty")


def test_top_level_is_not_a_mapping(cat: CatalogueCopy) -> None:
    cat.path("areas").write_text("- 0017\n- 0000\n", encoding="utf-8")
    assert_one_problem(cat.load_problems(), cat.path("areas"), 1, "expected a mapping at the top level")


@pytest.mark.parametrize("name", ["goals", "indicators", "areas"])
def test_missing_file(cat: CatalogueCopy, name: str) -> None:
    cat.path(name).unlink()
    assert_one_problem(cat.load_problems(), cat.path(name), 1, "file not found")


def test_unedited_copy_loads(cat: CatalogueCopy) -> None:
    """The baseline every test above edits: without an edit it is valid."""
    assert load_catalogue(cat.dir) == REAL

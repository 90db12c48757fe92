"""Several problems at once: every one is reported, in file order, each with its own file and line."""

from __future__ import annotations

from catalogue_copy import CatalogueCopy


def test_problems_in_all_three_files_are_reported_together(cat: CatalogueCopy) -> None:
    cat.replace("goals", "links: [sfh, god_nara_vard]", "links: [sfh, nara_vard]", entry="fallolyckor")
    cat.replace("indicators", "direction: lower_is_better", "direction: down", entry="fetma")
    cat.replace("indicators", "    unit: per_100k\n", "    unit: per_100k\n    colour: red\n", entry="hjartinfarkt")
    cat.replace("areas", "demo_name: Kil}", "demo_name: Kil")
    problems = cat.load_problems()
    goals, inds, areas = (str(cat.path(n)) for n in ("goals", "indicators", "areas"))
    located = [p.split(": ", 1)[0] for p in problems]
    assert located == [
        f"{goals}:{cat.line_of('goals', 'sfh, nara_vard')}",
        f"{inds}:{cat.line_of('indicators', 'direction: down')}",
        f"{inds}:{cat.line_of('indicators', 'colour: red')}",
        f"{areas}:{cat.line_of('areas', 'demo_name: Kil') + 1}",
    ], "\n".join(problems)
    assert "unknown document 'nara_vard'" in problems[0]
    assert "(id=fetma).direction:" in problems[1] and "(got 'down')" in problems[1]
    assert "(id=hjartinfarkt).colour: unknown field 'colour'" in problems[2]
    assert "YAML syntax error" in problems[3]


def test_reference_and_duplicate_problems_are_reported_together(cat: CatalogueCopy) -> None:
    cat.replace("indicators", "life_stage: vuxna", "life_stage: vuxenlivet", entry="fetma")
    cat.replace("indicators", "goals: [kroniska_sjukdomar]", "goals: [kroniska]", entry="hjartinfarkt")
    cat.replace("indicators", "kpi: U01425", "kpi: U01411", entry="stillasittande")
    cat.replace("areas", 'county_area: "0017"', 'county_area: "0018"')
    problems = cat.load_problems()
    assert len(problems) == 4, "\n".join(problems)
    inds, areas = cat.path("indicators"), cat.path("areas")
    expected = {
        f"{inds}:{cat.line_of('indicators', 'kpi: U01411', entry='stillasittande')}":
            "series kolada:U01411 is already used",
        f"{inds}:{cat.line_of('indicators', 'vuxenlivet')}": "unknown life stage 'vuxenlivet'",
        f"{inds}:{cat.line_of('indicators', '[kroniska]')}": "unknown goal 'kroniska'",
        f"{areas}:{cat.line_of('areas', 'county_area:')}": "county_area: '0018' is not in areas",
    }
    for problem in problems:
        where = problem.split(": ", 1)[0]
        assert where in expected, problem
        assert expected.pop(where) in problem
    assert expected == {}

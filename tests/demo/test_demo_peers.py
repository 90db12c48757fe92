"""The demo's similar municipalities are invented and say so: DEMO in every group's title, no real source's or
municipality's name or id, and a median and range for every municipality's indicators."""

from __future__ import annotations

import duckdb


def test_demo_groups_are_labelled_demo_and_have_figures(demo_db, catalogue):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        groups = con.execute("SELECT area_id, title, source_id FROM peer_group ORDER BY area_id").fetchall()
        assert [a for a, _, _ in groups] == sorted(catalogue.municipality_ids)
        assert all(t.startswith("DEMO – ") and s == "demo" and "Kolada" not in t for _, t, s in groups)
        members = con.execute("SELECT member_id, member_name FROM peer_member").fetchall()
        assert members and all(m.startswith("D") and n.startswith("Demokommun") for m, n in members)
        per_area = dict(con.execute("SELECT area_id, count(DISTINCT indicator_id) FROM peer_value GROUP BY 1")
                        .fetchall())
        assert set(per_area) == set(catalogue.municipality_ids) and min(per_area.values()) > 10
        bad = con.execute("SELECT count(*) FROM peer_value WHERE NOT (low <= median AND median <= high) "
                          "OR n_values > n_members").fetchone()[0]
        assert bad == 0
        over = con.execute("SELECT count(*) FROM peer_value JOIN indicator USING (indicator_id) "
                           "WHERE unit = 'percent' AND (low < 0 OR high > 100)").fetchone()[0]
        assert over == 0  # a share stays a share
    finally:
        con.close()

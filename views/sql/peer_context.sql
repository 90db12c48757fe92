-- Similar municipalities beside an area's latest values: per indicator the group's median, range and how many
-- members have a value, in the area's latest year (else the group's latest year before it, else its latest).
-- Context only, never part of a mark. Params: area_id, gender.
WITH pv AS (
    SELECT p.indicator_id, p.area_id, p.year, p.median, p.low, p.high, p.n_values, p.n_members,
           s.latest_year, s.latest_value,
           row_number() OVER (PARTITION BY p.indicator_id
                              ORDER BY (p.year <= coalesce(s.latest_year, p.year)) DESC, p.year DESC) AS pick
    FROM peer_value p
    LEFT JOIN status s ON s.indicator_id = p.indicator_id AND s.area_id = p.area_id AND s.gender = p.gender
    WHERE p.area_id = ? AND p.gender = ?
)
SELECT pv.indicator_id, pv.year, pv.median, pv.low, pv.high, pv.n_values, pv.n_members, pv.latest_year,
       pv.latest_value, g.group_id, g.title, g.source_id
FROM pv JOIN peer_group g ON g.area_id = pv.area_id
WHERE pv.pick = 1
ORDER BY pv.indicator_id

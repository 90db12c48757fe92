-- The similar-municipality group of one area and its members' names. Params: area_id.
SELECT g.group_id, g.title, g.source_id, m.member_id, m.member_name
FROM peer_group g JOIN peer_member m USING (group_id)
WHERE g.area_id = ?
ORDER BY m.member_name

-- One add's fingerprints in one statement: each gets the slot's next sequence number in the add's
-- order; those seen before (in the slot, or earlier in the same add) are skipped. Every new one
-- comes back with a request id reserved for it.
INSERT INTO platform_frontier_fingerprints (project, frontier, slot, fp, fdata, seq)
SELECT @project, @frontier, @slot, r.fp, r.fdata,
       (SELECT COALESCE(MAX(seq), 0) FROM platform_frontier_fingerprints
        WHERE project = @project AND frontier = @frontier AND slot = @slot) + r.ordinality
FROM unnest(@fps::text[], @fdatas::text[]) WITH ORDINALITY AS r (fp, fdata, ordinality)
ORDER BY r.ordinality
ON CONFLICT DO NOTHING
RETURNING fp, nextval('platform_frontier_request_ids');

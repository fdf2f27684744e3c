INSERT INTO platform_frontier_fingerprints (project, frontier, slot, fp, fdata, seq)
VALUES (@project, @frontier, @slot, @fp, @fdata::text, @seq)
ON CONFLICT DO NOTHING;

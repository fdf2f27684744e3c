-- One add's new requests in one statement, over arrays of their columns.
INSERT INTO platform_frontier_requests (id, project, frontier, slot, priority, batch, fp, qdata)
SELECT r.id, @project, @frontier, @slot, r.priority, r.batch, r.fp, r.qdata
FROM unnest(@ids::bigint[], @priorities::integer[], @batches::text[], @fps::text[], @qdatas::text[]) AS r (id, priority, batch, fp, qdata);

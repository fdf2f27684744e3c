-- Serializes migrations between processes for the length of the transaction.
SELECT pg_advisory_xact_lock(7239401);

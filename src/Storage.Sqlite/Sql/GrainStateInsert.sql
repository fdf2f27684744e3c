-- Inserts a record that must not exist yet: 0 rows changed means another writer stored one.
INSERT INTO grain_state (store, grain_type, grain_key, state_name, etag, payload, modified)
VALUES (@store, @grain_type, @grain_key, @state_name, @new_etag, @payload, @modified)
ON CONFLICT DO NOTHING;

INSERT INTO tasks (queue_id, idx, state, payload) VALUES (@id, @idx, 0, @payload);

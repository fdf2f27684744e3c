INSERT INTO stream_subscriptions (provider, handle_id, namespace, key, subscriber, cursor, is_implicit)
VALUES (@provider, @handle_id, @namespace, @key, @subscriber, @cursor, @is_implicit)
ON CONFLICT (provider, handle_id) DO UPDATE SET
    namespace = excluded.namespace,
    key = excluded.key,
    subscriber = excluded.subscriber,
    cursor = excluded.cursor,
    is_implicit = excluded.is_implicit;

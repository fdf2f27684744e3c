SELECT provider, namespace, key, handle_id, subscriber, cursor, is_implicit
FROM stream_subscriptions
WHERE provider = @provider AND namespace = @namespace AND key = @key
ORDER BY handle_id;

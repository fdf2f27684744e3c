SELECT provider, namespace, key, handle_id, subscriber, cursor, is_implicit
FROM stream_subscriptions
WHERE provider = @provider
ORDER BY namespace, key, handle_id;

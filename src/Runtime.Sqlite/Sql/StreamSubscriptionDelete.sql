DELETE FROM stream_subscriptions
WHERE provider = @provider AND handle_id = @handle_id;

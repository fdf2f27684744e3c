-- A cursor only moves forward: a late or repeated acknowledgement never rewinds delivery.
UPDATE stream_subscriptions
SET cursor = MAX(cursor, @cursor)
WHERE provider = @provider AND handle_id = @handle_id;

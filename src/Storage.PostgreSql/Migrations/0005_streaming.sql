-- Schema version 5: durable stream queues (Orleans.Streaming.AdoNet 10.4.2-alpha.1), the
-- stream provider "jobs" of the PostgreSQL profile. Each (service, provider, queue) is a queue
-- of event batches: a receiver takes the visible ones (Dequeued + 1, invisible until
-- VisibilityTimeout), and confirms them once delivered (deleted) or releases them (visible
-- again). A batch that was taken MaxAttempts times or expired moves to the dead letters, which
-- are removed after RemovalTimeout. The Dequeued count a receiver got is its receipt: a stale
-- receiver cannot confirm or release a batch another silo has taken since.
CREATE SEQUENCE OrleansStreamMessageSequence AS bigint;

CREATE TABLE OrleansStreamMessage (
    ServiceId  varchar(150) NOT NULL,
    ProviderId varchar(150) NOT NULL,
    QueueId    varchar(150) NOT NULL,
    MessageId  bigint       NOT NULL,
    Dequeued   integer      NOT NULL,
    VisibleOn  timestamptz  NOT NULL,
    ExpiresOn  timestamptz  NOT NULL,
    CreatedOn  timestamptz  NOT NULL,
    ModifiedOn timestamptz  NOT NULL,
    Payload    bytea        NOT NULL,
    PRIMARY KEY (ServiceId, ProviderId, QueueId, MessageId)
);

CREATE TABLE OrleansStreamDeadLetter (
    ServiceId  varchar(150) NOT NULL,
    ProviderId varchar(150) NOT NULL,
    QueueId    varchar(150) NOT NULL,
    MessageId  bigint       NOT NULL,
    Dequeued   integer      NOT NULL,
    VisibleOn  timestamptz  NOT NULL,
    ExpiresOn  timestamptz  NOT NULL,
    CreatedOn  timestamptz  NOT NULL,
    ModifiedOn timestamptz  NOT NULL,
    DeadOn     timestamptz  NOT NULL,
    RemoveOn   timestamptz  NOT NULL,
    Payload    bytea        NULL,
    PRIMARY KEY (ServiceId, ProviderId, QueueId, MessageId)
);

-- When each queue's next eviction of dead batches is due: receivers race to move it forward,
-- and the winner evicts.
CREATE TABLE OrleansStreamControl (
    ServiceId  varchar(150) NOT NULL,
    ProviderId varchar(150) NOT NULL,
    QueueId    varchar(150) NOT NULL,
    EvictOn    timestamptz  NOT NULL,
    PRIMARY KEY (ServiceId, ProviderId, QueueId)
);

-- Moves up to p_max_count batches of a queue that are used up (taken p_max_attempts times and
-- invisible no more) or expired to the dead letters.
CREATE FUNCTION jobruntime_stream_evict_messages(
    p_service_id text, p_provider_id text, p_queue_id text, p_max_count integer,
    p_max_attempts integer, p_removal_timeout integer)
RETURNS integer LANGUAGE sql AS $fn$
    WITH dead AS (
        DELETE FROM OrleansStreamMessage AS m
        WHERE (m.ServiceId, m.ProviderId, m.QueueId, m.MessageId) IN (
            SELECT ServiceId, ProviderId, QueueId, MessageId FROM OrleansStreamMessage
            WHERE ServiceId = p_service_id AND ProviderId = p_provider_id AND QueueId = p_queue_id
              AND ((Dequeued >= p_max_attempts AND VisibleOn <= now()) OR ExpiresOn <= now())
            ORDER BY MessageId
            LIMIT p_max_count
            FOR UPDATE SKIP LOCKED)
        RETURNING m.*),
    moved AS (
        INSERT INTO OrleansStreamDeadLetter (ServiceId, ProviderId, QueueId, MessageId, Dequeued,
            VisibleOn, ExpiresOn, CreatedOn, ModifiedOn, DeadOn, RemoveOn, Payload)
        SELECT ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn, CreatedOn,
            ModifiedOn, now(), now() + make_interval(secs => p_removal_timeout), Payload
        FROM dead
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM moved;
$fn$;

-- Removes up to p_max_count dead letters of a queue whose removal time has come.
CREATE FUNCTION jobruntime_stream_evict_dead_letters(
    p_service_id text, p_provider_id text, p_queue_id text, p_max_count integer)
RETURNS integer LANGUAGE sql AS $fn$
    WITH removed AS (
        DELETE FROM OrleansStreamDeadLetter
        WHERE (ServiceId, ProviderId, QueueId, MessageId) IN (
            SELECT ServiceId, ProviderId, QueueId, MessageId FROM OrleansStreamDeadLetter
            WHERE ServiceId = p_service_id AND ProviderId = p_provider_id AND QueueId = p_queue_id
              AND RemoveOn <= now()
            ORDER BY MessageId
            LIMIT p_max_count
            FOR UPDATE SKIP LOCKED)
        RETURNING 1)
    SELECT count(*)::integer FROM removed;
$fn$;

-- Takes up to p_max_count visible batches of a queue, oldest first, after evicting dead ones
-- when the queue's eviction is due.
CREATE FUNCTION jobruntime_stream_take(
    p_service_id text, p_provider_id text, p_queue_id text, p_max_count integer,
    p_max_attempts integer, p_visibility_timeout integer, p_removal_timeout integer,
    p_eviction_interval integer, p_eviction_batch_size integer)
RETURNS SETOF OrleansStreamMessage LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO OrleansStreamControl (ServiceId, ProviderId, QueueId, EvictOn)
    VALUES (p_service_id, p_provider_id, p_queue_id, now())
    ON CONFLICT DO NOTHING;
    UPDATE OrleansStreamControl
    SET EvictOn = now() + make_interval(secs => p_eviction_interval)
    WHERE ServiceId = p_service_id AND ProviderId = p_provider_id AND QueueId = p_queue_id
      AND EvictOn <= now();
    IF FOUND THEN
        PERFORM jobruntime_stream_evict_messages(p_service_id, p_provider_id, p_queue_id,
            p_eviction_batch_size, p_max_attempts, p_removal_timeout);
        PERFORM jobruntime_stream_evict_dead_letters(p_service_id, p_provider_id, p_queue_id,
            p_eviction_batch_size);
    END IF;
    RETURN QUERY
    UPDATE OrleansStreamMessage AS m
    SET Dequeued = m.Dequeued + 1, VisibleOn = now() + make_interval(secs => p_visibility_timeout), ModifiedOn = now()
    WHERE (m.ServiceId, m.ProviderId, m.QueueId, m.MessageId) IN (
        SELECT ServiceId, ProviderId, QueueId, MessageId FROM OrleansStreamMessage
        WHERE ServiceId = p_service_id AND ProviderId = p_provider_id AND QueueId = p_queue_id
          AND Dequeued < p_max_attempts AND VisibleOn <= now() AND ExpiresOn > now()
        ORDER BY MessageId
        LIMIT p_max_count
        FOR UPDATE SKIP LOCKED)
    RETURNING m.*;
END
$fn$;

-- Items is 'MessageId:Dequeued|...': a positive Dequeued confirms that batch (deleted), a
-- negative one releases it (visible again); either only while the batch was not taken since.
CREATE FUNCTION jobruntime_stream_confirm(
    p_service_id text, p_provider_id text, p_queue_id text, p_items text)
RETURNS TABLE (ServiceId varchar, ProviderId varchar, QueueId varchar, MessageId bigint)
LANGUAGE sql AS $fn$
    WITH items AS (
        SELECT split_part(item, ':', 1)::bigint AS message_id, split_part(item, ':', 2)::integer AS receipt
        FROM unnest(string_to_array(p_items, '|')) AS item),
    confirmed AS (
        DELETE FROM OrleansStreamMessage AS m
        USING items AS i
        WHERE m.ServiceId = p_service_id AND m.ProviderId = p_provider_id AND m.QueueId = p_queue_id
          AND m.MessageId = i.message_id AND i.receipt > 0 AND m.Dequeued = i.receipt
        RETURNING m.ServiceId, m.ProviderId, m.QueueId, m.MessageId),
    released AS (
        UPDATE OrleansStreamMessage AS m
        SET VisibleOn = now(), ModifiedOn = now()
        FROM items AS i
        WHERE m.ServiceId = p_service_id AND m.ProviderId = p_provider_id AND m.QueueId = p_queue_id
          AND m.MessageId = i.message_id AND i.receipt < 0 AND m.Dequeued = -i.receipt
        RETURNING m.ServiceId, m.ProviderId, m.QueueId, m.MessageId)
    SELECT * FROM confirmed UNION ALL SELECT * FROM released;
$fn$;

-- A delivery failed: the batch is visible again while it has attempts left, else it is dead.
CREATE FUNCTION jobruntime_stream_fail(
    p_service_id text, p_provider_id text, p_queue_id text, p_message_id bigint,
    p_max_attempts integer, p_removal_timeout integer)
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE OrleansStreamMessage
    SET VisibleOn = now(), ModifiedOn = now()
    WHERE ServiceId = p_service_id AND ProviderId = p_provider_id AND QueueId = p_queue_id
      AND MessageId = p_message_id AND Dequeued < p_max_attempts;
    IF FOUND THEN
        RETURN;
    END IF;
    WITH dead AS (
        DELETE FROM OrleansStreamMessage
        WHERE ServiceId = p_service_id AND ProviderId = p_provider_id AND QueueId = p_queue_id
          AND MessageId = p_message_id
        RETURNING *)
    INSERT INTO OrleansStreamDeadLetter (ServiceId, ProviderId, QueueId, MessageId, Dequeued,
        VisibleOn, ExpiresOn, CreatedOn, ModifiedOn, DeadOn, RemoveOn, Payload)
    SELECT ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn, CreatedOn,
        ModifiedOn, now(), now() + make_interval(secs => p_removal_timeout), Payload
    FROM dead
    ON CONFLICT DO NOTHING;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('QueueStreamMessageKey', $q$
INSERT INTO OrleansStreamMessage (ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn,
    ExpiresOn, CreatedOn, ModifiedOn, Payload)
VALUES (@ServiceId, @ProviderId, @QueueId, nextval('OrleansStreamMessageSequence'), 0, now(),
    now() + make_interval(secs => @ExpiryTimeout), now(), now(), @Payload)
RETURNING ServiceId, ProviderId, QueueId, MessageId;
$q$),
('GetStreamMessagesKey', $q$
SELECT ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn, CreatedOn, ModifiedOn, Payload
FROM jobruntime_stream_take(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts,
    @VisibilityTimeout, @RemovalTimeout, @EvictionInterval, @EvictionBatchSize);
$q$),
('ConfirmStreamMessagesKey', $q$
SELECT ServiceId, ProviderId, QueueId, MessageId
FROM jobruntime_stream_confirm(@ServiceId, @ProviderId, @QueueId, @Items);
$q$),
('FailStreamMessageKey', $q$
SELECT jobruntime_stream_fail(@ServiceId, @ProviderId, @QueueId, @MessageId, @MaxAttempts, @RemovalTimeout);
$q$),
('EvictStreamMessagesKey', $q$
SELECT jobruntime_stream_evict_messages(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts, @RemovalTimeout);
$q$),
('EvictStreamDeadLettersKey', $q$
SELECT jobruntime_stream_evict_dead_letters(@ServiceId, @ProviderId, @QueueId, @MaxCount);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

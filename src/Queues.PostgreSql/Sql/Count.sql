SELECT count(*) FROM jobrt_queue_messages WHERE queue = @queue;

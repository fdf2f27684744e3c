DELETE FROM jobrt_queue_messages WHERE queue = @queue;

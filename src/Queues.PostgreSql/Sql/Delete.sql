DELETE FROM jobrt_queue_messages WHERE id = @id AND queue = @queue AND dequeue_count = @count;

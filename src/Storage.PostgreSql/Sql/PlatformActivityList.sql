SELECT seq, ts, data FROM platform_activity WHERE project = @project ORDER BY seq DESC LIMIT @limit;

-- IMMEDIATE takes the write lock now (waiting up to the busy timeout), so no statement of the
-- batch can fail later for want of it.
BEGIN IMMEDIATE;

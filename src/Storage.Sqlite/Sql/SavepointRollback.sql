-- Undoes one operation of a batch; the batch's transaction goes on.
ROLLBACK TO operation;
RELEASE operation;

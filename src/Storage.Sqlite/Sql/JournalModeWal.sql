-- Returns the journal mode in force afterwards: 'wal' unless the file cannot use WAL.
PRAGMA journal_mode = WAL;

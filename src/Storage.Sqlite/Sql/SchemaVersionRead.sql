-- The number of the last migration applied (each migration sets it).
PRAGMA user_version;

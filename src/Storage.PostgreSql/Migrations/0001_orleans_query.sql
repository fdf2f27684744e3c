-- Schema version 1: the table Orleans' ADO.NET providers read their SQL from, one row per named
-- query. Later migrations add the tables of each provider and upsert their queries here, so that
-- a migration can replace a query's text.
CREATE TABLE OrleansQuery (
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

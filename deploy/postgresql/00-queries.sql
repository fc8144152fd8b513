-- Spaces on PostgreSQL: the Orleans ADO.NET providers (clustering, grain storage, reminders) run no SQL of
-- their own; each reads the statements it needs from this table by key when it starts. The files of this
-- folder are applied in name order, are idempotent (apply them again after an upgrade) and are our own.
--
-- Naming: table columns are spelled like the result columns the providers read (PostgreSQL folds unquoted
-- names to lower case and Npgsql matches column names case-insensitively), so the statements can say SELECT *.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

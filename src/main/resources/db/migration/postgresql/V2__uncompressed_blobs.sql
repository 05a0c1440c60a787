-- Payload pieces and result blobs are stored without PostgreSQL's own compression: result blobs
-- are deflated already, and compressing each 1 MiB body piece on the way in cost more than the
-- upload itself (time to 202 for a 138 MB CSV: 5.2 s with it, 1.9 s without).
ALTER TABLE freight.payloads ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE freight.results ALTER COLUMN data SET STORAGE EXTERNAL;

-- Request bodies are stored LZ4-compressed: raw_length is the piece's length before, NULL for a
-- piece stored as received (bodies accepted before this version).
ALTER TABLE freight_payloads ADD COLUMN raw_length INTEGER;

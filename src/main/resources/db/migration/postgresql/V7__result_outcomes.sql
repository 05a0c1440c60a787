-- Which outcomes a chunk of results holds (bit 1 << Outcome.ordinal()), so that reading only the
-- failed rows of a long job skips the chunks without any; NULL (older rows, dry runs): read it.
ALTER TABLE freight.results ADD COLUMN outcomes integer;

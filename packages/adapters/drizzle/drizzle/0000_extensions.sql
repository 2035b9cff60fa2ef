-- Custom SQL migration file, put your code below! ---- btree_gist: plain values (staff ids) next to ranges in GiST indexes and exclusion constraints.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- pg_trgm: trigram indexes for the customer search (substring matches).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "users" DROP CONSTRAINT "users_business_email_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_unique" ON "users" USING btree (lower("email"));
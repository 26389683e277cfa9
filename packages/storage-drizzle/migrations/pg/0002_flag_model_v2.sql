ALTER TABLE "ff_flag_rules" ADD COLUMN "bucket_by" text;--> statement-breakpoint
ALTER TABLE "ff_flags" ADD COLUMN "prerequisites" json DEFAULT '[]'::json NOT NULL;--> statement-breakpoint
ALTER TABLE "ff_flags" ADD COLUMN "bucket_by" text;--> statement-breakpoint
ALTER TABLE "ff_flags" ADD COLUMN "default_variant" text;
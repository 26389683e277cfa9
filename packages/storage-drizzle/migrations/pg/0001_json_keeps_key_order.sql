ALTER TABLE "ff_flag_overrides" ALTER COLUMN "value" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_flag_rules" ALTER COLUMN "conditions" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_flag_rules" ALTER COLUMN "serve_value" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_flag_variants" ALTER COLUMN "value" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_flags" ALTER COLUMN "default_value" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_flags" ALTER COLUMN "tags" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_flags" ALTER COLUMN "metadata" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_scheduled_changes" ALTER COLUMN "new_value" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_segments" ALTER COLUMN "conditions" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_time_schedules" ALTER COLUMN "days_of_week" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "ff_time_schedules" ALTER COLUMN "days_of_month" SET DATA TYPE json;
CREATE TABLE "ff_flag_overrides" (
	"id" text PRIMARY KEY NOT NULL,
	"flag_id" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"enabled" boolean NOT NULL,
	"value" jsonb,
	"expires_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ff_flag_rules" (
	"flag_id" text NOT NULL,
	"position" integer NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"priority" integer NOT NULL,
	"enabled" boolean NOT NULL,
	"conditions" jsonb NOT NULL,
	"serve_enabled" boolean NOT NULL,
	"serve_value" jsonb,
	"rollout_percentage" integer,
	CONSTRAINT "ff_flag_rules_pk" PRIMARY KEY("flag_id","position")
);
--> statement-breakpoint
CREATE TABLE "ff_flag_variants" (
	"flag_id" text NOT NULL,
	"position" integer NOT NULL,
	"id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"value" jsonb NOT NULL,
	"weight" integer NOT NULL,
	CONSTRAINT "ff_flag_variants_pk" PRIMARY KEY("flag_id","position")
);
--> statement-breakpoint
CREATE TABLE "ff_flags" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"flag_type" text NOT NULL,
	"status" text NOT NULL,
	"default_enabled" boolean NOT NULL,
	"default_value" jsonb,
	"tags" jsonb NOT NULL,
	"metadata" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ff_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ff_rollout_phases" (
	"id" text PRIMARY KEY NOT NULL,
	"flag_id" text NOT NULL,
	"phase_number" integer NOT NULL,
	"target_percentage" integer NOT NULL,
	"scheduled_at" timestamp (3) with time zone NOT NULL,
	"executed" boolean NOT NULL,
	"executed_at" timestamp (3) with time zone,
	"claimed_by" text,
	"claim_expires_at" timestamp (3) with time zone,
	"outcome" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ff_scheduled_changes" (
	"id" text PRIMARY KEY NOT NULL,
	"flag_id" text NOT NULL,
	"change_type" text NOT NULL,
	"scheduled_at" timestamp (3) with time zone NOT NULL,
	"executed" boolean NOT NULL,
	"executed_at" timestamp (3) with time zone,
	"new_value" jsonb,
	"new_rollout_percentage" integer,
	"created_by" text,
	"claimed_by" text,
	"claim_expires_at" timestamp (3) with time zone,
	"outcome" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ff_segments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"conditions" jsonb NOT NULL,
	"parent_segment_id" text,
	"enabled" boolean NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ff_time_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"flag_id" text NOT NULL,
	"name" text NOT NULL,
	"recurrence_type" text NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"days_of_week" jsonb,
	"days_of_month" jsonb,
	"cron_expression" text,
	"timezone" text NOT NULL,
	"enabled" boolean NOT NULL,
	"valid_from" timestamp (3) with time zone,
	"valid_until" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ff_flag_overrides" ADD CONSTRAINT "ff_flag_overrides_flag_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."ff_flags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ff_flag_rules" ADD CONSTRAINT "ff_flag_rules_flag_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."ff_flags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ff_flag_variants" ADD CONSTRAINT "ff_flag_variants_flag_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."ff_flags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ff_rollout_phases" ADD CONSTRAINT "ff_rollout_phases_flag_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."ff_flags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ff_scheduled_changes" ADD CONSTRAINT "ff_scheduled_changes_flag_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."ff_flags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ff_segments" ADD CONSTRAINT "ff_segments_parent_fk" FOREIGN KEY ("parent_segment_id") REFERENCES "public"."ff_segments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ff_time_schedules" ADD CONSTRAINT "ff_time_schedules_flag_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."ff_flags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ff_flag_overrides_entity_uq" ON "ff_flag_overrides" USING btree ("flag_id","entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ff_flags_key_uq" ON "ff_flags" USING btree ("key");--> statement-breakpoint
CREATE INDEX "ff_flags_status_key_idx" ON "ff_flags" USING btree ("status","key");--> statement-breakpoint
CREATE UNIQUE INDEX "ff_rollout_phases_number_uq" ON "ff_rollout_phases" USING btree ("flag_id","phase_number");--> statement-breakpoint
CREATE INDEX "ff_rollout_phases_pending_idx" ON "ff_rollout_phases" USING btree ("executed","scheduled_at");--> statement-breakpoint
CREATE INDEX "ff_scheduled_changes_flag_idx" ON "ff_scheduled_changes" USING btree ("flag_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "ff_scheduled_changes_pending_idx" ON "ff_scheduled_changes" USING btree ("executed","scheduled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ff_segments_name_uq" ON "ff_segments" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ff_segments_parent_idx" ON "ff_segments" USING btree ("parent_segment_id");--> statement-breakpoint
CREATE INDEX "ff_time_schedules_flag_idx" ON "ff_time_schedules" USING btree ("flag_id","name");
CREATE TABLE `ff_flag_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`flag_id` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`enabled` integer NOT NULL,
	`value` text,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ff_flag_overrides_entity_uq` ON `ff_flag_overrides` (`flag_id`,`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `ff_flag_rules` (
	`flag_id` text NOT NULL,
	`position` integer NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`priority` integer NOT NULL,
	`enabled` integer NOT NULL,
	`conditions` text NOT NULL,
	`serve_enabled` integer NOT NULL,
	`serve_value` text,
	`rollout_percentage` integer,
	PRIMARY KEY(`flag_id`, `position`),
	FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ff_flag_variants` (
	`flag_id` text NOT NULL,
	`position` integer NOT NULL,
	`id` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`value` text NOT NULL,
	`weight` integer NOT NULL,
	PRIMARY KEY(`flag_id`, `position`),
	FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ff_flags` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`flag_type` text NOT NULL,
	`status` text NOT NULL,
	`default_enabled` integer NOT NULL,
	`default_value` text,
	`tags` text NOT NULL,
	`metadata` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ff_flags_key_uq` ON `ff_flags` (`key`);--> statement-breakpoint
CREATE INDEX `ff_flags_status_key_idx` ON `ff_flags` (`status`,`key`);--> statement-breakpoint
CREATE TABLE `ff_revision` (
	`id` integer PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ff_rollout_phases` (
	`id` text PRIMARY KEY NOT NULL,
	`flag_id` text NOT NULL,
	`phase_number` integer NOT NULL,
	`target_percentage` integer NOT NULL,
	`scheduled_at` integer NOT NULL,
	`executed` integer NOT NULL,
	`executed_at` integer,
	`claimed_by` text,
	`claim_expires_at` integer,
	`outcome` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ff_rollout_phases_number_uq` ON `ff_rollout_phases` (`flag_id`,`phase_number`);--> statement-breakpoint
CREATE INDEX `ff_rollout_phases_pending_idx` ON `ff_rollout_phases` (`executed`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `ff_scheduled_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`flag_id` text NOT NULL,
	`change_type` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`executed` integer NOT NULL,
	`executed_at` integer,
	`new_value` text,
	`new_rollout_percentage` integer,
	`created_by` text,
	`claimed_by` text,
	`claim_expires_at` integer,
	`outcome` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ff_scheduled_changes_flag_idx` ON `ff_scheduled_changes` (`flag_id`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `ff_scheduled_changes_pending_idx` ON `ff_scheduled_changes` (`executed`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `ff_segments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`conditions` text NOT NULL,
	`parent_segment_id` text,
	`enabled` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_segment_id`) REFERENCES `ff_segments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ff_segments_name_uq` ON `ff_segments` (`name`);--> statement-breakpoint
CREATE INDEX `ff_segments_parent_idx` ON `ff_segments` (`parent_segment_id`);--> statement-breakpoint
CREATE TABLE `ff_time_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`flag_id` text NOT NULL,
	`name` text NOT NULL,
	`recurrence_type` text NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`days_of_week` text,
	`days_of_month` text,
	`cron_expression` text,
	`timezone` text NOT NULL,
	`enabled` integer NOT NULL,
	`valid_from` integer,
	`valid_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ff_time_schedules_flag_idx` ON `ff_time_schedules` (`flag_id`,`name`);
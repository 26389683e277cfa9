CREATE TABLE `ff_flag_overrides` (
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`flag_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`entity_type` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`entity_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`enabled` boolean NOT NULL,
	`value` json,
	`expires_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `ff_flag_overrides_id` PRIMARY KEY(`id`),
	CONSTRAINT `ff_flag_overrides_entity_uq` UNIQUE(`flag_id`,`entity_type`,`entity_id`)
);
--> statement-breakpoint
CREATE TABLE `ff_flag_rules` (
	`flag_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`position` int NOT NULL,
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`name` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`description` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`priority` int NOT NULL,
	`enabled` boolean NOT NULL,
	`conditions` json NOT NULL,
	`serve_enabled` boolean NOT NULL,
	`serve_value` json,
	`rollout_percentage` int,
	CONSTRAINT `ff_flag_rules_pk` PRIMARY KEY(`flag_id`,`position`)
);
--> statement-breakpoint
CREATE TABLE `ff_flag_variants` (
	`flag_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`position` int NOT NULL,
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`name` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`description` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`value` json NOT NULL,
	`weight` int NOT NULL,
	CONSTRAINT `ff_flag_variants_pk` PRIMARY KEY(`flag_id`,`position`)
);
--> statement-breakpoint
CREATE TABLE `ff_flags` (
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`name` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`description` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`flag_type` varchar(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`status` varchar(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`default_enabled` boolean NOT NULL,
	`default_value` json,
	`tags` json NOT NULL,
	`metadata` json NOT NULL,
	`version` int NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `ff_flags_id` PRIMARY KEY(`id`),
	CONSTRAINT `ff_flags_key_uq` UNIQUE(`key`)
);
--> statement-breakpoint
CREATE TABLE `ff_revision` (
	`id` int NOT NULL,
	`value` bigint NOT NULL,
	CONSTRAINT `ff_revision_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ff_rollout_phases` (
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`flag_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`phase_number` int NOT NULL,
	`target_percentage` int NOT NULL,
	`scheduled_at` datetime(3) NOT NULL,
	`executed` boolean NOT NULL,
	`executed_at` datetime(3),
	`claimed_by` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`claim_expires_at` datetime(3),
	`outcome` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `ff_rollout_phases_id` PRIMARY KEY(`id`),
	CONSTRAINT `ff_rollout_phases_number_uq` UNIQUE(`flag_id`,`phase_number`)
);
--> statement-breakpoint
CREATE TABLE `ff_scheduled_changes` (
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`flag_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`change_type` varchar(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`scheduled_at` datetime(3) NOT NULL,
	`executed` boolean NOT NULL,
	`executed_at` datetime(3),
	`new_value` json,
	`new_rollout_percentage` int,
	`created_by` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`claimed_by` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`claim_expires_at` datetime(3),
	`outcome` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `ff_scheduled_changes_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ff_segments` (
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`name` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`description` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`conditions` json NOT NULL,
	`parent_segment_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`enabled` boolean NOT NULL,
	`version` int NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `ff_segments_id` PRIMARY KEY(`id`),
	CONSTRAINT `ff_segments_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `ff_time_schedules` (
	`id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`flag_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`name` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`recurrence_type` varchar(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`start_time` varchar(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`end_time` varchar(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`days_of_week` json,
	`days_of_month` json,
	`cron_expression` text CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`timezone` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`enabled` boolean NOT NULL,
	`valid_from` datetime(3),
	`valid_until` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `ff_time_schedules_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `ff_flag_overrides` ADD CONSTRAINT `ff_flag_overrides_flag_fk` FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ff_flag_rules` ADD CONSTRAINT `ff_flag_rules_flag_fk` FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ff_flag_variants` ADD CONSTRAINT `ff_flag_variants_flag_fk` FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ff_rollout_phases` ADD CONSTRAINT `ff_rollout_phases_flag_fk` FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ff_scheduled_changes` ADD CONSTRAINT `ff_scheduled_changes_flag_fk` FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ff_segments` ADD CONSTRAINT `ff_segments_parent_fk` FOREIGN KEY (`parent_segment_id`) REFERENCES `ff_segments`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ff_time_schedules` ADD CONSTRAINT `ff_time_schedules_flag_fk` FOREIGN KEY (`flag_id`) REFERENCES `ff_flags`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `ff_flags_status_key_idx` ON `ff_flags` (`status`,`key`);--> statement-breakpoint
CREATE INDEX `ff_rollout_phases_pending_idx` ON `ff_rollout_phases` (`executed`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `ff_scheduled_changes_flag_idx` ON `ff_scheduled_changes` (`flag_id`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `ff_scheduled_changes_pending_idx` ON `ff_scheduled_changes` (`executed`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `ff_segments_parent_idx` ON `ff_segments` (`parent_segment_id`);--> statement-breakpoint
CREATE INDEX `ff_time_schedules_flag_idx` ON `ff_time_schedules` (`flag_id`,`name`);
CREATE TABLE `ff_changes` (
	`revision` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`record_id` text NOT NULL,
	`op` text NOT NULL,
	`flag_key` text,
	`entity_type` text,
	`entity_id` text,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ff_changes_recorded_at_idx` ON `ff_changes` (`recorded_at`);--> statement-breakpoint
CREATE INDEX `ff_flag_overrides_by_entity_idx` ON `ff_flag_overrides` (`entity_type`,`entity_id`);
CREATE TABLE `ff_changes` (
	`revision` bigint NOT NULL,
	`kind` varchar(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`record_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`op` varchar(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	`flag_key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`entity_type` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`entity_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
	`recorded_at` datetime(3) NOT NULL,
	CONSTRAINT `ff_changes_revision` PRIMARY KEY(`revision`)
);
--> statement-breakpoint
CREATE INDEX `ff_changes_recorded_at_idx` ON `ff_changes` (`recorded_at`);--> statement-breakpoint
CREATE INDEX `ff_flag_overrides_by_entity_idx` ON `ff_flag_overrides` (`entity_type`,`entity_id`);
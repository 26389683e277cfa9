ALTER TABLE `ff_flag_rules` ADD `bucket_by` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;--> statement-breakpoint
ALTER TABLE `ff_flags` ADD `prerequisites` json DEFAULT ('[]') NOT NULL;--> statement-breakpoint
ALTER TABLE `ff_flags` ADD `bucket_by` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;--> statement-breakpoint
ALTER TABLE `ff_flags` ADD `default_variant` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
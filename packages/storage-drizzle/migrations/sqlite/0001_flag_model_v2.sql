ALTER TABLE `ff_flag_rules` ADD `bucket_by` text;--> statement-breakpoint
ALTER TABLE `ff_flags` ADD `prerequisites` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `ff_flags` ADD `bucket_by` text;--> statement-breakpoint
ALTER TABLE `ff_flags` ADD `default_variant` text;
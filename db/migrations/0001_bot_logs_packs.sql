CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_ws` ON `api_keys` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `bot_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`channel` text NOT NULL,
	`external_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_sessions_ext` ON `bot_sessions` (`workspace_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE TABLE `bot_turns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`session_id` integer NOT NULL,
	`text` text NOT NULL,
	`matched_text` text,
	`decision` text NOT NULL,
	`faq_id` integer,
	`confidence` real DEFAULT 0 NOT NULL,
	`reason` text,
	`reply` text,
	`suggestions` text DEFAULT '[]' NOT NULL,
	`mode` text DEFAULT 'auto' NOT NULL,
	`latency_ms` real DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `bot_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`faq_id`) REFERENCES `faqs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bot_turns_ws_time` ON `bot_turns` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `bot_turns_session` ON `bot_turns` (`session_id`);--> statement-breakpoint
CREATE TABLE `embedding_cache` (
	`model` text NOT NULL,
	`text_hash` text NOT NULL,
	`vector` blob NOT NULL,
	PRIMARY KEY(`model`, `text_hash`)
);
--> statement-breakpoint
CREATE TABLE `log_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`content_hash` text NOT NULL,
	`format` text NOT NULL,
	`encoding` text,
	`status` text DEFAULT 'running' NOT NULL,
	`report` text DEFAULT '{}' NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_batches_hash` ON `log_batches` (`workspace_id`,`content_hash`);--> statement-breakpoint
CREATE TABLE `log_labels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`turn_id` integer NOT NULL,
	`kind` text NOT NULL,
	`faq_id` integer,
	`bot_decision` text,
	`bot_faq_id` integer,
	`bot_confidence` real,
	`correct` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`undone_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`turn_id`) REFERENCES `log_turns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`faq_id`) REFERENCES `faqs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`bot_faq_id`) REFERENCES `faqs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `log_labels_turn` ON `log_labels` (`turn_id`);--> statement-breakpoint
CREATE INDEX `log_labels_ws_time` ON `log_labels` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `log_turns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`session_key` text NOT NULL,
	`seq` integer NOT NULL,
	`role` text NOT NULL,
	`time` integer,
	`raw_text` text NOT NULL,
	`text` text NOT NULL,
	`norm_key` text DEFAULT '' NOT NULL,
	`noise` text,
	`masked` text DEFAULT '{}' NOT NULL,
	`hash` text NOT NULL,
	`decision` text,
	`faq_id` integer,
	`confidence` real,
	`replayed_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`batch_id`) REFERENCES `log_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`faq_id`) REFERENCES `faqs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_turns_hash` ON `log_turns` (`workspace_id`,`hash`);--> statement-breakpoint
CREATE INDEX `log_turns_batch` ON `log_turns` (`batch_id`);--> statement-breakpoint
CREATE INDEX `log_turns_session` ON `log_turns` (`workspace_id`,`session_key`,`seq`);--> statement-breakpoint
CREATE INDEX `log_turns_key` ON `log_turns` (`workspace_id`,`norm_key`);--> statement-breakpoint
CREATE TABLE `pack_archive` (
	`workspace_id` integer NOT NULL,
	`pack_id` text NOT NULL,
	`pack_key` text NOT NULL,
	`answer` text DEFAULT '' NOT NULL,
	`variants` text DEFAULT '[]' NOT NULL,
	`keywords` text DEFAULT '[]' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`archived_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`workspace_id`, `pack_id`, `pack_key`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pack_subscriptions` (
	`workspace_id` integer NOT NULL,
	`pack_id` text NOT NULL,
	`version` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`subscribed_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`workspace_id`, `pack_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `synonym_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`terms` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `synonyms_ws` ON `synonym_groups` (`workspace_id`);--> statement-breakpoint
ALTER TABLE `faqs` ADD `pack_id` text;--> statement-breakpoint
ALTER TABLE `faqs` ADD `pack_key` text;--> statement-breakpoint
ALTER TABLE `faqs` ADD `pack_version` text;--> statement-breakpoint
CREATE UNIQUE INDEX `faqs_ws_pack_key` ON `faqs` (`workspace_id`,`pack_id`,`pack_key`);--> statement-breakpoint
ALTER TABLE `variants` ADD `source` text DEFAULT 'merchant' NOT NULL;
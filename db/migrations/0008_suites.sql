CREATE TABLE `suite_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`suite_id` integer NOT NULL,
	`name` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`suite_id`) REFERENCES `suites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suite_cases_suite_name` ON `suite_cases` (`suite_id`,`name`);--> statement-breakpoint
CREATE TABLE `suite_run_turns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`case_id` integer,
	`case_name` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`expect` text DEFAULT '{}' NOT NULL,
	`actual` text,
	`passed` integer NOT NULL,
	`failures` text DEFAULT '[]' NOT NULL,
	`latency_ms` real DEFAULT 0 NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `suite_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`case_id`) REFERENCES `suite_cases`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `suite_run_turns_run` ON `suite_run_turns` (`run_id`,`case_name`,`position`);--> statement-breakpoint
CREATE TABLE `suite_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`suite_id` integer NOT NULL,
	`job_id` integer,
	`status` text DEFAULT 'queued' NOT NULL,
	`version` text DEFAULT 'draft' NOT NULL,
	`target` text DEFAULT 'internal' NOT NULL,
	`cases` integer DEFAULT 0 NOT NULL,
	`cases_passed` integer DEFAULT 0 NOT NULL,
	`turns` integer DEFAULT 0 NOT NULL,
	`turns_passed` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer,
	`error_code` text,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`suite_id`) REFERENCES `suites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `suite_runs_suite` ON `suite_runs` (`suite_id`,`id`);--> statement-breakpoint
CREATE TABLE `suite_turns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`expect` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `suite_cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `suite_turns_case` ON `suite_turns` (`case_id`,`position`);--> statement-breakpoint
CREATE TABLE `suites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suites_ws_name` ON `suites` (`workspace_id`,`name`);
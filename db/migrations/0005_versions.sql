CREATE TABLE `kb_version_files` (
	`version_id` integer NOT NULL,
	`name` text NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`version_id`, `name`),
	FOREIGN KEY (`version_id`) REFERENCES `kb_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `kb_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`number` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`restores` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`fingerprint` text NOT NULL,
	`content` text NOT NULL,
	`stats` text NOT NULL,
	`gate` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kb_versions_ws_number` ON `kb_versions` (`workspace_id`,`number`);--> statement-breakpoint
CREATE INDEX `kb_versions_ws_id` ON `kb_versions` (`workspace_id`,`id`);
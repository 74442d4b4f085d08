CREATE INDEX `log_turns_role_decision` ON `log_turns` (`workspace_id`,`role`,`decision`);--> statement-breakpoint
CREATE INDEX `log_turns_role_key` ON `log_turns` (`workspace_id`,`role`,`norm_key`);
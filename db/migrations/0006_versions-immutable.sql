-- Published versions are immutable (issue 13): no UPDATE of a version row or of its files, ever.
-- Deleting only happens through the workspace's ON DELETE CASCADE.
CREATE TRIGGER kb_versions_immutable BEFORE UPDATE ON kb_versions
BEGIN
  SELECT RAISE(ABORT, 'KB_VERSION_IMMUTABLE: a published version cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER kb_version_files_immutable BEFORE UPDATE ON kb_version_files
BEGIN
  SELECT RAISE(ABORT, 'KB_VERSION_IMMUTABLE: a published version cannot be changed');
END;

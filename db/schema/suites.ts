/**
 * Scenario test suites (issue 11): suite → cases → turns with expectations, and stored runs with a
 * result per turn. Expectations name FAQs by their standard question (not by id), so a suite file
 * travels between shops and survives an FAQ being deleted and re-imported.
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import type { TurnActual, TurnExpect, TurnFailure } from "../../training/suites/check";
import type { HttpTargetConfig } from "../../training/suites/http-target";
import { now } from "./columns";
import { users, workspaces } from "./core";

export type { TurnActual, TurnExpect, TurnFailure };

export const suites = sqliteTable(
  "suites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("suites_ws_name").on(t.workspaceId, t.name)],
);

export const suiteCases = sqliteTable(
  "suite_cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suiteId: integer("suite_id")
      .notNull()
      .references(() => suites.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    note: text("note").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("suite_cases_suite_name").on(t.suiteId, t.name)],
);

export const suiteTurns = sqliteTable(
  "suite_turns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => suiteCases.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    expect: text("expect", { mode: "json" }).$type<TurnExpect>().notNull().default({}),
  },
  (t) => [index("suite_turns_case").on(t.caseId, t.position)],
);

export const SUITE_RUN_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type SuiteRunStatus = (typeof SUITE_RUN_STATUSES)[number];

export const suiteRuns = sqliteTable(
  "suite_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    suiteId: integer("suite_id")
      .notNull()
      .references(() => suites.id, { onDelete: "cascade" }),
    jobId: integer("job_id"),
    status: text("status", { enum: SUITE_RUN_STATUSES }).notNull().default("queued"),
    /** Which knowledge answered: "draft", "published" or a version number (issue 13). */
    version: text("version").notNull().default("draft"),
    /** "internal" (the workspace's bot) or an external URL. */
    target: text("target").notNull().default("internal"),
    cases: integer("cases").notNull().default(0),
    casesPassed: integer("cases_passed").notNull().default(0),
    turns: integer("turns").notNull().default(0),
    turnsPassed: integer("turns_passed").notNull().default(0),
    durationMs: integer("duration_ms"),
    errorCode: text("error_code"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("suite_runs_suite").on(t.suiteId, t.id)],
);

export const suiteRunTurns = sqliteTable(
  "suite_run_turns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => suiteRuns.id, { onDelete: "cascade" }),
    caseId: integer("case_id").references(() => suiteCases.id, { onDelete: "set null" }),
    /** Copied so that a report survives editing or deleting the case, and runs compare by name. */
    caseName: text("case_name").notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    expect: text("expect", { mode: "json" }).$type<TurnExpect>().notNull().default({}),
    actual: text("actual", { mode: "json" }).$type<TurnActual | null>(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    failures: text("failures", { mode: "json" }).$type<TurnFailure[]>().notNull().default([]),
    latencyMs: real("latency_ms").notNull().default(0),
  },
  (t) => [index("suite_run_turns_run").on(t.runId, t.caseName, t.position)],
);

/**
 * A named external bot that suites run against (issue 11): its URL, request template, JSON paths
 * and decision words, kept so that QA sets it up once. Header values are `${ENV}` references only
 * (the studio stores no secrets; the server's environment holds them).
 */
export const suiteTargets = sqliteTable(
  "suite_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    config: text("config", { mode: "json" }).$type<HttpTargetConfig>().notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("suite_targets_ws_name").on(t.workspaceId, t.name)],
);

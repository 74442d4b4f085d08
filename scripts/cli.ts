/**
 * Tiny shared plumbing for `npm run kb -- <command>`: argument parsing, usage errors
 * (exit 2), progress lines on stderr, and the one-JSON-object-on-the-last-line contract.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

import type { Db } from "../db/client";
import { getWorkspaceBySlug } from "../db/queries/workspaces";
import { tableFormatOf } from "../training/io/table";
import { closeDb, openDb } from "./db";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** What a command's run gets: the parsed options and the positionals. */
export interface CommandArgs {
  values: Record<string, unknown>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** Returns the process exit code. */
  run(args: CommandArgs): Promise<number>;
}

export class UsageError extends Error {}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, unknown>, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v.trim() === "") throw new UsageError(`missing required option --${name}`);
  return v;
}

/** Progress goes to stderr so that stdout keeps the machine-readable result. */
export function progressReporter(label: string) {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (done: number, total?: number) => {
    const now = Date.now();
    const finished = total !== undefined && done >= total;
    if (!finished && now - last < 250) return;
    last = now;
    const pct = total ? ` ${Math.floor((done / Math.max(total, 1)) * 100)}%` : "";
    const line = `${label}: ${done}${total !== undefined ? `/${total}` : ""}${pct}`;
    if (tty) process.stderr.write(`\r${line}${finished ? "\n" : ""}`);
    else process.stderr.write(`${line}\n`);
  };
}

/** Writes a whole file or nothing: a reader never sees half an export (temp file, then rename). */
export function writeFileAtomic(file: string, data: Uint8Array) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export function printJson(obj: unknown) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** The CSV/XLSX file a table import or export names (first positional): known extension, and present when it is read. */
export function tableFileArg(positionals: string[], mustExist: boolean): string {
  const file = positionals[0];
  if (!file) throw new UsageError("missing FILE");
  if (!tableFormatOf(file)) throw new UsageError(`${file}: unsupported file type (use .csv or .xlsx)`);
  if (mustExist && !fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  return file;
}

export interface RowImportOutcome {
  fatal: boolean;
  sheet?: string | null;
  report: { read: number; created: number; updated: number; unchanged: number; rejected: number; errors: { message: string }[] };
}

/** Reports a table import the same way for FAQs and products (stderr lines, JSON last); exit 1 when a row was rejected. */
export function finishRowImport(plan: RowImportOutcome, opts: { dryRun: boolean; json: boolean; startedAt: number; notes?: string[] }): number {
  const r = plan.report;
  if (plan.sheet) process.stderr.write(`read sheet "${plan.sheet}"\n`);
  for (const note of opts.notes ?? []) process.stderr.write(`${note}\n`);
  for (const e of r.errors) process.stderr.write(`error: ${e.message}\n`);
  const verb = opts.dryRun ? "would import" : "imported";
  const seconds = ((Date.now() - opts.startedAt) / 1000).toFixed(1);
  process.stderr.write(
    `${verb}: read ${r.read}, created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected} (${seconds} s)\n`,
  );
  if (opts.json) printJson(r);
  return r.rejected > 0 || plan.fatal ? 1 : 0;
}

/** What a table import command hands the db import (importFaqFile, importProductFile): the CLI imports as no user. */
export interface TableImportInput {
  workspaceId: number;
  userId: null;
  fileName: string;
  data: Uint8Array;
  dryRun: boolean;
}

/**
 * The whole run of a table import command (faq:import, products:import): FILE (a known type that
 * exists) and --workspace, the file read and imported (`--dry-run` plans only), then reported by
 * finishRowImport with the `notes` the command adds.
 */
export async function runRowImport<P extends RowImportOutcome>(
  { values, positionals }: CommandArgs,
  importFile: (db: Db, input: TableImportInput) => Promise<P>,
  notes?: (plan: P) => string[],
): Promise<number> {
  const file = tableFileArg(positionals, true);
  const slug = requireString(values, "workspace");
  const dryRun = !!values["dry-run"];
  return withWorkspace(slug, async (db, ws) => {
    process.stderr.write(`reading ${file}…\n`);
    const startedAt = Date.now();
    const plan = await importFile(db, { workspaceId: ws.id, userId: null, fileName: path.basename(file), data: new Uint8Array(fs.readFileSync(file)), dryRun });
    return finishRowImport(plan, { dryRun, json: !!values.json, startedAt, notes: notes?.(plan) });
  });
}

/**
 * The whole run of a table export command (faq:export, products:export): FILE of a known type and
 * --workspace, the file written whole, then `{ file, [key]: count, bytes }` with --json, else one
 * line "exported N <label> to FILE".
 */
export async function runTableExport(
  { values, positionals }: CommandArgs,
  exportFile: (db: Db, opts: { workspaceId: number; fileName: string }) => Promise<Uint8Array>,
  counted: { key: string; label: string; count: (db: Db, workspaceId: number) => Promise<number> },
): Promise<number> {
  const file = tableFileArg(positionals, false);
  const slug = requireString(values, "workspace");
  return withWorkspace(slug, async (db, ws) => {
    const buf = await exportFile(db, { workspaceId: ws.id, fileName: file });
    writeFileAtomic(file, buf);
    const n = await counted.count(db, ws.id);
    if (values.json) printJson({ file, [counted.key]: n, bytes: buf.length });
    else console.log(`exported ${n} ${counted.label} to ${file}`);
    return 0;
  });
}

export interface CliWorkspace {
  id: number;
  slug: string;
  name: string;
}

/**
 * The one way a command reaches a workspace: opens the database, finds `--workspace SLUG` (a usage
 * error when there is none), runs `fn` and closes the database whatever happens.
 */
export async function withWorkspace<T>(slug: string, fn: (db: Db, ws: CliWorkspace) => Promise<T>): Promise<T> {
  const db = await openDb();
  try {
    const ws = await getWorkspaceBySlug(db, slug);
    if (!ws) throw new UsageError(`no workspace "${slug}" (create it with users:create)`);
    return await fn(db, { id: ws.id, slug: ws.slug, name: ws.name });
  } finally {
    closeDb();
  }
}

/** The database without a workspace (users:create, db:migrate), closed afterwards. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb();
  try {
    return await fn(db);
  } finally {
    closeDb();
  }
}

/**
 * Named external bots that suites run against (issue 11): set up once by QA, picked in the 运行
 * card and by `suite:run --target NAME`. A stored config has passed validateHttpTarget and holds
 * header values that are `${ENV}` references only: the studio keeps no secrets.
 */
import { and, asc, eq } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import { cleanInput } from "../../../training/normalize";
import { assertEnvRefsOnly, type HttpTargetConfig, validateHttpTarget } from "../../../training/suites/http-target";
import type { Db } from "../../client";
import { suiteTargets } from "../../schema";
import { writeAudit } from "../audit";

export const MAX_TARGET_NAME = 40;
/** Enough for any shop's bots and their staging twins; a page, not a catalogue. */
export const MAX_TARGETS = 50;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Q = Db | Tx;

export type SuiteTargetRow = typeof suiteTargets.$inferSelect;

function cleanTargetName(raw: string) {
  const name = cleanInput(raw).trim();
  if (!name) throw new KbError("SUITE_NAME_EMPTY");
  if (name.length > MAX_TARGET_NAME) throw new KbError("SUITE_NAME_TOO_LONG", { max: MAX_TARGET_NAME });
  return name;
}

/** What is stored: the config as given (defaults stay implicit), after it validated. */
function storedConfig(config: HttpTargetConfig): HttpTargetConfig {
  validateHttpTarget(config);
  assertEnvRefsOnly(config.headers ?? {});
  return config;
}

export async function listTargets(db: Q, workspaceId: number) {
  return db.select().from(suiteTargets).where(eq(suiteTargets.workspaceId, workspaceId)).orderBy(asc(suiteTargets.name));
}

export async function getTarget(db: Q, workspaceId: number, id: number) {
  const [row] = await db
    .select()
    .from(suiteTargets)
    .where(and(eq(suiteTargets.workspaceId, workspaceId), eq(suiteTargets.id, id)));
  return row ?? null;
}

export async function findTargetByName(db: Q, workspaceId: number, name: string) {
  const [row] = await db
    .select()
    .from(suiteTargets)
    .where(and(eq(suiteTargets.workspaceId, workspaceId), eq(suiteTargets.name, name.trim())));
  return row ?? null;
}

/** What the audit log keeps of a target: its name, address and header names (values are references anyway). */
const auditView = (name: string, config: HttpTargetConfig) => ({ name, url: config.url, headers: Object.keys(config.headers ?? {}).join(", ") });

/** Creates (id null) or replaces a target; a name is one target per workspace. Audited. Returns its id. */
export async function saveTarget(db: Db, opts: { workspaceId: number; id?: number | null; name: string; config: HttpTargetConfig; userId: number | null }) {
  const name = cleanTargetName(opts.name);
  const config = storedConfig(opts.config);
  return db.transaction(async (tx) => {
    const other = await findTargetByName(tx, opts.workspaceId, name);
    if (other && other.id !== opts.id) throw new KbError("SUITE_TARGET_EXISTS", { name });
    const audit = { workspaceId: opts.workspaceId, userId: opts.userId, entity: "suite_target" as const, summary: name };
    if (opts.id) {
      const found = await getTarget(tx, opts.workspaceId, opts.id);
      if (!found) throw new KbError("NOT_FOUND", { what: "target" });
      await tx
        .update(suiteTargets)
        .set({ name, config, updatedAt: Date.now(), updatedBy: opts.userId })
        .where(and(eq(suiteTargets.workspaceId, opts.workspaceId), eq(suiteTargets.id, opts.id)));
      await writeAudit(tx, { ...audit, entityId: opts.id, action: "update", before: auditView(found.name, found.config), after: auditView(name, config) });
      return opts.id;
    }
    if ((await listTargets(tx, opts.workspaceId)).length >= MAX_TARGETS) throw new KbError("SUITE_TOO_MANY", { max: MAX_TARGETS, what: "targets" });
    const [row] = await tx
      .insert(suiteTargets)
      .values({ workspaceId: opts.workspaceId, name, config, updatedBy: opts.userId })
      .returning({ id: suiteTargets.id });
    await writeAudit(tx, { ...audit, entityId: row.id, action: "create", after: auditView(name, config) });
    return row.id;
  });
}

export async function deleteTarget(db: Db, opts: { workspaceId: number; id: number; userId: number | null }) {
  return db.transaction(async (tx) => {
    const found = await getTarget(tx, opts.workspaceId, opts.id);
    if (!found) return null;
    await tx.delete(suiteTargets).where(and(eq(suiteTargets.workspaceId, opts.workspaceId), eq(suiteTargets.id, opts.id)));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "suite_target",
      entityId: found.id,
      action: "delete",
      summary: found.name,
      before: auditView(found.name, found.config),
    });
    return found;
  });
}

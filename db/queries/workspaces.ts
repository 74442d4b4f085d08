import { and, asc, eq, sql } from "drizzle-orm";

import { KbError } from "../../training/errors";
import type { Db } from "../client";
import { hashPassword } from "../password";
import { categories, memberships, type Role, users, workspaces } from "../schema";
import { writeAudit } from "./audit";
import { revokeUserSessions } from "./auth";
import { subscribeDefaultPacks } from "./packs";

/** The seven areas of 店小蜜's common Q&A, the default categories of a new workspace. */
export const DEFAULT_CATEGORIES = ["聊天互动", "商品问题", "活动优惠", "购买操作", "物流问题", "售后问题", "更多问题"];

export const SLUG_RE = /^[a-z0-9][a-z0-9-]{1,39}$/;

export async function getWorkspaceBySlug(db: Db, slug: string) {
  return db.query.workspaces.findFirst({ where: eq(workspaces.slug, slug) });
}

/**
 * `defaultPacks`: subscribe the default industry pack (generic, issue 5). Opt-in, so that the demo
 * seed and the tests start from an empty knowledge base; `users:create` and the studio pass true.
 */
export async function createWorkspace(db: Db, opts: { slug: string; name?: string; defaultPacks?: boolean }) {
  if (!SLUG_RE.test(opts.slug)) throw new Error(`invalid workspace slug "${opts.slug}" (lowercase letters, digits and -, 2-40 characters)`);
  const created = await db.transaction(async (tx) => {
    const [ws] = await tx
      .insert(workspaces)
      .values({ slug: opts.slug, name: opts.name ?? opts.slug })
      .returning();
    await tx.insert(categories).values(DEFAULT_CATEGORIES.map((name, position) => ({ workspaceId: ws.id, name, position })));
    return ws;
  });
  if (opts.defaultPacks) await subscribeDefaultPacks(db, { workspaceId: created.id, userId: null });
  return created;
}

export async function ensureWorkspace(db: Db, opts: { slug: string; name?: string; defaultPacks?: boolean }) {
  return (await getWorkspaceBySlug(db, opts.slug)) ?? (await createWorkspace(db, opts));
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function getUserByEmail(db: Db, email: string) {
  return db.query.users.findFirst({ where: eq(users.email, normalizeEmail(email)) });
}

export async function createUser(db: Db, opts: { email: string; password: string; name?: string }) {
  const [u] = await db
    .insert(users)
    .values({ email: normalizeEmail(opts.email), name: opts.name ?? "", passwordHash: await hashPassword(opts.password) })
    .returning({ id: users.id, email: users.email });
  return u;
}

export const MIN_PASSWORD_LENGTH = 8;

/** A new password ends every other session of the user (a leaked cookie dies with the old password). */
export async function setPassword(db: Db, userId: number, password: string, opts: { keepToken?: string } = {}) {
  if (password.length < MIN_PASSWORD_LENGTH) throw new KbError("PASSWORD_TOO_SHORT", { min: MIN_PASSWORD_LENGTH });
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await revokeUserSessions(tx, userId, { exceptToken: opts.keepToken });
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * The one rule on roles (issue 14 item 13): a workspace never loses its last admin, whichever way
 * the change comes (a role change, re-adding oneself with another role, a removal). Checked
 * inside the writing transaction.
 */
async function keepAnAdmin(tx: Tx, opts: { userId: number; workspaceId: number; currentRole: Role; nextRole: Role | null }) {
  if (opts.currentRole !== "admin" || opts.nextRole === "admin") return;
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, opts.workspaceId), eq(memberships.role, "admin")));
  if (n <= 1) throw new KbError("LAST_ADMIN");
}

export async function setMembership(db: Db, opts: { userId: number; workspaceId: number; role: Role; actorId?: number | null }) {
  await db.transaction(async (tx) => {
    const existing = await tx.query.memberships.findFirst({
      where: and(eq(memberships.userId, opts.userId), eq(memberships.workspaceId, opts.workspaceId)),
    });
    if (existing) {
      if (existing.role === opts.role) return;
      await keepAnAdmin(tx, { userId: opts.userId, workspaceId: opts.workspaceId, currentRole: existing.role, nextRole: opts.role });
      await tx
        .update(memberships)
        .set({ role: opts.role })
        .where(and(eq(memberships.userId, opts.userId), eq(memberships.workspaceId, opts.workspaceId)));
    } else {
      await tx.insert(memberships).values({ userId: opts.userId, workspaceId: opts.workspaceId, role: opts.role });
    }
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.actorId ?? null,
      entity: "member",
      entityId: opts.userId,
      action: existing ? "update" : "create",
      before: existing ? { role: existing.role } : null,
      after: { role: opts.role },
    });
  });
}

export async function removeMembership(db: Db, opts: { userId: number; workspaceId: number; actorId?: number | null }) {
  await db.transaction(async (tx) => {
    const existing = await tx.query.memberships.findFirst({
      where: and(eq(memberships.userId, opts.userId), eq(memberships.workspaceId, opts.workspaceId)),
    });
    if (!existing) return;
    await keepAnAdmin(tx, { userId: opts.userId, workspaceId: opts.workspaceId, currentRole: existing.role, nextRole: null });
    await tx.delete(memberships).where(and(eq(memberships.userId, opts.userId), eq(memberships.workspaceId, opts.workspaceId)));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.actorId ?? null,
      entity: "member",
      entityId: opts.userId,
      action: "delete",
      before: { role: existing.role },
    });
    // A removed member's open pages stop working now, not when the cookie expires.
    await revokeUserSessions(tx, opts.userId);
  });
}

export async function getMembership(db: Db, userId: number, workspaceId: number) {
  return db.query.memberships.findFirst({
    where: and(eq(memberships.userId, userId), eq(memberships.workspaceId, workspaceId)),
  });
}

export async function listMembers(db: Db, workspaceId: number) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.email));
}

export async function countAdmins(db: Db, workspaceId: number) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "admin")));
  return n;
}

export async function listUserWorkspaces(db: Db, userId: number) {
  return db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name));
}

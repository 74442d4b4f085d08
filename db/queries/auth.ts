/**
 * Sessions and login throttling in the database (issue 14 items 11 and 12). The cookie holds a
 * random token; the row holds its hash. Deleting rows ends sessions everywhere at once.
 */
import crypto from "node:crypto";

import { and, eq, gt, inArray, ne } from "drizzle-orm";

import type { Db } from "../client";
import { loginFailures, users, userSessions } from "../schema";

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export async function createSession(db: Db, userId: number, ttlMs = SESSION_TTL_MS): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await db.insert(userSessions).values({ id: hash(token), userId, expiresAt: Date.now() + ttlMs });
  return token;
}

/** The user of a live session, or null (unknown, expired or revoked token). */
export async function sessionUser(db: Db, token: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, hash(token)), gt(userSessions.expiresAt, Date.now())))
    .limit(1);
  return row ?? null;
}

export async function revokeSession(db: Db, token: string) {
  await db.delete(userSessions).where(eq(userSessions.id, hash(token)));
}

/** Ends every session of a user (password change, removal), except optionally the one in use. */
export async function revokeUserSessions(db: Pick<Db, "delete">, userId: number, opts: { exceptToken?: string } = {}) {
  const cond = opts.exceptToken ? and(eq(userSessions.userId, userId), ne(userSessions.id, hash(opts.exceptToken))) : eq(userSessions.userId, userId);
  await db.delete(userSessions).where(cond);
}

// --- Login throttling --------------------------------------------------------------------------

/** Failures allowed before delays start, per kind of key; an address is shared by colleagues. */
const FREE_FAILURES = { account: 5, address: 20 } as const;
const MAX_LOCK_MS = 15 * 60 * 1000;
/** Failures older than this are forgotten. */
const WINDOW_MS = 15 * 60 * 1000;

export interface ThrottleKeys {
  email: string;
  address: string | null;
}

function keysOf(k: ThrottleKeys) {
  const keys: { key: string; free: number }[] = [{ key: `account:${k.email.trim().toLowerCase()}`, free: FREE_FAILURES.account }];
  if (k.address) keys.push({ key: `address:${k.address}`, free: FREE_FAILURES.address });
  return keys;
}

/** Milliseconds until the next attempt may be checked (0: go ahead). */
export async function loginRetryAfter(db: Db, k: ThrottleKeys, at = Date.now()): Promise<number> {
  const rows = await db
    .select()
    .from(loginFailures)
    .where(
      inArray(
        loginFailures.key,
        keysOf(k).map((x) => x.key),
      ),
    );
  return Math.max(0, ...rows.map((r) => r.lockedUntil - at));
}

/** Counts a failed attempt; past the free ones each failure doubles the wait (1 s, 2 s, 4 s … 15 min). */
export async function recordLoginFailure(db: Db, k: ThrottleKeys, at = Date.now()) {
  await db.transaction(async (tx) => {
    for (const { key, free } of keysOf(k)) {
      const [row] = await tx.select().from(loginFailures).where(eq(loginFailures.key, key));
      const failures = row && at - row.lastFailureAt < WINDOW_MS ? row.failures + 1 : 1;
      const lockedUntil = failures > free ? at + Math.min(MAX_LOCK_MS, 1000 * 2 ** (failures - free - 1)) : 0;
      await tx
        .insert(loginFailures)
        .values({ key, failures, lastFailureAt: at, lockedUntil })
        .onConflictDoUpdate({ target: loginFailures.key, set: { failures, lastFailureAt: at, lockedUntil } });
    }
  });
}

/** A successful sign-in forgets the account's failures (not the address's: others may be guessing). */
export async function clearLoginFailures(db: Db, email: string) {
  await db.delete(loginFailures).where(eq(loginFailures.key, `account:${email.trim().toLowerCase()}`));
}

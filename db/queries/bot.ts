/** Bot sessions and turns (every reply is stored: the metrics read them), and API keys. */
import crypto from "node:crypto";

import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";

import type { Db } from "../client";
import { apiKeys, botSessions, botTurns, type Decision } from "../schema";
import { writeAudit } from "./audit";

export type Channel = "api" | "simulator" | "suite";

export async function getOrCreateSession(db: Db, workspaceId: number, channel: Channel, externalId: string) {
  const found = await db.query.botSessions.findFirst({
    where: and(eq(botSessions.workspaceId, workspaceId), eq(botSessions.channel, channel), eq(botSessions.externalId, externalId)),
  });
  if (found) return found;
  const [row] = await db.insert(botSessions).values({ workspaceId, channel, externalId }).onConflictDoNothing().returning();
  return (
    row ??
    (await db.query.botSessions.findFirst({
      where: and(eq(botSessions.workspaceId, workspaceId), eq(botSessions.channel, channel), eq(botSessions.externalId, externalId)),
    }))!
  );
}

export async function recentTurns(db: Db, sessionId: number, limit = 10) {
  const rows = await db
    .select({ text: botTurns.text, decision: botTurns.decision, faqId: botTurns.faqId, matchedText: botTurns.matchedText, suggestions: botTurns.suggestions })
    .from(botTurns)
    .where(eq(botTurns.sessionId, sessionId))
    .orderBy(desc(botTurns.id))
    .limit(limit);
  return rows.reverse();
}

export interface TurnRecord {
  workspaceId: number;
  sessionId: number;
  text: string;
  matchedText: string | null;
  decision: Decision;
  faqId: number | null;
  confidence: number;
  reason: string | null;
  reply: string | null;
  suggestions: { faqId: number; question: string; confidence: number }[];
  mode: "auto" | "assisted";
  latencyMs: number;
}

export async function recordTurn(db: Db, t: TurnRecord) {
  const [row] = await db.insert(botTurns).values(t).returning({ id: botTurns.id });
  await db.update(botSessions).set({ updatedAt: Date.now() }).where(eq(botSessions.id, t.sessionId));
  return row.id;
}

export async function sessionTranscript(db: Db, workspaceId: number, sessionId: number) {
  return db
    .select()
    .from(botTurns)
    .where(and(eq(botTurns.workspaceId, workspaceId), eq(botTurns.sessionId, sessionId)))
    .orderBy(asc(botTurns.id));
}

/* ------------------------------------------------------------------ API keys */

const KEY_PREFIX = "kbs_";

export function hashKey(key: string) {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(db: Db, opts: { workspaceId: number; name: string; userId: number | null }) {
  const key = KEY_PREFIX + crypto.randomBytes(24).toString("base64url");
  const [row] = await db
    .insert(apiKeys)
    .values({ workspaceId: opts.workspaceId, name: opts.name.trim() || "API", prefix: key.slice(0, 10), keyHash: hashKey(key), createdBy: opts.userId })
    .returning({ id: apiKeys.id });
  await writeAudit(db, {
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    entity: "api_key",
    entityId: row.id,
    action: "create",
    summary: opts.name.trim() || "API",
    after: { apiKey: key.slice(0, 10) },
  });
  return { id: row.id, key };
}

export async function revokeApiKey(db: Db, opts: { workspaceId: number; id: number; userId: number | null }) {
  const r = await db
    .update(apiKeys)
    .set({ revokedAt: Date.now() })
    .where(and(eq(apiKeys.workspaceId, opts.workspaceId), eq(apiKeys.id, opts.id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
  if (r[0])
    await writeAudit(db, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "api_key",
      entityId: opts.id,
      action: "delete",
      summary: r[0].name,
      before: { apiKey: r[0].prefix },
    });
  return r.length > 0;
}

export async function listApiKeys(db: Db, workspaceId: number) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.id));
}

/** The workspace a bearer key belongs to, or null for an unknown or revoked key. */
export async function workspaceForKey(db: Db, key: string) {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const row = await db.query.apiKeys.findFirst({ where: and(eq(apiKeys.keyHash, hashKey(key)), isNull(apiKeys.revokedAt)) });
  if (!row) return null;
  // Touch at most once a minute: the hot path should not write on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt > 60_000) await db.update(apiKeys).set({ lastUsedAt: Date.now() }).where(eq(apiKeys.id, row.id));
  return row.workspaceId;
}

export async function countTurns(db: Db, workspaceId: number) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(botTurns)
    .where(eq(botTurns.workspaceId, workspaceId));
  return n;
}

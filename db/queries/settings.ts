/**
 * Workspace settings (a JSON column), parsed with defaults so that old rows and new keys
 * always read as a complete object.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";

import type { PolicyRules } from "../../training/policy";
// Plain data only: this schema reaches the browser bundle, the policy itself (jieba) must not.
import { DEFAULT_COMPLAINT_KEYWORDS, DEFAULT_FALLBACK_REPLY, DEFAULT_HUMAN_KEYWORDS, DEFAULT_TRANSFER_REPLY } from "../../training/policy-data";
import type { Db } from "../client";
import { workspaces } from "../schema";
import { writeAudit } from "./audit";

export const DEFAULT_WELCOME = "亲，您好呀～我是店铺智能客服，有什么可以帮您的吗？";

export const WorkspaceSettingsSchema = z.object({
  /** auto: the bot replies; assisted: the bot only suggests answers to a human agent. */
  mode: z.enum(["auto", "assisted"]).catch("auto").default("auto"),
  fallbackReply: z.string().max(500).catch(DEFAULT_FALLBACK_REPLY).default(DEFAULT_FALLBACK_REPLY),
  /** What the bot says when it hands the customer to a human agent (every transfer reason). */
  transferReply: z.string().max(500).catch(DEFAULT_TRANSFER_REPLY).default(DEFAULT_TRANSFER_REPLY),
  welcomeMessage: z.string().max(500).catch(DEFAULT_WELCOME).default(DEFAULT_WELCOME),
  /** FAQ ids shown as 欢迎语卡片, at most 6. */
  welcomeCards: z.array(z.number().int()).max(6).catch([]).default([]),
  /** Overrides of the automatic thresholds (null = calibrated from the knowledge base). */
  answerThreshold: z.number().min(0).max(1).nullable().catch(null).default(null),
  clarifyThreshold: z.number().min(0).max(1).nullable().catch(null).default(null),
  /** Precision the automatic answer threshold aims at (issue 10): coverage is taken up to it. */
  targetPrecision: z.number().min(0.8).max(0.99).catch(0.95).default(0.95),
  /** Consecutive clarify / no-answer turns before a transfer (0 = never). */
  maxFailures: z.number().int().min(0).max(10).catch(2).default(2),
  sensitiveKeywords: z.array(z.string()).catch([]).default([]),
  /** Extra words that mean "I want a human", on top of the built-in list. */
  humanKeywords: z.array(z.string()).catch([]).default([]),
  /** Extra complaint / strong-emotion words, on top of the built-in list. */
  complaintKeywords: z.array(z.string()).catch([]).default([]),
  /** Answer for pack questions without a merchant answer (empty: the bot skips them). */
  defaultAnswer: z.string().max(1000).catch("").default(""),
  /** Shop facts that fill pack answer templates ({发货时间} …). */
  shopProfile: z.record(z.string(), z.string()).catch({}).default({}),
  onboarded: z.boolean().catch(false).default(false),
  /** The shop's own noise rules for chat-log imports: plain texts, or /regex/ (issue 15 item 9). */
  logNoisePatterns: z.array(z.string().max(202)).max(100).catch([]).default([]),
  /** Trainers may publish the draft (issue 13); admins always may. */
  trainersCanPublish: z.boolean().catch(false).default(false),
  /** What a publish must pass: chosen test suites, and/or a minimum pass rate (0–1) over them. */
  publishGate: z
    .object({ suiteIds: z.array(z.number().int()).max(50).default([]), minPassRate: z.number().min(0).max(1).nullable().default(null) })
    .catch({ suiteIds: [], minPassRate: null })
    .default({ suiteIds: [], minPassRate: null }),
});

export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export { DEFAULT_FALLBACK_REPLY, DEFAULT_TRANSFER_REPLY };

/**
 * The dialog policy's rules from a workspace's settings: the one place where settings become
 * rules, for every caller that decides (API, simulator, replay, suites, metrics, CLI).
 */
export function policyRules(settings: WorkspaceSettings): PolicyRules {
  return {
    answerThreshold: settings.answerThreshold ?? undefined,
    clarifyThreshold: settings.clarifyThreshold ?? undefined,
    maxFailures: settings.maxFailures,
    humanKeywords: [...DEFAULT_HUMAN_KEYWORDS, ...settings.humanKeywords],
    complaintKeywords: [...DEFAULT_COMPLAINT_KEYWORDS, ...settings.complaintKeywords],
    sensitiveKeywords: settings.sensitiveKeywords,
    fallbackReply: settings.fallbackReply,
    transferReply: settings.transferReply,
    candidates: 5,
  };
}

export function parseSettings(raw: unknown): WorkspaceSettings {
  return WorkspaceSettingsSchema.parse(raw && typeof raw === "object" ? raw : {});
}

export async function getSettings(db: Db, workspaceId: number): Promise<WorkspaceSettings> {
  const ws = await db.query.workspaces.findFirst({ where: eq(workspaces.id, workspaceId), columns: { settings: true } });
  return parseSettings(ws?.settings);
}

export async function updateSettings(db: Db, opts: { workspaceId: number; userId: number | null; patch: Partial<WorkspaceSettings> }) {
  return db.transaction(async (tx) => {
    const ws = await tx.query.workspaces.findFirst({ where: eq(workspaces.id, opts.workspaceId), columns: { settings: true } });
    const before = parseSettings(ws?.settings);
    const after = WorkspaceSettingsSchema.parse({ ...before, ...opts.patch });
    const changed = Object.fromEntries(
      Object.keys(opts.patch)
        .filter((k) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((after as Record<string, unknown>)[k]))
        .map((k) => [k, true]),
    );
    if (!Object.keys(changed).length) return after;
    await tx.update(workspaces).set({ settings: after }).where(eq(workspaces.id, opts.workspaceId));
    const pick = (o: Record<string, unknown>) => Object.fromEntries(Object.keys(changed).map((k) => [k, o[k]]));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "settings",
      action: "update",
      before: pick(before),
      after: pick(after),
    });
    return after;
  });
}

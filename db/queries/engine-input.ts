/**
 * What the matching engine is built from, read from a workspace: enabled FAQs that have an
 * answer (pack questions without one are skipped unless the workspace has a default answer),
 * their variants, the synonym groups and the chit-chat examples labelled in the logs.
 */
import crypto from "node:crypto";

import { and, eq, isNull } from "drizzle-orm";

import type { KbInput } from "../../training/engine";
import type { Db } from "../client";
import { logLabels, logTurns, synonymGroups } from "../schema";
import { loadKnowledgeBase } from "./faqs";
import { getSettings } from "./settings";

export async function listSynonymGroups(db: Db, workspaceId: number) {
  return db
    .select({ id: synonymGroups.id, terms: synonymGroups.terms })
    .from(synonymGroups)
    .where(eq(synonymGroups.workspaceId, workspaceId))
    .orderBy(synonymGroups.id);
}

export async function chitchatExamples(db: Db, workspaceId: number, limit = 500) {
  const rows = await db
    .selectDistinct({ text: logTurns.text })
    .from(logLabels)
    .innerJoin(logTurns, eq(logTurns.id, logLabels.turnId))
    .where(and(eq(logLabels.workspaceId, workspaceId), eq(logLabels.kind, "chitchat"), isNull(logLabels.undoneAt)))
    .limit(limit);
  return rows.map((r) => r.text);
}

export interface EngineInput {
  kb: KbInput;
  /** Changes whenever anything the engine depends on changes. */
  fingerprint: string;
  /** FAQ id → the answer the bot gives (merchant answer, or the workspace default for unanswered pack questions). */
  answers: Map<number, string>;
  questions: Map<number, string>;
}

export async function loadEngineInput(db: Db, workspaceId: number): Promise<EngineInput> {
  const [kbRows, synonyms, negatives, settings] = await Promise.all([
    loadKnowledgeBase(db, workspaceId),
    listSynonymGroups(db, workspaceId),
    chitchatExamples(db, workspaceId),
    getSettings(db, workspaceId),
  ]);
  const answers = new Map<number, string>();
  const questions = new Map<number, string>();
  const faqs: KbInput["faqs"] = [];
  for (const f of kbRows.faqs) {
    questions.set(f.id, f.question);
    const answer = f.answer.trim() || settings.defaultAnswer.trim();
    if (!f.enabled || !answer) continue;
    answers.set(f.id, answer);
    faqs.push({
      id: String(f.id),
      question: f.question,
      variants: f.variants.map((v) => v.text),
      answer,
      related: f.relatedIds.map(String),
      enabled: true,
    });
  }
  const kb: KbInput = { faqs, synonyms: synonyms.map((s) => s.terms).filter((t) => t.length > 1), negatives };
  const fingerprint = crypto
    .createHash("sha256")
    .update(JSON.stringify([kb, settings.answerThreshold, settings.clarifyThreshold]))
    .digest("hex")
    .slice(0, 32);
  return { kb, fingerprint, answers, questions };
}

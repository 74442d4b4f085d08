/**
 * What the matching engine is built from, read from a workspace: enabled FAQs that have an
 * answer (pack questions without one are skipped unless the workspace has a default answer),
 * their variants, the synonym groups and the chit-chat examples labelled in the logs.
 */
import crypto from "node:crypto";

import type { KbInput } from "../../training/engine";
import type { Db } from "../client";
import { type BotContent, loadBotContent } from "./bot-content";

export { chitchatExamples, listSynonymGroups } from "./bot-content";

export interface EngineInput {
  kb: KbInput;
  /** Changes whenever anything the engine depends on changes. */
  fingerprint: string;
  /** FAQ id → the answer the bot gives (merchant answer, or the workspace default for unanswered pack questions). */
  answers: Map<number, string>;
  questions: Map<number, string>;
}

export async function loadEngineInput(db: Db, workspaceId: number): Promise<EngineInput> {
  return engineInputFromContent(await loadBotContent(db, workspaceId));
}

/** The engine's input from the bot's content: the draft's, or a published version's snapshot. */
export function engineInputFromContent(content: BotContent): EngineInput {
  const { settings } = content;
  const answers = new Map<number, string>();
  const questions = new Map<number, string>();
  const faqs: KbInput["faqs"] = [];
  for (const f of content.faqs) {
    questions.set(f.id, f.question);
    const answer = f.answer.trim() || settings.defaultAnswer.trim();
    // A shadowed pack question is answered by its owner FAQ: matching it too would split its questions.
    if (!f.enabled || !answer || f.shadowedBy) continue;
    answers.set(f.id, answer);
    faqs.push({
      id: String(f.id),
      question: f.question,
      variants: f.variants,
      answer,
      related: f.relatedIds.map(String),
      enabled: true,
    });
  }
  // Labels of FAQs the bot does not match (gone, disabled, shadowed) drop out in the engine.
  const labeled = (content.labeled ?? []).map((l) => ({ text: l.text, faq: l.faqId === null ? null : String(l.faqId) }));
  const kb: KbInput = { faqs, synonyms: content.synonyms.filter((t) => t.length > 1), negatives: content.negatives, labeled };
  const fingerprint = crypto
    .createHash("sha256")
    .update(JSON.stringify([kb, settings.answerThreshold, settings.clarifyThreshold, settings.targetPrecision ?? null]))
    .digest("hex")
    .slice(0, 32);
  return { kb, fingerprint, answers, questions };
}

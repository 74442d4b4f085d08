/**
 * A shop's own noise rules for chat logs (issue 15 item 9): saved in the workspace settings, used by
 * every later import (cleaningSettings), and applied at once to the turns already imported, so
 * that a trainer who adds a pattern sees those lines leave the inbox.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import { noisePatternError, noisePatternTest } from "../../../training/logs/clean";
import type { Db } from "../../client";
import { logTurns } from "../../schema";
import { updateSettings } from "../settings";
import { bumpVersion } from "./inbox-cache";

export const MAX_NOISE_PATTERNS = 100;
const RULE = "workspace rule";

/** Parses the textarea's lines; an unusable line is refused with its number. */
export function parseNoisePatterns(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (!l) return;
    const err = noisePatternError(l);
    if (err) throw new KbError("NOISE_PATTERN_INVALID", { line: i + 1, detail: err });
    if (!out.includes(l)) out.push(l);
  });
  if (out.length > MAX_NOISE_PATTERNS) throw new KbError("NOISE_PATTERNS_TOO_MANY", { max: MAX_NOISE_PATTERNS });
  return out;
}

export async function setNoisePatterns(db: Db, opts: { workspaceId: number; userId: number | null; patterns: string[] }) {
  await updateSettings(db, { workspaceId: opts.workspaceId, userId: opts.userId, patch: { logNoisePatterns: opts.patterns } });
  const test = noisePatternTest(opts.patterns);
  // Customer turns that are content, or noise only because of an earlier rule.
  const rows = await db
    .select({ id: logTurns.id, text: logTurns.text, rawText: logTurns.rawText, noise: logTurns.noise })
    .from(logTurns)
    .where(and(eq(logTurns.workspaceId, opts.workspaceId), eq(logTurns.role, "customer"), or(isNull(logTurns.noise), eq(logTurns.noise, RULE))));
  const mark: number[] = [];
  const unmark: number[] = [];
  for (const r of rows) {
    // Like the cleaner: the rule sees the cleaned text and the text as exported.
    const hit = !!test && (test(r.text) || test(r.rawText ?? ""));
    if (hit && r.noise === null) mark.push(r.id);
    else if (!hit && r.noise === RULE) unmark.push(r.id);
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < mark.length; i += 500)
      await tx
        .update(logTurns)
        .set({ noise: RULE })
        .where(inArray(logTurns.id, mark.slice(i, i + 500)));
    for (let i = 0; i < unmark.length; i += 500)
      await tx
        .update(logTurns)
        .set({ noise: null })
        .where(inArray(logTurns.id, unmark.slice(i, i + 500)));
  });
  if (mark.length || unmark.length) bumpVersion(opts.workspaceId);
  return { patterns: opts.patterns, marked: mark.length, unmarked: unmark.length };
}

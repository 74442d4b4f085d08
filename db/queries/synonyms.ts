/** Synonym groups (发货/寄出/发出), edited by trainers, applied by the engine at index and query time. */
import { and, eq } from "drizzle-orm";

import { KbError } from "../../training/errors";
import type { Db } from "../client";
import { synonymGroups } from "../schema";
import { writeAudit } from "./audit";
import { listSynonymGroups } from "./bot-content";
import { tidyText } from "./faqs";

export { listSynonymGroups };

export function parseSynonymLine(line: string): string[] {
  const out: string[] = [];
  for (const w of line.split(/[/|,，、\s]+/)) {
    const t = tidyText(w);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Replaces all groups with the given lines (one group per line), in one transaction. */
export async function replaceSynonymGroups(db: Db, opts: { workspaceId: number; userId: number | null; lines: string[] }) {
  const groups = opts.lines.map(parseSynonymLine).filter((g) => g.length > 0);
  const short = groups.find((g) => g.length < 2);
  if (short) throw new KbError("SYNONYMS_TOO_SHORT", { word: short[0] });
  const seen = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const w of g) {
      if (seen.has(w)) throw new KbError("SYNONYMS_TWICE", { word: w });
      seen.set(w, i);
    }
  });
  return db.transaction(async (tx) => {
    const before = await tx
      .select({ terms: synonymGroups.terms })
      .from(synonymGroups)
      .where(eq(synonymGroups.workspaceId, opts.workspaceId))
      .orderBy(synonymGroups.id);
    const beforeLines = before.map((b) => b.terms.join("/"));
    const afterLines = groups.map((g) => g.join("/"));
    if (JSON.stringify(beforeLines) === JSON.stringify(afterLines)) return { changed: false, groups: groups.length };
    await tx.delete(synonymGroups).where(and(eq(synonymGroups.workspaceId, opts.workspaceId)));
    if (groups.length) await tx.insert(synonymGroups).values(groups.map((terms) => ({ workspaceId: opts.workspaceId, terms })));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "synonyms",
      action: "update",
      before: { synonyms: beforeLines },
      after: { synonyms: afterLines },
    });
    return { changed: true, groups: groups.length };
  });
}

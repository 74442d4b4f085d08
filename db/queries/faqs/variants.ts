/** Adding and removing variants (相似问法) of an FAQ, with one conflict rule for every caller. */
import { and, eq, inArray, sql } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import { normalizeKey } from "../../../training/normalize";
import { faqs, variants } from "../../schema";
import { writeAudit } from "../audit";
import { heldElsewhere, tidyText } from "./check";
import { type FaqDetail, getFaq } from "./read";
import { MAX_VARIANT_LENGTH, type Tx } from "./shared";

/** A phrasing an edit of variants left out, and why. */
export interface SkippedVariant {
  text: string;
  reason: "conflict" | "tooLong";
  /** conflict: the FAQ that holds the phrasing. */
  faqId?: number;
  question?: string;
}

export interface VariantEdit {
  /** The FAQ's standard question. */
  question: string;
  added: string[];
  removed: string[];
  skipped: SkippedVariant[];
}

/**
 * Adds phrasings to an FAQ as merchant variants, inside the caller's transaction: the simulator's
 * "+", inbox labeling, and whoever adds variants next. Phrasings are tidied and compared
 * normalized like saveFaq's; blanks and phrasings the FAQ has are dropped silently, phrasings over
 * MAX_VARIANT_LENGTH or held by another FAQ (heldElsewhere) are skipped and reported. Only new
 * variant rows are written (the FAQ is not rebuilt), with one audit entry of the variants before
 * and after. Throws KbError FAQ_MISSING for an FAQ not in the workspace.
 */
export async function addVariants(tx: Tx, opts: { workspaceId: number; userId: number | null; faqId: number; texts: string[] }): Promise<VariantEdit> {
  const faq = await getFaq(tx, { workspaceId: opts.workspaceId, id: opts.faqId });
  if (!faq) throw new KbError("FAQ_MISSING", { faqId: opts.faqId });
  const have = new Set([faq.question, ...faq.variants].map((v) => normalizeKey(v)));
  const skipped: SkippedVariant[] = [];
  let candidates: string[] = [];
  for (const raw of opts.texts) {
    const text = tidyText(raw);
    const key = normalizeKey(text);
    if (!key || have.has(key)) continue;
    have.add(key);
    if (text.length > MAX_VARIANT_LENGTH) skipped.push({ text, reason: "tooLong" });
    else candidates.push(text);
  }
  const held = new Map((await heldElsewhere(tx, { workspaceId: opts.workspaceId, faqId: faq.id, texts: candidates })).map((c) => [normalizeKey(c.text), c]));
  candidates = candidates.filter((text) => {
    const c = held.get(normalizeKey(text));
    if (c) skipped.push({ text, reason: "conflict", faqId: c.faqId, question: c.question });
    return !c;
  });
  if (!candidates.length) return { question: faq.question, added: [], removed: [], skipped };
  const [{ last }] = await tx
    .select({ last: sql<number>`coalesce(max(${variants.position}), 0)` })
    .from(variants)
    .where(eq(variants.faqId, faq.id));
  await tx.insert(variants).values(
    candidates.map((text, i) => ({
      workspaceId: opts.workspaceId,
      faqId: faq.id,
      text,
      normKey: normalizeKey(text),
      isStandard: false,
      position: last + 1 + i,
    })),
  );
  await touchVariants(tx, opts, faq, [...faq.variants, ...candidates]);
  return { question: faq.question, added: candidates, removed: [], skipped };
}

/**
 * Removes phrasings from an FAQ's merchant variants inside the caller's transaction (undoing a
 * label; a pack's variants stay, they belong to the pack). With `packPhrasings`, a pack
 * question's own variants go too: a merchant FAQ takes them over (the FAQ import, issue 10).
 * Compared normalized; phrasings the FAQ does not have, and its standard question, are ignored.
 * Returns the removed variants as they were written; null for an FAQ that is gone.
 */
export async function removeVariants(
  tx: Tx,
  opts: { workspaceId: number; userId: number | null; faqId: number; texts: string[]; packPhrasings?: boolean },
): Promise<VariantEdit | null> {
  const faq = await getFaq(tx, { workspaceId: opts.workspaceId, id: opts.faqId });
  if (!faq) return null;
  const keys = [...new Set(opts.texts.map((t) => normalizeKey(t)).filter(Boolean))];
  const rows = keys.length
    ? await tx
        .select({ id: variants.id, text: variants.text })
        .from(variants)
        .where(
          and(
            eq(variants.faqId, faq.id),
            inArray(variants.normKey, keys),
            eq(variants.isStandard, false),
            opts.packPhrasings ? undefined : eq(variants.source, "merchant"),
          ),
        )
    : [];
  if (!rows.length) return { question: faq.question, added: [], removed: [], skipped: [] };
  await tx.delete(variants).where(
    inArray(
      variants.id,
      rows.map((r) => r.id),
    ),
  );
  const gone = new Set(rows.map((r) => r.text));
  await touchVariants(
    tx,
    opts,
    faq,
    faq.variants.filter((v) => !gone.has(v)),
  );
  return { question: faq.question, added: [], removed: faq.variants.filter((v) => gone.has(v)), skipped: [] };
}

/** The FAQ's "last changed" and one audit entry for a change of its variants. */
async function touchVariants(tx: Tx, opts: { workspaceId: number; userId: number | null }, faq: FaqDetail, after: string[]) {
  await tx.update(faqs).set({ updatedAt: Date.now(), updatedBy: opts.userId }).where(eq(faqs.id, faq.id));
  await writeAudit(tx, {
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    entity: "faq",
    entityId: faq.id,
    action: "update",
    summary: faq.question,
    before: { variants: faq.variants },
    after: { variants: after },
  });
}

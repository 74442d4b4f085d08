import { data, redirect } from "@remix-run/node";

import { readFaqForm } from "~/faq-form";
import type { WorkspaceContext } from "~/session.server";

import { cleanVariantLines, type FieldIssue, fieldIssue, saveFaq, splitKeywords } from "./faq.server";

/**
 * Saves the FAQ form of the new and edit pages. Blank lines and duplicate variants are dropped
 * and reported on the page the user lands on; conflicts come back as field errors (400).
 */
export async function handleFaqSave(ctx: WorkspaceContext, form: FormData, id?: number) {
  const f = readFaqForm(form);
  const answer = f.answer.replace(/\r\n/g, "\n").trim();
  const cleaned = cleanVariantLines(f.variants.split(/\r?\n/), f.question);
  const input = {
    question: f.question,
    answer,
    categoryId: f.categoryId,
    variants: cleaned.variants,
    keywords: splitKeywords(f.keywords),
    relatedIds: [...new Set(f.related)],
    enabled: f.enabled === "1",
  };
  const fieldErrors: Record<string, FieldIssue> = {};
  if (!answer) fieldErrors.answer = fieldIssue("FAQ_ANSWER_EMPTY");
  const r = Object.keys(fieldErrors).length
    ? null
    : await saveFaq({ workspaceId: ctx.workspace.id, userId: ctx.user.id, id, input });
  if (!r || !r.ok) {
    return data(
      {
        ok: false as const,
        fieldErrors: { ...(r && !r.ok ? r.check.fieldErrors : {}), ...fieldErrors },
        conflicts: r && !r.ok ? r.check.conflicts : [],
      },
      { status: 400 },
    );
  }
  const params = new URLSearchParams({ saved: r.changed ? (id ? "updated" : "created") : "unchanged" });
  if (cleaned.droppedBlank) params.set("blank", String(cleaned.droppedBlank));
  if (cleaned.droppedDuplicates.length) params.set("dup", cleaned.droppedDuplicates.slice(0, 20).join("\n"));
  throw redirect(`/w/${ctx.workspace.slug}/faqs/${r.id}?${params}`);
}

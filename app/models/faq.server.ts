/** The routes' door to the knowledge base (db/queries/faqs/), bound to the process database. */
import { getDb } from "~/db.server";

import { listAudit } from "../../db/queries/audit";
import * as io from "../../db/queries/faq-io";
import * as q from "../../db/queries/faqs";
import { onKnowledgeChanged } from "./knowledge-events.server";
import { engineNearFinder } from "./near-duplicates.server";

export type { ImportPlan } from "../../db/queries/faq-io";
export { MAX_FAQ_IMPORT_BYTES } from "../../db/queries/faq-io";
export type { FaqCheckResult,FaqDetail, FaqInput } from "../../db/queries/faqs";
export { cleanVariantLines, MAX_RELATED, MAX_VARIANT_LENGTH,splitKeywords } from "../../db/queries/faqs";

export const listFaqs = (query: q.FaqListQuery) => q.listFaqs(getDb(), query);
export const getFaq = (opts: { workspaceId: number; id: number }) => q.getFaq(getDb(), opts);
export const listCategories = (workspaceId: number) => q.listCategories(getDb(), workspaceId);
export const searchFaqTitles = (opts: Parameters<typeof q.searchFaqTitles>[1]) => q.searchFaqTitles(getDb(), opts);
export const faqHistory = (workspaceId: number, faqId: number) => listAudit(getDb(), { workspaceId, entity: "faq", entityId: faqId, pageSize: 20 });

export async function saveFaq(opts: Omit<Parameters<typeof q.saveFaq>[1], "similarity" | "nearFinder">) {
  const r = await q.saveFaq(getDb(), { ...opts, nearFinder: engineNearFinder(opts.workspaceId) });
  if (r.ok && r.changed) onKnowledgeChanged(opts.workspaceId);
  return r;
}

export async function deleteFaq(opts: Parameters<typeof q.deleteFaq>[1]) {
  const r = await q.deleteFaq(getDb(), opts);
  if (r) onKnowledgeChanged(opts.workspaceId);
  return r;
}

export async function setFaqEnabled(opts: Parameters<typeof q.setFaqEnabled>[1]) {
  const r = await q.setFaqEnabled(getDb(), opts);
  if (r) onKnowledgeChanged(opts.workspaceId);
  return r;
}

export const createCategory = (opts: Parameters<typeof q.createCategory>[1]) => q.createCategory(getDb(), opts);
export const renameCategory = (opts: Parameters<typeof q.renameCategory>[1]) => q.renameCategory(getDb(), opts);
export const moveCategory = (opts: Parameters<typeof q.moveCategory>[1]) => q.moveCategory(getDb(), opts);
export const deleteCategory = (opts: Parameters<typeof q.deleteCategory>[1]) => q.deleteCategory(getDb(), opts);

/** Planned with the engine's near-duplicate search, so rows close to a pack question are found by meaning. */
export const planFaqImport = (opts: Omit<Parameters<typeof io.planFaqImport>[1], "nearFinder">) =>
  io.planFaqImport(getDb(), { ...opts, nearFinder: engineNearFinder(opts.workspaceId) });
export async function applyFaqImport(opts: Parameters<typeof io.applyFaqImport>[1]) {
  const r = await io.applyFaqImport(getDb(), opts);
  if (r.created || r.updated) onKnowledgeChanged(opts.workspaceId);
  return r;
}
export const exportFaqFile = (opts: Parameters<typeof io.exportFaqFile>[1]) => io.exportFaqFile(getDb(), opts);

export { type FieldIssue, fieldIssue } from "../../db/queries/faqs";
export { KbError } from "../../training/errors";

/** FAQ categories: list, create, rename, reorder and delete, each audited. */
import { and, asc, eq, ne, sql } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import type { Db } from "../../client";
import { categories, faqs } from "../../schema";
import { writeAudit } from "../audit";
import { tidyText } from "./check";
import { type Q } from "./shared";

export async function listCategories(db: Q, workspaceId: number) {
  return db
    .select({
      id: categories.id,
      name: categories.name,
      position: categories.position,
      // A join, not a correlated subquery: drizzle leaves a one-table select's columns unqualified,
      // so "(select … where category_id = id)" compared the FAQ's own columns (issue 15 item 2).
      faqCount: sql<number>`count(${faqs.id})`,
    })
    .from(categories)
    .leftJoin(faqs, eq(faqs.categoryId, categories.id))
    .where(eq(categories.workspaceId, workspaceId))
    .groupBy(categories.id)
    .orderBy(asc(categories.position), asc(categories.id));
}

/** A category name as it is stored: tidied, not empty, at most 30 characters (create and rename check alike). */
function checkedCategoryName(raw: string): string {
  const name = tidyText(raw);
  if (!name) throw new KbError("CATEGORY_EMPTY", {});
  if (name.length > 30) throw new KbError("CATEGORY_TOO_LONG", { max: 30 });
  return name;
}

export async function createCategory(db: Db, opts: { workspaceId: number; name: string; userId: number | null }) {
  const name = checkedCategoryName(opts.name);
  return db.transaction(async (tx) => {
    const dup = await tx.query.categories.findFirst({ where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.name, name)) });
    if (dup) throw new KbError("CATEGORY_EXISTS", { name });
    const [{ maxPos }] = await tx
      .select({ maxPos: sql<number>`coalesce(max(${categories.position}), -1)` })
      .from(categories)
      .where(eq(categories.workspaceId, opts.workspaceId));
    const [c] = await tx
      .insert(categories)
      .values({ workspaceId: opts.workspaceId, name, position: maxPos + 1 })
      .returning();
    await writeAudit(tx, { workspaceId: opts.workspaceId, userId: opts.userId, entity: "category", entityId: c.id, action: "create", after: { name } });
    return c;
  });
}

export async function renameCategory(db: Db, opts: { workspaceId: number; id: number; name: string; userId: number | null }) {
  const name = checkedCategoryName(opts.name);
  return db.transaction(async (tx) => {
    const c = await tx.query.categories.findFirst({ where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.id, opts.id)) });
    if (!c) return null;
    if (c.name === name) return c;
    const dup = await tx.query.categories.findFirst({
      where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.name, name), ne(categories.id, opts.id)),
    });
    if (dup) throw new KbError("CATEGORY_EXISTS", { name });
    await tx.update(categories).set({ name }).where(eq(categories.id, c.id));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "category",
      entityId: c.id,
      action: "update",
      before: { name: c.name },
      after: { name },
    });
    return { ...c, name };
  });
}

/** Moves a category one place up or down; positions are renumbered densely. */
export async function moveCategory(db: Db, opts: { workspaceId: number; id: number; direction: "up" | "down"; userId: number | null }) {
  return db.transaction(async (tx) => {
    const list = await listCategories(tx, opts.workspaceId);
    const i = list.findIndex((c) => c.id === opts.id);
    if (i < 0) return false;
    const j = opts.direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return true;
    [list[i], list[j]] = [list[j], list[i]];
    for (let k = 0; k < list.length; k++) {
      if (list[k].position !== k) await tx.update(categories).set({ position: k }).where(eq(categories.id, list[k].id));
    }
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "category",
      entityId: opts.id,
      action: "reorder",
      after: { order: list.map((c) => c.name) },
    });
    return true;
  });
}

export async function deleteCategory(db: Db, opts: { workspaceId: number; id: number; userId: number | null }) {
  return db.transaction(async (tx) => {
    const c = await tx.query.categories.findFirst({ where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.id, opts.id)) });
    if (!c) return false;
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(faqs)
      .where(eq(faqs.categoryId, c.id));
    if (n > 0) throw new KbError("CATEGORY_NOT_EMPTY", { name: c.name, count: n });
    await tx.delete(categories).where(eq(categories.id, c.id));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "category",
      entityId: c.id,
      action: "delete",
      before: { name: c.name },
    });
    return true;
  });
}

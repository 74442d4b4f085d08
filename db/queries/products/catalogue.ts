/**
 * The product catalogue (issue 16): list with search and paging, one product with its attributes
 * and size chart, the facts the bot answers from, and the write of one product (used by the
 * import and the seed) that replaces its attributes and chart.
 */
import { and, asc, eq, inArray, like, or, sql } from "drizzle-orm";

import type { ProductFacts, SizeRow } from "../../../training/products";
import type { Db } from "../../client";
import { productAttributes, products, productSizeRows } from "../../schema";
import { pageWindow } from "../paging";

type Tx = Pick<Db, "select" | "insert" | "update" | "delete">;

export type ProductRow = typeof products.$inferSelect;

/** What a write takes: the same shape the bot reads (attributes in order, chart rows in order). */
export type ProductInput = ProductFacts;

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listProducts(db: Db, opts: { workspaceId: number; q?: string; category?: string; page?: number; pageSize?: number }) {
  const win = pageWindow(opts);
  const q = opts.q?.trim();
  const pattern = q ? `%${escapeLike(q)}%` : null;
  const where = and(
    eq(products.workspaceId, opts.workspaceId),
    opts.category ? eq(products.category, opts.category) : undefined,
    pattern ? or(sql`${products.title} like ${pattern} escape '\\'`, sql`${products.externalId} like ${pattern} escape '\\'`) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: products.id,
        externalId: products.externalId,
        title: products.title,
        category: products.category,
        priceBand: products.priceBand,
        onSale: products.onSale,
        imageUrl: products.imageUrl,
        attributeCount: sql<number>`(select count(*) from ${productAttributes} where ${productAttributes.productId} = ${products.id})`,
        sizeRows: sql<number>`(select count(*) from ${productSizeRows} where ${productSizeRows.productId} = ${products.id})`,
      })
      .from(products)
      .where(where)
      .orderBy(asc(products.externalId))
      .limit(win.pageSize)
      .offset(win.offset),
    db
      .select({ total: sql<number>`count(*)` })
      .from(products)
      .where(where),
  ]);
  return { rows, total, page: win.page, pageSize: win.pageSize };
}

export async function productCategories(db: Db, workspaceId: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ category: products.category })
    .from(products)
    .where(eq(products.workspaceId, workspaceId))
    .orderBy(asc(products.category));
  return rows.map((r) => r.category).filter(Boolean);
}

export async function countProducts(db: Db, workspaceId: number): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(products)
    .where(eq(products.workspaceId, workspaceId));
  return n;
}

/** Products for a picker (the simulator): id and title, matching a search, at most `limit`. */
export async function productOptions(db: Db, workspaceId: number, q = "", limit = 50) {
  const pattern = `%${escapeLike(q.trim())}%`;
  return db
    .select({ externalId: products.externalId, title: products.title })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), or(like(products.title, pattern), like(products.externalId, pattern))))
    .orderBy(asc(products.externalId))
    .limit(limit);
}

async function factsOf(db: Tx, rows: ProductRow[]): Promise<ProductFacts[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [attrs, sizes] = await Promise.all([
    db
      .select()
      .from(productAttributes)
      .where(inArray(productAttributes.productId, ids))
      .orderBy(asc(productAttributes.productId), asc(productAttributes.position)),
    db.select().from(productSizeRows).where(inArray(productSizeRows.productId, ids)).orderBy(asc(productSizeRows.productId), asc(productSizeRows.position)),
  ]);
  const attrsOf = new Map<number, { key: string; value: string }[]>();
  for (const a of attrs) attrsOf.set(a.productId, [...(attrsOf.get(a.productId) ?? []), { key: a.key, value: a.value }]);
  const sizesOf = new Map<number, SizeRow[]>();
  for (const s of sizes)
    sizesOf.set(s.productId, [
      ...(sizesOf.get(s.productId) ?? []),
      { size: s.size, heightMin: s.heightMin, heightMax: s.heightMax, weightMin: s.weightMin, weightMax: s.weightMax },
    ]);
  return rows.map((r) => ({
    externalId: r.externalId,
    title: r.title,
    category: r.category,
    priceBand: r.priceBand,
    link: r.link,
    imageUrl: r.imageUrl,
    onSale: r.onSale,
    attributes: attrsOf.get(r.id) ?? [],
    sizeChart: sizesOf.get(r.id) ?? [],
  }));
}

/** One product by its 商品ID, with attributes and size chart; null when the catalogue lacks it. */
export async function productFacts(db: Tx, workspaceId: number, externalId: string): Promise<ProductFacts | null> {
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.externalId, externalId)));
  return (await factsOf(db, rows))[0] ?? null;
}

/** The whole catalogue as the bot knows it (bot content, export), ordered by 商品ID. */
export async function loadProductFacts(db: Tx, workspaceId: number): Promise<ProductFacts[]> {
  const rows = await db.select().from(products).where(eq(products.workspaceId, workspaceId)).orderBy(asc(products.externalId));
  const out: ProductFacts[] = [];
  // inArray over thousands of ids: read in chunks so a statement stays small.
  for (let i = 0; i < rows.length; i += 500) out.push(...(await factsOf(db, rows.slice(i, i + 500))));
  return out;
}

/** Creates or replaces one product (by 商品ID) with its attributes and chart. */
export async function writeProduct(tx: Tx, workspaceId: number, input: ProductInput): Promise<number> {
  const values = {
    title: input.title,
    category: input.category,
    priceBand: input.priceBand,
    link: input.link,
    imageUrl: input.imageUrl,
    onSale: input.onSale,
  };
  const [row] = await tx
    .insert(products)
    .values({ workspaceId, externalId: input.externalId, ...values })
    .onConflictDoUpdate({
      target: [products.workspaceId, products.externalId],
      set: { ...values, updatedAt: sql`(cast(unixepoch('subsecond') * 1000 as integer))` },
    })
    .returning({ id: products.id });
  await tx.delete(productAttributes).where(eq(productAttributes.productId, row.id));
  await tx.delete(productSizeRows).where(eq(productSizeRows.productId, row.id));
  if (input.attributes.length)
    await tx.insert(productAttributes).values(input.attributes.map((a, position) => ({ productId: row.id, position, key: a.key, value: a.value })));
  if (input.sizeChart.length) await tx.insert(productSizeRows).values(input.sizeChart.map((s, position) => ({ productId: row.id, position, ...s })));
  return row.id;
}

/**
 * A product's text facts in the import's column order (商品ID, 标题, 类目, 价格带, 链接, 图片): the
 * one list of them that the export writes and the unchanged-row comparison reads.
 */
export function productTextFacts(p: ProductFacts): string[] {
  return [p.externalId, p.title, p.category, p.priceBand, p.link, p.imageUrl];
}

/** Whether a product's stored facts equal an input (an unchanged import row writes nothing). */
export function sameProduct(a: ProductFacts, b: ProductInput): boolean {
  const canon = (p: ProductInput) =>
    JSON.stringify([
      ...productTextFacts(p),
      p.onSale,
      p.attributes.map((x) => [x.key, x.value]),
      p.sizeChart.map((r) => [r.size, r.heightMin, r.heightMax, r.weightMin, r.weightMax]),
    ]);
  return canon(a) === canon(b);
}

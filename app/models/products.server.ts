/** The door from routes to the product knowledge base (issue 16). */
import { getDb } from "~/db.server";

import * as q from "../../db/queries/products";

export { MAX_PRODUCT_IMPORT_BYTES } from "../../db/queries/products";

export const listProducts = (opts: Parameters<typeof q.listProducts>[1]) => q.listProducts(getDb(), opts);
export const productCategories = (workspaceId: number) => q.productCategories(getDb(), workspaceId);
export const productFacts = (workspaceId: number, externalId: string) => q.productFacts(getDb(), workspaceId, externalId);
export const productOptions = (workspaceId: number, search = "", limit = 200) => q.productOptions(getDb(), workspaceId, search, limit);
export const planProductImport = (opts: Parameters<typeof q.planProductImport>[1]) => q.planProductImport(getDb(), opts);
export const applyProductImport = (opts: Parameters<typeof q.applyProductImport>[1]) => q.applyProductImport(getDb(), opts);
export const exportProductFile = (opts: Parameters<typeof q.exportProductFile>[1]) => q.exportProductFile(getDb(), opts);

import { countProducts, exportProductFile, importProductFile } from "../../db/queries/products";
import { type Command, progressReporter, runRowImport, runTableExport } from "../cli";

export const productsImport: Command = {
  name: "products:import",
  summary:
    "Import a product catalogue from CSV (UTF-8/GBK, detected) or XLSX. Columns 商品ID, 标题, 类目, 价格带, 链接, 图片, 在售, 尺码表, then one column per attribute (材质, 颜色 …). Rejected rows are listed with row and column; the rest is written in one transaction. Exit 1 when a row was rejected.",
  usage: "products:import FILE --workspace SLUG [--dry-run] [--json]",
  options: { workspace: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } },
  run(args) {
    return runRowImport(
      args,
      (db, input) => importProductFile(db, { ...input, onProgress: progressReporter("writing products") }),
      (plan) => (plan.encoding ? [`encoding ${plan.encoding}; attribute columns: ${plan.attributeColumns.join(", ") || "none"}`] : []),
    );
  },
};

export const productsExport: Command = {
  name: "products:export",
  summary: "Export the product catalogue of a workspace to CSV (UTF-8 with BOM) or XLSX, by the file's extension; it re-imports unchanged.",
  usage: "products:export FILE --workspace SLUG [--json]",
  options: { workspace: { type: "string" }, json: { type: "boolean" } },
  run(args) {
    return runTableExport(args, exportProductFile, { key: "products", label: "products", count: countProducts });
  },
};

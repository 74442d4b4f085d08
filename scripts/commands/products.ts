import fs from "node:fs";
import path from "node:path";

import { countProducts, exportProductFile, importProductFile } from "../../db/queries/products";
import { type Command, finishRowImport, printJson, progressReporter, requireString, tableFileArg, withWorkspace, writeFileAtomic } from "../cli";

export const productsImport: Command = {
  name: "products:import",
  summary:
    "Import a product catalogue from CSV (UTF-8/GBK, detected) or XLSX. Columns 商品ID, 标题, 类目, 价格带, 链接, 图片, 在售, 尺码表, then one column per attribute (材质, 颜色 …). Rejected rows are listed with row and column; the rest is written in one transaction. Exit 1 when a row was rejected.",
  usage: "products:import FILE --workspace SLUG [--dry-run] [--json]",
  options: { workspace: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = tableFileArg(positionals, true);
    const slug = requireString(values, "workspace");
    return withWorkspace(slug, async (db, ws) => {
      process.stderr.write(`reading ${file}…\n`);
      const startedAt = Date.now();
      const plan = await importProductFile(db, {
        workspaceId: ws.id,
        userId: null,
        fileName: path.basename(file),
        data: new Uint8Array(fs.readFileSync(file)),
        dryRun: !!values["dry-run"],
        onProgress: progressReporter("writing products"),
      });
      const notes = plan.encoding ? [`encoding ${plan.encoding}; attribute columns: ${plan.attributeColumns.join(", ") || "none"}`] : [];
      return finishRowImport(plan, { dryRun: !!values["dry-run"], json: !!values.json, startedAt, notes });
    });
  },
};

export const productsExport: Command = {
  name: "products:export",
  summary: "Export the product catalogue of a workspace to CSV (UTF-8 with BOM) or XLSX, by the file's extension; it re-imports unchanged.",
  usage: "products:export FILE --workspace SLUG [--json]",
  options: { workspace: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = tableFileArg(positionals, false);
    const slug = requireString(values, "workspace");
    return withWorkspace(slug, async (db, ws) => {
      const buf = await exportProductFile(db, { workspaceId: ws.id, fileName: file });
      writeFileAtomic(file, buf);
      const out = { file, products: await countProducts(db, ws.id), bytes: buf.length };
      if (values.json) printJson(out);
      else console.log(`exported ${out.products} products to ${file}`);
      return 0;
    });
  },
};

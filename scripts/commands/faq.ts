import fs from "node:fs";
import path from "node:path";

import { exportFaqFile, importFaqFile } from "../../db/queries/faq-io";
import { type Command, finishRowImport, printJson, requireString, tableFileArg, withDb, withWorkspace, writeFileAtomic } from "../cli";

export const faqImport: Command = {
  name: "faq:import",
  summary:
    "Import FAQs from CSV (UTF-8/GBK, detected) or XLSX. Columns 分类, 标准问题, 相似问法, 答案, 关键词, 关联问题. Rejected rows are listed with row and column; the rest is written in one transaction. Exit 1 when a row was rejected.",
  usage: "faq:import FILE --workspace SLUG [--dry-run] [--create-categories] [--json]",
  options: { workspace: { type: "string" }, "dry-run": { type: "boolean" }, "create-categories": { type: "boolean" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = tableFileArg(positionals, true);
    const slug = requireString(values, "workspace");
    return withWorkspace(slug, async (db, ws) => {
      process.stderr.write(`reading ${file}…\n`);
      const startedAt = Date.now();
      const plan = await importFaqFile(db, {
        workspaceId: ws.id,
        userId: null,
        fileName: path.basename(file),
        data: new Uint8Array(fs.readFileSync(file)),
        dryRun: !!values["dry-run"],
        createCategories: !!values["create-categories"],
      });
      return finishRowImport(plan, { dryRun: !!values["dry-run"], json: !!values.json, startedAt });
    });
  },
};

export const faqExport: Command = {
  name: "faq:export",
  summary: "Export the knowledge base of a workspace to CSV (UTF-8 with BOM) or XLSX, by the file's extension.",
  usage: "faq:export FILE --workspace SLUG [--json]",
  options: { workspace: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = tableFileArg(positionals, false);
    const slug = requireString(values, "workspace");
    return withWorkspace(slug, async (db, ws) => {
      const buf = await exportFaqFile(db, { workspaceId: ws.id, fileName: file });
      writeFileAtomic(file, buf);
      const { countFaqs } = await import("../../db/queries/faq-io");
      const out = { file, faqs: await countFaqs(db, ws.id), bytes: buf.length };
      if (values.json) printJson(out);
      else console.log(`exported ${out.faqs} FAQs to ${file}`);
      return 0;
    });
  },
};

export const dbMigrate: Command = {
  name: "db:migrate",
  summary: "Apply the database migrations to DATABASE_URL (npm start does this by itself).",
  usage: "db:migrate",
  options: {},
  async run() {
    await withDb(async () => undefined);
    console.log("migrations applied");
    return 0;
  },
};

import { countFaqs, exportFaqFile, importFaqFile } from "../../db/queries/faq-io";
import { type Command, runRowImport, runTableExport, UsageError, withDb } from "../cli";

export const faqImport: Command = {
  name: "faq:import",
  summary:
    "Import FAQs from CSV (UTF-8/GBK, detected) or XLSX. Columns 分类, 标准问题, 相似问法, 答案, 关键词, 关联问题. Rejected rows are listed with row and column; the rest is written in one transaction. Exit 1 when a row was rejected.",
  usage: "faq:import FILE --workspace SLUG [--dry-run] [--create-categories] [--merge ROW,ROW…] [--json]",
  options: {
    workspace: { type: "string" },
    "dry-run": { type: "boolean" },
    "create-categories": { type: "boolean" },
    /** Rows to merge into the pack question a notice says they are close to (the preview's 合并). */
    merge: { type: "string" },
    json: { type: "boolean" },
  },
  run(args) {
    const raw = typeof args.values.merge === "string" ? args.values.merge : "";
    const merge = raw ? raw.split(",").map((x) => Number(x.trim())) : [];
    if (merge.some((n) => !Number.isInteger(n) || n < 2)) throw new UsageError("--merge takes file row numbers, e.g. --merge 3,17");
    return runRowImport(
      args,
      (db, input) => importFaqFile(db, { ...input, createCategories: !!args.values["create-categories"], merge }),
      (plan) => plan.notices.map((n) => `notice: ${n.message}`),
    );
  },
};

export const faqExport: Command = {
  name: "faq:export",
  summary: "Export the knowledge base of a workspace to CSV (UTF-8 with BOM) or XLSX, by the file's extension.",
  usage: "faq:export FILE --workspace SLUG [--json]",
  options: { workspace: { type: "string" }, json: { type: "boolean" } },
  run(args) {
    return runTableExport(args, exportFaqFile, { key: "faqs", label: "FAQs", count: countFaqs });
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

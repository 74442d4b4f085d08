/**
 * `npm run kb -- models [--check]`: which embedding models are installed under MODELS_DIR
 * (default ./models), and with --check whether each one loads and what it outputs.
 * Downloading is a separate script (`npm run models:download`), the only code that goes online.
 */
import fs from "node:fs/promises";
import path from "node:path";

import { listInstalledModels, loadTransformerEmbedder } from "../../training/transformer/embedder";
import { type Command, printJson } from "../cli";

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? await dirBytes(p) : (await fs.stat(p)).size;
  }
  return total;
}

export const modelsCommand: Command = {
  name: "models",
  summary: "List the embedding models installed for dense retrieval (--check loads each one).",
  usage: "models [--models-dir DIR] [--check] [--json]",
  options: {
    "models-dir": { type: "string" },
    check: { type: "boolean" },
    json: { type: "boolean" },
  },
  async run({ values }) {
    const modelsDir = path.resolve((values["models-dir"] as string | undefined) ?? process.env.MODELS_DIR ?? "models");
    const names = listInstalledModels(modelsDir);
    const rows: { name: string; mb: number; dim?: number; id?: string; error?: string }[] = [];
    let failed = 0;
    for (const name of names) {
      const row: (typeof rows)[number] = { name, mb: Math.round(((await dirBytes(path.join(modelsDir, name))) / 2 ** 20) * 10) / 10 };
      if (values.check) {
        try {
          const emb = await loadTransformerEmbedder({ modelsDir, name });
          row.dim = emb.dim;
          row.id = emb.id;
        } catch (e) {
          row.error = (e as Error).message;
          failed++;
        }
      }
      rows.push(row);
    }
    if (!values.json) {
      if (rows.length === 0) process.stderr.write(`No models in ${modelsDir}. Run \`npm run models:download\` on a machine with internet.\n`);
      for (const r of rows) {
        const extra = r.error ? `  FAILED: ${r.error}` : r.dim ? `  ${r.dim} dims` : "";
        process.stderr.write(`${r.name}  ${r.mb} MB${extra}\n`);
      }
    }
    printJson({ modelsDir, models: rows });
    return failed ? 1 : 0;
  },
};

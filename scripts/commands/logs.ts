/**
 * `kb logs:import`, `kb logs:export`, `kb logs:replay` (issue 4): chat logs from the command
 * line, through the same db/queries/logs.ts as the studio.
 */
import fs from "node:fs";
import path from "node:path";

import { decideMany, loadBot } from "~/models/bot.server";
import { engineStatus } from "~/models/engine.server";

import type { Db } from "../../db/client";
import { type DecideManyFn, exportLogTurns, importLogFile, replayTurns } from "../../db/queries/logs";
import { parseMapArg } from "../../training/logs";
import { type Command, printJson, progressReporter, requireString, UsageError, withWorkspace } from "../cli";

/** --batch ID, when given. */
function batchOption(values: Record<string, unknown>): number | undefined {
  if (values.batch === undefined) return undefined;
  const id = Number(values.batch);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError("--batch must be a batch id");
  return id;
}

/** Replays one batch (or all turns) through the bot, with progress and a summary on stderr. */
async function replayWithProgress(db: Db, wsId: number, batchId: number | undefined) {
  // The one decision path, with the engine the server saved (trained only when there is none).
  const bot = await loadBot(wsId, { fresh: true });
  const status = await engineStatus(wsId);
  process.stderr.write(
    status.stats
      ? `engine: ${status.source} (${status.stats.faqs} FAQs, ${status.stats.variants} phrasings; ${status.stats.encoders.join(", ")})\n`
      : "engine: none (no answered FAQs: every question is a no-answer)\n",
  );
  const decide: DecideManyFn = (texts) => decideMany(wsId, texts, { bot });
  const r = await replayTurns(db, { workspaceId: wsId, batchId, decide, onProgress: progressReporter("replayed turns") });
  process.stderr.write(`replayed ${r.turns} turns (${r.distinct} distinct texts) in ${(r.ms / 1000).toFixed(1)} s: ${r.turnsPerSecond} turns/s\n`);
  return r;
}

export const logsImport: Command = {
  name: "logs:import",
  summary:
    "Import a chat-log file (CSV/XLSX with a header row, JSONL, or a Qianniu plain-text export; UTF-8/GBK detected) as one batch: cleaned, personal data masked, duplicates and noise counted, rejected rows listed. The same file twice is a no-op. Exit 1 when a row was rejected.",
  usage: "logs:import FILE --workspace SLUG [--map session=COL,role=COL,text=COL,time=COL] [--replay] [--json]",
  options: { workspace: { type: "string" }, map: { type: "string" }, replay: { type: "boolean" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = positionals[0];
    if (!file) throw new UsageError("missing FILE");
    const slug = requireString(values, "workspace");
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    let mapping;
    try {
      mapping = typeof values.map === "string" ? parseMapArg(values.map) : undefined;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return withWorkspace(slug, async (db, { id: wsId }) => {
      const data = new Uint8Array(fs.readFileSync(file));
      const progress = progressReporter("rows");
      const t0 = Date.now();
      const r = await importLogFile(db, {
        workspaceId: wsId,
        userId: null,
        fileName: path.basename(file),
        data,
        mapping,
        onProgress: (p) => progress(p.rows),
      });
      const rep = r.report;
      progress(rep.read, rep.read);
      for (const e of rep.errors) process.stderr.write(`row ${e.row}: ${e.message}\n`);
      const secs = (Date.now() - t0) / 1000;
      if (r.existing) process.stderr.write(`${file} was imported before (batch ${r.batchId}): nothing written\n`);
      else
        process.stderr.write(
          `batch ${r.batchId}: read ${rep.read}, imported ${rep.imported}, duplicates ${rep.duplicates}, noise ${rep.noise}, rejected ${rep.rejected} in ${secs.toFixed(1)} s\n`,
        );
      let replay;
      if (values.replay && !r.existing) {
        replay = await replayWithProgress(db, wsId, r.batchId);
      }
      if (values.json)
        printJson({
          batchId: r.batchId,
          existing: r.existing,
          read: rep.read,
          imported: rep.imported,
          duplicates: rep.duplicates,
          noise: rep.noise,
          rejected: rep.rejected,
          masked: rep.masked,
          errors: rep.errors.map((e) => ({ row: e.row, message: e.message })),
          ...(replay ? { replay } : {}),
        });
      return rep.rejected > 0 ? 1 : 0;
    });
  },
};

export const logsExport: Command = {
  name: "logs:export",
  summary: 'Write the cleaned (masked) turns of a workspace, or one batch, as JSONL: {"sessionId","role","text","decision","faqId","confidence","label"}.',
  usage: "logs:export FILE --workspace SLUG [--batch ID] [--json]",
  options: { workspace: { type: "string" }, batch: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = positionals[0];
    if (!file) throw new UsageError("missing FILE");
    const slug = requireString(values, "workspace");
    const batchId = batchOption(values);
    return withWorkspace(slug, async (db, { id: wsId }) => {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      const fd = fs.openSync(tmp, "w");
      let n = 0;
      try {
        for await (const page of exportLogTurns(db, { workspaceId: wsId, batchId })) {
          fs.writeSync(fd, page.map((t) => JSON.stringify(t)).join("\n") + "\n");
          n += page.length;
        }
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
      if (values.json) printJson({ file, turns: n });
      else console.log(`exported ${n} turns to ${file}`);
      return 0;
    });
  },
};

export const logsReplay: Command = {
  name: "logs:replay",
  summary: "Run every cleaned customer turn (of a workspace, or one batch) through the current bot and store decision, top FAQ and confidence.",
  usage: "logs:replay --workspace SLUG [--batch ID] [--json]",
  options: { workspace: { type: "string" }, batch: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const slug = requireString(values, "workspace");
    const batchId = batchOption(values);
    return withWorkspace(slug, async (db, { id: wsId }) => {
      const r = await replayWithProgress(db, wsId, batchId);
      if (values.json) printJson(r);
      return 0;
    });
  },
};

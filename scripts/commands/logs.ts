/**
 * `kb logs:import`, `kb logs:export`, `kb logs:replay` (issue 4): chat logs from the command
 * line, through the same db/queries/logs.ts as the studio.
 */
import fs from "node:fs";
import path from "node:path";

import type { Db } from "../../db/client";
import { loadEngineInput } from "../../db/queries/engine-input";
import { type DecideManyFn, exportLogTurns, importLogFile, replayTurns } from "../../db/queries/logs";
import { getSettings } from "../../db/queries/settings";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { buildEngine } from "../../training/engine";
import { KbError } from "../../training/errors";
import { parseMapArg } from "../../training/logs";
import { decide, DEFAULT_COMPLAINT_KEYWORDS, DEFAULT_HUMAN_KEYWORDS } from "../../training/policy";
import { type Command, printJson, progressReporter, requireString, UsageError } from "../cli";
import { openDb } from "../db";

async function workspaceId(db: Db, slug: string) {
  const ws = await getWorkspaceBySlug(db, slug);
  if (!ws) throw new UsageError(`no workspace "${slug}"`);
  return ws.id;
}

/**
 * The bot's stateless decision for many texts, without the server: the engine trained from the
 * workspace as it is now, with the workspace's rules (as app/models/bot.server.ts decideMany).
 */
async function cliDecideMany(db: Db, wsId: number): Promise<DecideManyFn> {
  const [input, settings] = await Promise.all([loadEngineInput(db, wsId), getSettings(db, wsId)]);
  if (!input.kb.faqs.length) return async (texts) => texts.map(() => ({ decision: "no_answer", faqId: null, confidence: 0 }));
  process.stderr.write(`training the engine on ${input.kb.faqs.length} FAQs…\n`);
  const engine = await buildEngine(input.kb, {
    encoders: "trained",
    overrides: { answerThreshold: settings.answerThreshold ?? undefined, clarifyThreshold: settings.clarifyThreshold ?? undefined },
  });
  const rules = {
    maxFailures: 0,
    followUp: false,
    humanKeywords: [...DEFAULT_HUMAN_KEYWORDS, ...settings.humanKeywords],
    complaintKeywords: [...DEFAULT_COMPLAINT_KEYWORDS, ...settings.complaintKeywords],
    sensitiveKeywords: settings.sensitiveKeywords,
  };
  return async (texts) =>
    texts.map((t) => {
      const d = decide(engine, t, { turns: [] }, rules);
      return { decision: d.decision, faqId: d.faqId === null ? null : Number(d.faqId), confidence: Math.round(d.confidence * 10000) / 10000 };
    });
}

/** --batch ID, when given. */
function batchOption(values: Record<string, unknown>): number | undefined {
  if (values.batch === undefined) return undefined;
  const id = Number(values.batch);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError("--batch must be a batch id");
  return id;
}

/** Replays one batch (or all turns) through the bot, with progress and a summary on stderr. */
async function replayWithProgress(db: Db, wsId: number, batchId: number | undefined) {
  const decideMany = await cliDecideMany(db, wsId);
  const r = await replayTurns(db, { workspaceId: wsId, batchId, decide: decideMany, onProgress: progressReporter("replayed turns") });
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
    const db = await openDb();
    try {
      const wsId = await workspaceId(db, slug);
      const data = new Uint8Array(fs.readFileSync(file));
      const progress = progressReporter("rows");
      const t0 = Date.now();
      let r;
      try {
        r = await importLogFile(db, {
          workspaceId: wsId,
          userId: null,
          fileName: path.basename(file),
          data,
          mapping,
          onProgress: (p) => progress(p.rows),
        });
      } catch (e) {
        if (e instanceof KbError) {
          process.stderr.write(`error: ${e.message}\n`);
          if (values.json) printJson({ error: e.code, message: e.message });
          return 1;
        }
        throw e;
      }
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
    } finally {
      db.$client.close();
    }
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
    const db = await openDb();
    try {
      const wsId = await workspaceId(db, slug);
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
    } finally {
      db.$client.close();
    }
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
    const db = await openDb();
    try {
      const wsId = await workspaceId(db, slug);
      const r = await replayWithProgress(db, wsId, batchId);
      if (values.json) printJson(r);
      return 0;
    } finally {
      db.$client.close();
    }
  },
};

/**
 * Knowledge-base versions from the command line (issue 13): `kb:publish`, `kb:versions`,
 * `kb:diff`, `kb:rollback`, and `bot:reply` to ask one version of the bot a question. The JSON
 * object is on the last line; exit 1 when the gate blocks a publish or a version is missing.
 */
// The publish gate runs the workspace's suites: their runner registers itself on import (issue 11).
import "~/models/suites.server";

import { apiReplyBody, botReply, decideTurn } from "~/models/bot.server";
import { jobError } from "~/models/jobs.server";
import {
  DEFAULT_IMPACT_DAYS,
  diffVersions,
  impactNow,
  type ImpactResult,
  parseVersionRef,
  publishNow,
  publishPayload,
  type PublishResult,
  rollbackTo,
  type VersionRef,
  versionsList,
} from "~/models/versions.server";

import { MAX_MESSAGE_LENGTH, MAX_SESSION_ID_LENGTH } from "../../app/bot-api";
import { type Command, printJson, progressReporter, requireString, UsageError, withWorkspace } from "../cli";

function versionArg(s: string | undefined, fallback: VersionRef, what: string): VersionRef {
  if (s === undefined) return fallback;
  try {
    return parseVersionRef(s, fallback);
  } catch {
    throw new UsageError(`${what} must be draft, published or a version number, not "${s}"`);
  }
}

export const kbPublish: Command = {
  name: "kb:publish",
  summary: "Publish the draft as a new version (snapshot, train or reuse the engine, run the gate, commit); exit 1 when the gate blocks.",
  usage: "kb:publish --workspace SLUG [--note TEXT] [--override REASON] [--json]",
  options: { workspace: { type: "string" }, note: { type: "string" }, override: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const slug = requireString(values, "workspace");
    const payload = publishPayload(values.note, values.override);
    return withWorkspace(slug, async (_db, ws) => {
      const report = progressReporter("publish (%)");
      const row = await publishNow(ws.id, null, payload, (p) => report(p.done, p.total));
      const err = jobError(row);
      if (err) throw err;
      const r = row.result as PublishResult;
      const out = { version: r.version, faqs: r.faqs, variants: r.variants, gate: r.gate };
      if (values.json) printJson(out);
      else if (r.blocked) {
        process.stderr.write(`the publish gate failed (pass rate ${r.gate.passRate ?? 0}); nothing was published:\n`);
        for (const f of r.gate.failures.slice(0, 20)) process.stderr.write(`  ${f.suite}: ${f.text} — expected ${f.expected}, got ${f.got}\n`);
      } else process.stdout.write(`${ws.name}: published v${r.version} (${r.faqs} FAQs, ${r.variants} variants${r.reused ? ", draft engine reused" : ""})\n`);
      return r.blocked ? 1 : 0;
    });
  },
};

export const kbVersions: Command = {
  name: "kb:versions",
  summary: "List the published versions, newest first (number, note, who, when, what it restores, counts, gate).",
  usage: "kb:versions --workspace SLUG [--page N] [--json]",
  options: { workspace: { type: "string" }, page: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const slug = requireString(values, "workspace");
    const page = values.page === undefined ? 1 : Number(values.page);
    if (!Number.isInteger(page) || page < 1) throw new UsageError("--page must be a positive integer");
    return withWorkspace(slug, async (_db, ws) => {
      const { rows, total } = await versionsList(ws.id, page, 100);
      const versions = rows.map((r) => ({
        version: r.number,
        note: r.note,
        restores: r.restores,
        createdBy: r.createdByName,
        createdAt: new Date(r.createdAt).toISOString(),
        faqs: r.stats.faqs,
        variants: r.stats.variants,
        synonyms: r.stats.synonyms,
        gate: r.gate.required ? (r.gate.passed ? "passed" : "overridden") : "none",
      }));
      if (values.json) printJson({ published: versions[0]?.version ?? null, total, versions });
      else if (!versions.length) process.stdout.write(`${ws.name}: nothing published yet (the bot answers from the draft)\n`);
      else
        for (const v of versions)
          process.stdout.write(`v${v.version}\t${v.createdAt}\t${v.createdBy ?? "-"}\t${v.restores ? `restores v${v.restores} ` : ""}${v.note}\n`);
      return 0;
    });
  },
};

export const kbDiff: Command = {
  name: "kb:diff",
  summary:
    "What changes from version A to version B (default: the published version → the draft): FAQs added, changed field by field, removed; variants; synonyms; settings.",
  usage: "kb:diff --workspace SLUG [A] [B] [--json]   (A, B: draft | published | N)",
  options: { workspace: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const slug = requireString(values, "workspace");
    if (positionals.length > 2) throw new UsageError("at most two versions");
    const a = versionArg(positionals[0], "published", "A");
    const b = versionArg(positionals[1], "draft", "B");
    return withWorkspace(slug, async (_db, ws) => {
      const r = await diffVersions(ws.id, a, b);
      if (values.json) printJson(r);
      else {
        const d = r.diff;
        process.stdout.write(`${r.a} → ${r.b}${d.same ? ": no differences" : ""}\n`);
        for (const f of d.faqsAdded) process.stdout.write(`+ [${f.category}] ${f.question} (${f.variants} variants)\n`);
        for (const f of d.faqsRemoved) process.stdout.write(`- [${f.category}] ${f.question}\n`);
        for (const c of d.faqsChanged) {
          process.stdout.write(`~ ${c.question}\n`);
          for (const x of c.fields) process.stdout.write(`    ${x.field}: ${JSON.stringify(x.before)} → ${JSON.stringify(x.after)}\n`);
          for (const v of c.variantsAdded) process.stdout.write(`    + ${v}\n`);
          for (const v of c.variantsRemoved) process.stdout.write(`    - ${v}\n`);
        }
        for (const g of d.synonymsAdded) process.stdout.write(`+ synonyms ${g.join("/")}\n`);
        for (const g of d.synonymsRemoved) process.stdout.write(`- synonyms ${g.join("/")}\n`);
        for (const s of d.settings) process.stdout.write(`~ setting ${s.key}: ${JSON.stringify(s.before)} → ${JSON.stringify(s.after)}\n`);
      }
      return 0;
    });
  },
};

export const kbRollback: Command = {
  name: "kb:rollback",
  summary: "Publish an earlier version again as a new version number that says what it restores (no retraining).",
  usage: "kb:rollback VERSION --workspace SLUG [--note TEXT] [--json]",
  options: { workspace: { type: "string" }, note: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const slug = requireString(values, "workspace");
    if (positionals.length !== 1) throw new UsageError("give the version to restore, e.g. kb:rollback 3");
    const ref = versionArg(positionals[0], "published", "VERSION");
    if (typeof ref !== "number") throw new UsageError("VERSION must be a version number");
    return withWorkspace(slug, async (_db, ws) => {
      const row = await rollbackTo(ws.id, null, ref, String(values.note ?? ""));
      if (values.json) printJson({ version: row.number, restores: ref, faqs: row.stats.faqs, variants: row.stats.variants });
      else process.stdout.write(`${ws.name}: published v${row.number}, restoring v${ref}\n`);
      return 0;
    });
  },
};

export const botReplyCommand: Command = {
  name: "bot:reply",
  summary:
    "Ask the bot one question and print the HTTP API's answer object (default: the published version, like the API). With --session the turn is kept in that session (channel simulator), so follow-ups work.",
  usage: "bot:reply TEXT --workspace SLUG [--version draft|published|N] [--session ID] [--json]",
  options: { workspace: { type: "string" }, version: { type: "string" }, session: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const slug = requireString(values, "workspace");
    const text = positionals.join(" ").trim();
    if (!text) throw new UsageError("give the customer's message");
    if (text.length > MAX_MESSAGE_LENGTH) throw new UsageError(`the message is longer than ${MAX_MESSAGE_LENGTH} characters`);
    const version = versionArg(values.version as string | undefined, "published", "--version");
    const session = values.session as string | undefined;
    if (session !== undefined && (!session.trim() || session.length > MAX_SESSION_ID_LENGTH))
      throw new UsageError(`--session must be 1–${MAX_SESSION_ID_LENGTH} characters`);
    return withWorkspace(slug, async (_db, ws) => {
      const r = session
        ? await botReply({ workspaceId: ws.id, channel: "simulator", sessionId: `cli:${session}`, text, version, fresh: true })
        : await decideTurn({ workspaceId: ws.id, text, version, fresh: true });
      const body = apiReplyBody(r);
      if (values.json) printJson(body);
      else process.stdout.write(`${body.decision}${body.faqId ? ` #${body.faqId}` : ""} (${body.confidence}): ${body.reply ?? body.answer ?? ""}\n`);
      return 0;
    });
  },
};

export const kbImpact: Command = {
  name: "kb:impact",
  summary:
    "Impact preview: replay the customer turns of the last N days (default 14) through the published version and the draft; rates of each, changed turns, fixed/broken labeled turns.",
  usage: "kb:impact --workspace SLUG [--days N] [--json]",
  options: { workspace: { type: "string" }, days: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const slug = requireString(values, "workspace");
    const days = values.days === undefined ? DEFAULT_IMPACT_DAYS : Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError("--days must be a whole number of days");
    return withWorkspace(slug, async (_db, ws) => {
      const report = progressReporter("impact (distinct texts)");
      const row = await impactNow(ws.id, days, (p) => report(p.done, p.total));
      const err = jobError(row);
      if (err) throw err;
      const r = row.result as ImpactResult;
      if (values.json) printJson(r);
      else {
        const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
        process.stdout.write(
          `${ws.name}: ${r.turns} turns (${r.distinct} distinct) of the last ${r.days} days, v${r.published} → draft, ${(r.ms / 1000).toFixed(1)} s\n`,
        );
        for (const d of ["answer", "clarify", "no_answer", "transfer"] as const) process.stdout.write(`  ${d}: ${pct(r.before[d])} → ${pct(r.after[d])}\n`);
        process.stdout.write(`  changed: ${r.changedTurns} turns; labeled: ${r.fixed} fixed, ${r.broken} broken\n`);
      }
      return 0;
    });
  },
};

export const versionCommands: Command[] = [kbPublish, kbVersions, kbDiff, kbRollback, kbImpact, botReplyCommand];

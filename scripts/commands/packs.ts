/**
 * Industry packs from the command line (issue 5): list and export pack files, and subscribe,
 * unsubscribe or upgrade a workspace (the same queries as the studio's subscription center).
 */
import fs from "node:fs";
import path from "node:path";

import { diffPack, listPackSummaries, packExportLines, subscribePack, unsubscribePack, upgradePack } from "../../db/queries/packs";
import { loadPacks } from "../../training/packs/load";
import { type Command, printJson, requireString, UsageError, withWorkspace } from "../cli";

export const packsList: Command = {
  name: "packs:list",
  summary: "List the industry packs (行业包): id, name, industry, version, number of questions and variants, default.",
  usage: "packs:list [--dir DIR] [--json]",
  options: { dir: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const dir = typeof values.dir === "string" ? values.dir : undefined;
    const packs = listPackSummaries({ dir }).map((p) => ({
      id: p.id,
      name: p.name,
      industry: p.industry,
      version: p.version,
      questions: p.questions,
      variants: p.variants,
      default: p.default,
    }));
    if (values.json) printJson({ packs });
    else
      for (const p of packs)
        console.log(
          `${p.id.padEnd(16)} ${p.version.padEnd(8)} ${String(p.questions).padStart(4)} questions ${String(p.variants).padStart(5)} variants  ${p.name}${p.default ? " (default)" : ""}`,
        );
    return 0;
  },
};

export const packsExport: Command = {
  name: "packs:export",
  summary: "Write a pack's questions as JSON lines: {key, category, question, variants, answerTemplate}.",
  usage: "packs:export ID FILE [--dir DIR] [--json]",
  options: { dir: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const [id, file] = positionals;
    if (!id || !file) throw new UsageError("missing ID or FILE");
    const dir = typeof values.dir === "string" ? values.dir : undefined;
    const pack = loadPacks(dir).find((p) => p.id === id);
    if (!pack) throw new UsageError(`no pack "${id}" (see packs:list)`);
    const lines = packExportLines(pack);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    process.stderr.write(`wrote ${lines.length} questions of ${pack.id} ${pack.version} to ${file}\n`);
    if (values.json) printJson({ pack: pack.id, version: pack.version, questions: lines.length, file });
    return 0;
  },
};

function knownPack(id: string | undefined) {
  if (!id) throw new UsageError("missing ID");
  if (!loadPacks().some((p) => p.id === id)) throw new UsageError(`no pack "${id}" (see packs:list)`);
  return id;
}

export const packsSubscribe: Command = {
  name: "packs:subscribe",
  summary: "Subscribe a workspace to a pack. Phrasings its own FAQs already use are skipped and listed; exit 1 when any was skipped.",
  usage: "packs:subscribe ID --workspace SLUG [--json]",
  options: { workspace: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const packId = knownPack(positionals[0]);
    const slug = requireString(values, "workspace");
    const r = await withWorkspace(slug, (db, { id: workspaceId }) => subscribePack(db, { workspaceId, packId, userId: null }));
    for (const s of r.skipped) process.stderr.write(`skipped ${s.kind} "${s.text}" (${s.key}): already in FAQ #${s.ownerFaqId} "${s.ownerQuestion}"\n`);
    process.stderr.write(
      `${r.alreadySubscribed ? "already subscribed" : "subscribed"} ${packId} ${r.version}: created ${r.created}, restored ${r.restored}, unanswered ${r.unanswered}, skipped ${r.skipped.length}\n`,
    );
    if (values.json) printJson(r);
    return r.skipped.length ? 1 : 0;
  },
};

export const packsUnsubscribe: Command = {
  name: "packs:unsubscribe",
  summary: "Unsubscribe a workspace from a pack: its FAQs are removed, the merchant's answers and variants archived for a later re-subscription.",
  usage: "packs:unsubscribe ID --workspace SLUG [--json]",
  options: { workspace: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const packId = knownPack(positionals[0]);
    const slug = requireString(values, "workspace");
    const r = await withWorkspace(slug, (db, { id: workspaceId }) => unsubscribePack(db, { workspaceId, packId, userId: null }));
    process.stderr.write(`unsubscribed ${packId}: removed ${r.removed}, archived ${r.archived}\n`);
    if (values.json) printJson(r);
    return 0;
  },
};

export const packsUpgrade: Command = {
  name: "packs:upgrade",
  summary: "Show (--dry-run) or apply the upgrade of a subscribed pack to the version of its file; merchant answers and variants are kept.",
  usage: "packs:upgrade ID --workspace SLUG [--dry-run] [--json]",
  options: { workspace: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const packId = knownPack(positionals[0]);
    const slug = requireString(values, "workspace");
    return withWorkspace(slug, async (db, { id: workspaceId }) => {
      const diff = await diffPack(db, { workspaceId, packId });
      if (!diff) throw new UsageError(`workspace "${slug}" is not subscribed to ${packId}`);
      process.stderr.write(
        `${packId} ${diff.fromVersion} → ${diff.toVersion}: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed\n`,
      );
      if (values["dry-run"]) {
        if (values.json) printJson(diff);
        return 0;
      }
      const r = await upgradePack(db, { workspaceId, packId, userId: null });
      if (values.json) printJson(r);
      return r.skipped.length ? 1 : 0;
    });
  },
};

export const packCommands: Command[] = [packsList, packsExport, packsSubscribe, packsUnsubscribe, packsUpgrade];

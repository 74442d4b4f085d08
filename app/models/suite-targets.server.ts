/**
 * Named external bots for suite runs (issue 11 "Targets"): the 外部机器人 page lists, edits, tries
 * and deletes them; the 运行 card and `suite:run --target NAME` run a suite against one. A target is
 * only ever stored with `${ENV}` header values: the secret itself stays in the server's environment.
 */
import { getDb } from "~/db.server";

import { deleteTarget, getTarget, listTargets, saveTarget } from "../../db/queries/suites/targets";
import { KbError } from "../../training/errors";
import type { SuiteDecision } from "../../training/suites/check";
import {
  DEFAULT_BODY_TEMPLATE,
  DEFAULT_PATHS,
  DEFAULT_TIMEOUT_MS,
  envRefs,
  httpDecider,
  type HttpTargetConfig,
  parseHeaderLines,
  TARGET_PATH_FIELDS,
} from "../../training/suites/http-target";
import { httpTargetLabel } from "./suites.server";

/** The editor's fields, as the form posts them (every one a string). */
export interface TargetForm {
  name: string;
  url: string;
  headers: string;
  body: string;
  decisionMap: string;
  timeout: string;
  paths: Record<(typeof TARGET_PATH_FIELDS)[number], string>;
}

/** What a new target's editor starts from: this studio's own API shape. */
export const NEW_TARGET_FORM: TargetForm = {
  name: "",
  url: "",
  headers: "Authorization: Bearer ${SHOP_BOT_KEY}",
  body: DEFAULT_BODY_TEMPLATE,
  decisionMap: "",
  timeout: String(DEFAULT_TIMEOUT_MS / 1000),
  paths: { ...DEFAULT_PATHS },
};

/** "their word = our decision" one per line (also "：" or ":"), e.g. `human = transfer`. */
function parseDecisionMap(text: string): Record<string, SuiteDecision> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(.+?)\s*(?:=|:|：|→)\s*(.+)$/.exec(line);
    if (!m) throw new KbError("SUITE_TARGET_MAP_LINE", { line: i + 1, text: line.length > 40 ? `${line.slice(0, 40)}…` : line });
    out[m[1].trim()] = m[2].trim();
  });
  return out as Record<string, SuiteDecision>;
}

/** The editor's fields → a config; saving (storedConfig) and trying (httpDecider) validate it, each once. */
export function targetConfigFromForm(form: TargetForm): HttpTargetConfig {
  const seconds = form.timeout.trim() ? Number(form.timeout) : undefined;
  if (seconds !== undefined && !Number.isFinite(seconds)) throw new KbError("SUITE_TARGET_INVALID", { detail: `"${form.timeout}" is not a number of seconds` });
  return {
    url: form.url.trim(),
    headers: parseHeaderLines(form.headers, { requireEnvRefs: true }),
    bodyTemplate: form.body.trim() || DEFAULT_BODY_TEMPLATE,
    // An empty path is not read (a bot without confidences); the decision's is required.
    paths: Object.fromEntries(TARGET_PATH_FIELDS.map((k) => [k, (form.paths[k] ?? "").trim()])),
    decisionMap: parseDecisionMap(form.decisionMap),
    ...(seconds === undefined ? {} : { timeoutMs: Math.round(seconds * 1000) }),
  };
}

/** A stored config back in the editor's fields. */
export function formOfTarget(name: string, c: HttpTargetConfig): TargetForm {
  return {
    name,
    url: c.url,
    headers: Object.entries(c.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
    body: c.bodyTemplate ?? DEFAULT_BODY_TEMPLATE,
    decisionMap: Object.entries(c.decisionMap ?? {})
      .map(([k, v]) => `${k} = ${v}`)
      .join("\n"),
    timeout: String((c.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000),
    paths: Object.fromEntries(TARGET_PATH_FIELDS.map((k) => [k, c.paths?.[k] ?? DEFAULT_PATHS[k]])) as TargetForm["paths"],
  };
}

/** The environment variables a config's headers name, and whether this server has each. */
export function envStatus(c: HttpTargetConfig) {
  const names = [...new Set(Object.values(c.headers ?? {}).flatMap(envRefs))];
  return names.map((name) => ({ name, set: process.env[name] !== undefined && process.env[name] !== "" }));
}

/** The 外部机器人 page and the 运行 card's picker. */
export async function suiteTargetsOf(workspaceId: number) {
  const rows = await listTargets(getDb(), workspaceId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    label: httpTargetLabel(r.config.url),
    env: envStatus(r.config),
    form: formOfTarget(r.name, r.config),
    updatedAt: r.updatedAt,
  }));
}

export async function saveSuiteTarget(opts: { workspaceId: number; userId: number; id: number | null; form: TargetForm }) {
  return saveTarget(getDb(), { workspaceId: opts.workspaceId, userId: opts.userId, id: opts.id, name: opts.form.name, config: targetConfigFromForm(opts.form) });
}

export async function deleteSuiteTarget(opts: { workspaceId: number; userId: number; id: number }) {
  const found = await deleteTarget(getDb(), opts);
  if (!found) throw new KbError("NOT_FOUND", { what: "target" });
}

/** A stored target's config, for a run; NOT_FOUND when it is not this workspace's. */
export async function storedTargetConfig(workspaceId: number, id: number) {
  const row = Number.isInteger(id) && id > 0 ? await getTarget(getDb(), workspaceId, id) : null;
  if (!row) throw new KbError("NOT_FOUND", { what: "target" });
  return row.config;
}

/**
 * 试一下: one customer message to the bot the editor describes (saved or not), and what the
 * studio reads out of its reply, so QA sees a wrong path before a whole run fails on it.
 */
export async function tryTarget(form: TargetForm, text: string) {
  const decide = httpDecider(targetConfigFromForm(form));
  const r = await decide(text, []);
  return { actual: r.actual, latencyMs: r.latencyMs };
}

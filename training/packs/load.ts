/**
 * Industry packs (行业包, issue 5): ready-made standard questions with phrasing variants and
 * answer templates that a new workspace can subscribe to. The file format is described in
 * training/packs/README.md; this module loads and validates it and checks the cross-question
 * rules that a schema cannot express (unique keys, no normalized collisions across packs ...).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { z } from "zod";

import { KbError } from "../errors";
import { normalizeKey } from "../normalize";

export const PACK_CATEGORIES = ["聊天互动", "商品问题", "活动优惠", "购买操作", "物流问题", "售后问题", "更多问题"] as const;
export type PackCategory = (typeof PACK_CATEGORIES)[number];

export const PACK_INDUSTRIES = ["通用", "服装鞋包", "数码3C", "美妆个护", "食品生鲜", "家电家居", "母婴"] as const;
export type PackIndustry = (typeof PACK_INDUSTRIES)[number];

/** Shop-profile fields an answer template may refer to as `{name}` (filled by the onboarding wizard). */
export const PACK_PLACEHOLDERS = ["店铺名称", "发货时间", "快递公司", "发货地", "主营类目", "退货天数", "退货地址", "客服工作时间"] as const;
export type PackPlaceholder = (typeof PACK_PLACEHOLDERS)[number];

export const MIN_VARIANTS = 10;
export const MAX_RELATED = 5;

const SEMVER_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
// A placeholder is a short brace-delimited name without spaces; JSON-looking text never appears
// in customer-service answers, so anything in braces is treated as a placeholder.
const PLACEHOLDER_RE = /\{([^{}\s]{1,30})\}/g;

/**
 * The file format. It checks shapes and per-field rules; rules that relate several questions or
 * packs live in findPackProblems so that they can all be reported at once.
 */
export const PackQuestionSchema = z.object({
  key: z.string().regex(/^[a-z0-9._-]+$/, "key must match [a-z0-9._-]+"),
  category: z.enum(PACK_CATEGORIES),
  question: z.string().trim().min(1),
  variants: z.array(z.string().trim().min(1)).min(MIN_VARIANTS),
  answerTemplate: z.string().trim().min(1),
  related: z.array(z.string()).max(MAX_RELATED).default([]),
});

export const PackSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "id must match [a-z0-9-]+"),
  name: z.string().trim().min(1),
  industry: z.enum(PACK_INDUSTRIES),
  version: z.string().regex(SEMVER_RE, "version must be semver (x.y.z)"),
  default: z.boolean().default(false),
  description: z.string().default(""),
  changelog: z.array(z.object({ version: z.string().regex(SEMVER_RE, "version must be semver (x.y.z)"), notes: z.string().min(1) })).min(1),
  questions: z.array(PackQuestionSchema).min(1),
  /** Synonym groups (行业同义词) added to a workspace's synonyms when it subscribes. */
  synonyms: z.array(z.array(z.string().trim().min(1)).min(2)).default([]),
});

export type Pack = z.infer<typeof PackSchema>;
export type PackQuestion = z.infer<typeof PackQuestionSchema>;

function formatJsonPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || "(root)";
}

function hasPackFolders(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((name) => existsSync(path.join(dir, name, "pack.json")));
}

/**
 * The packs folder beside this module; when the code runs from a bundle (the Remix server build
 * puts every module in build/), fall back to training/packs under the working directory.
 */
export function defaultPacksDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (hasPackFolders(here)) return here;
  return path.resolve(process.cwd(), "training", "packs");
}

/** Validates one parsed pack file; throws a KbError naming the file and every bad JSON path. */
export function parsePack(data: unknown, fileLabel = "pack.json"): Pack {
  const result = PackSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${fileLabel}: ${formatJsonPath(issue.path)}: ${issue.message}`);
  throw new KbError("PACK_INVALID", lines.join("\n"));
}

/**
 * Reads every `<id>/pack.json` under `dir`, validated with the schema. All broken files are
 * reported together in one KbError so a pack author sees every problem in one run.
 */
export function loadPacks(dir: string = defaultPacksDir()): Pack[] {
  if (!existsSync(dir)) throw new KbError("PACK_INVALID", `packs folder not found: ${dir}`);
  const packs: Pack[] = [];
  const errors: string[] = [];
  const folders = readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort();
  for (const folder of folders) {
    const file = path.join(dir, folder, "pack.json");
    if (!existsSync(file)) continue;
    const label = `${folder}/pack.json`;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      errors.push(`${label}: (root): invalid JSON: ${(err as Error).message}`);
      continue;
    }
    try {
      const pack = parsePack(data, label);
      if (pack.id !== folder) {
        errors.push(`${label}: id: "${pack.id}" does not match its folder name "${folder}"`);
        continue;
      }
      packs.push(pack);
    } catch (err) {
      if (err instanceof KbError) errors.push(err.message);
      else throw err;
    }
  }
  if (errors.length) throw new KbError("PACK_INVALID", `invalid pack file(s):\n${errors.join("\n")}`);
  // The default (generic) pack first, then by id, so listings are stable.
  return packs.sort((a, b) => Number(b.default) - Number(a.default) || a.id.localeCompare(b.id));
}

export function getPack(id: string, dir: string = defaultPacksDir()): Pack | undefined {
  return loadPacks(dir).find((pack) => pack.id === id);
}

/** Placeholder names used in a template, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER_RE)) {
    if (!names.includes(match[1])) names.push(match[1]);
  }
  return names;
}

/**
 * Fills `{name}` placeholders from the shop profile. Placeholders without a (non-blank) value are
 * left in the text as they are, so the trainer sees what still needs filling, and are listed in
 * `missing`.
 */
export function fillTemplate(template: string, profile: Record<string, string>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER_RE, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(profile, name) ? profile[name] : undefined;
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text, missing };
}

interface TextOwner {
  packId: string;
  key: string;
  text: string;
}

/**
 * Every violation of the pack rules (README.md), as readable lines; an empty list means the packs
 * are fine. Per-field rules are checked again here because packs may also be built in code.
 */
export function findPackProblems(packs: readonly Pack[]): string[] {
  const problems: string[] = [];
  const allowedPlaceholders = new Set<string>(PACK_PLACEHOLDERS);
  const categories = new Set<string>(PACK_CATEGORIES);
  // normalized text → the questions that use it; a key shared by two questions is a collision
  // because a matcher could not tell which answer the customer meant.
  const owners = new Map<string, TextOwner[]>();
  const packIds = new Set<string>();
  const defaults: string[] = [];

  // A synonym term in two groups (of one pack or of two) would make the rewrite depend on
  // which packs a shop has: every term belongs to one group across all packs.
  const synonymOwner = new Map<string, string>();
  for (const pack of packs) {
    (pack.synonyms ?? []).forEach((group, i) => {
      if (new Set(group).size !== group.length) problems.push(`pack "${pack.id}" synonyms[${i}]: a term repeats`);
      for (const term of new Set(group)) {
        const here = `${pack.id} synonyms[${i}]`;
        const other = synonymOwner.get(term);
        if (other) problems.push(`pack "${pack.id}" synonyms[${i}]: "${term}" is already in ${other}`);
        else synonymOwner.set(term, here);
      }
    });
  }

  for (const pack of packs) {
    const p = `pack "${pack.id}"`;
    if (packIds.has(pack.id)) problems.push(`${p}: pack id is used by more than one pack`);
    packIds.add(pack.id);
    if (pack.default) defaults.push(pack.id);
    if (!SEMVER_RE.test(pack.version)) problems.push(`${p}: version "${pack.version}" is not semver`);
    if (!pack.changelog.some((entry) => entry.version === pack.version)) {
      problems.push(`${p}: changelog has no entry for version ${pack.version}`);
    }

    const keys = new Set<string>();
    for (const q of pack.questions) {
      if (keys.has(q.key)) problems.push(`${p}: key "${q.key}" is not unique`);
      keys.add(q.key);
    }

    for (const q of pack.questions) {
      const at = `${p} question "${q.key}"`;
      if (!categories.has(q.category)) problems.push(`${at}: unknown category "${q.category}"`);
      if (q.variants.length < MIN_VARIANTS) {
        problems.push(`${at}: ${q.variants.length} variants, at least ${MIN_VARIANTS} needed`);
      }
      for (const name of templatePlaceholders(q.answerTemplate)) {
        if (!allowedPlaceholders.has(name)) problems.push(`${at}: unknown placeholder {${name}} in answerTemplate`);
      }
      for (const text of [q.question, ...q.variants]) {
        if (templatePlaceholders(text).length) problems.push(`${at}: placeholder in question text "${text}"`);
      }
      if (q.related.length > MAX_RELATED) problems.push(`${at}: more than ${MAX_RELATED} related keys`);
      for (const rel of q.related) {
        if (rel === q.key) problems.push(`${at}: related to itself`);
        else if (!keys.has(rel)) problems.push(`${at}: related key "${rel}" does not exist in the pack`);
      }
      if (new Set(q.related).size !== q.related.length) problems.push(`${at}: related keys repeat`);

      // Within one question: every text must be distinct after normalization, otherwise it
      // adds nothing to training.
      const seen = new Map<string, string>();
      for (const text of [q.question, ...q.variants]) {
        const norm = normalizeKey(text);
        if (!norm) {
          problems.push(`${at}: "${text}" is empty after normalization`);
          continue;
        }
        const earlier = seen.get(norm);
        if (earlier !== undefined) {
          problems.push(`${at}: "${text}" duplicates "${earlier}" after normalization`);
          continue;
        }
        seen.set(norm, text);
        const list = owners.get(norm) ?? [];
        list.push({ packId: pack.id, key: q.key, text });
        owners.set(norm, list);
      }
    }
  }

  if (defaults.length > 1) problems.push(`more than one default pack: ${defaults.join(", ")}`);

  for (const [norm, list] of owners) {
    if (list.length < 2) continue;
    const where = list.map((o) => `${o.packId}/${o.key} "${o.text}"`).join(" vs ");
    problems.push(`collision after normalization ("${norm}"): ${where}`);
  }
  return problems;
}

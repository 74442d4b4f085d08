/** Pack files (training/packs): summaries, lookup, version order, templates and the CLI export. */
import { KbError } from "../../../training/errors";
import { fillTemplate, loadPacks, type Pack } from "../../../training/packs/load";
import type { PackDirOption } from "./shared";

export interface PackSummary {
  id: string;
  name: string;
  industry: string;
  version: string;
  default: boolean;
  description: string;
  questions: number;
  variants: number;
  /** Synonym groups the pack brings. */
  synonyms: number;
  changelog: { version: string; notes: string }[];
}

export function summarizePack(p: Pack): PackSummary {
  return {
    id: p.id,
    name: p.name,
    industry: p.industry,
    version: p.version,
    default: p.default,
    description: p.description,
    questions: p.questions.length,
    variants: p.questions.reduce((n, q) => n + q.variants.length, 0),
    synonyms: p.synonyms.length,
    changelog: p.changelog,
  };
}

export function listPackSummaries(opts: PackDirOption = {}): PackSummary[] {
  return loadPacks(opts.dir).map(summarizePack);
}

export function requirePack(packId: string, dir?: string): Pack {
  const pack = loadPacks(dir).find((p) => p.id === packId);
  if (!pack) throw new KbError("PACK_NOT_FOUND", { packId });
  return pack;
}

/** -1, 0, 1 comparing x.y.z versions (pre-release suffixes are ignored: packs do not use them). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[-+]/)[0].split(".").map(Number);
  const pb = b.split(/[-+]/)[0].split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The answer a template gives with this profile, or "" while a placeholder is still unknown. */
export function templateAnswer(template: string, profile: Record<string, string>): string {
  const r = fillTemplate(template, profile);
  return r.missing.length ? "" : r.text;
}

export function packExportLines(pack: Pack): string[] {
  return pack.questions.map((q) =>
    JSON.stringify({ key: q.key, category: q.category, question: q.question, variants: q.variants, answerTemplate: q.answerTemplate }),
  );
}

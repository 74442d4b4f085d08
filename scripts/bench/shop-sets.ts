/**
 * `npx tsx scripts/bench/shop-sets.ts [--out DIR]` (default DIR /tmp/kb-datasets)
 *
 * Two shop-like dev sets for `npm run kb -- eval`, written as DIR/<shop>/kb.jsonl,
 * DIR/<shop>/queries.jsonl and DIR/<shop>/synonyms.json:
 *
 * - shop-mumian: the demo apparel shop's own FAQs (db/seed/demo-faqs.json, id = the question
 *   text) plus the generic pack (id = the question key);
 * - shop-appliance: the home-appliance pack plus the generic pack (ids = keys).
 *
 * The first source of a shop wins: a phrasing of the second source that normalizes equal to any
 * phrasing of the first is dropped, and a question of the second source whose standard question
 * is such a phrasing is dropped entirely (queries labelled with its key are mapped to the FAQ
 * that owns the phrasing). Normalization: NFKC, lower case, no whitespace, no punctuation.
 *
 * The queries are checked into scripts/bench/fixtures/<shop>.queries.jsonl, one
 * `{"text": ..., "faq": <merchant question text | pack key> | null}` a line; null means the bot
 * must not answer (out of scope, chit-chat without an FAQ). They are copied only when every
 * label is an FAQ of that shop and no query text equals a KB phrasing (queries are held out).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { normalizeText } from "../../training/normalize";
import { ownerRank, shadowsByRank } from "../../training/packs/coverage";
import { fillTemplate, loadPacks, type Pack } from "../../training/packs/load";

interface Faq {
  id: string;
  question: string;
  variants: string[];
  answer: string;
}

interface Source {
  name: string;
  /** Owner rank, as the studio ranks them (ownerRank): merchant 0, industry pack 1, generic pack 2. */
  rank: number;
  faqs: Faq[];
}

interface ShopKb {
  faqs: Faq[];
  /** Dropped question id → the FAQ that owns its standard question. */
  aliases: Map<string, string>;
  droppedPhrasings: number;
}

interface QueryLine {
  text: string;
  faq: string | null;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = path.join(ROOT, "scripts/bench/fixtures");

/** The comparison key: normalizeText (NFKC, half-width, lower case), then no whitespace or punctuation. */
function phraseKey(text: string): string {
  return normalizeText(text).replace(/[\s\p{P}\p{S}]/gu, "");
}

function readJson<T>(rel: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, rel), "utf8")) as T;
}

function merchantSource(): Source {
  const rows = readJson<{ question: string; variants?: string[]; answer: string }[]>("db/seed/demo-faqs.json");
  return {
    name: "demo-faqs",
    rank: ownerRank(null, new Set()),
    faqs: rows.map((r) => ({ id: r.question, question: r.question, variants: r.variants ?? [], answer: r.answer })),
  };
}

function packSource(pack: Pack, profile: Record<string, string>): Source {
  return {
    name: `pack ${pack.id}`,
    rank: ownerRank(pack.id, new Set(pack.industry === "通用" ? [pack.id] : [])),
    faqs: pack.questions.map((q) => ({ id: q.key, question: q.question, variants: q.variants, answer: fillTemplate(q.answerTemplate, profile).text })),
  };
}

/**
 * Merges the sources in order of precedence. Every phrasing (standard question or variant) is
 * kept once, by the first FAQ that has it; a later FAQ whose standard question is already taken
 * is dropped and aliased to the FAQ that has it.
 */
function mergeSources(sources: Source[]): ShopKb {
  const owner = new Map<string, string>();
  const faqs: Faq[] = [];
  const ids = new Set<string>();
  const aliases = new Map<string, string>();
  let droppedPhrasings = 0;
  for (const source of sources) {
    // Collisions are checked against the earlier sources only, so that a source's own FAQs
    // are never thinned out by each other (the packs' tests keep them apart).
    const earlier = new Map(owner);
    for (const f of source.faqs) {
      if (ids.has(f.id)) throw new Error(`${source.name}: FAQ id "${f.id}" is already used by an earlier FAQ`);
      const qOwner = earlier.get(phraseKey(f.question));
      if (qOwner !== undefined) {
        aliases.set(f.id, qOwner);
        droppedPhrasings += 1 + f.variants.length;
        continue;
      }
      const seen = new Set<string>([phraseKey(f.question)]);
      const variants: string[] = [];
      for (const v of f.variants) {
        const k = phraseKey(v);
        if (earlier.has(k) || seen.has(k)) {
          droppedPhrasings++;
          continue;
        }
        seen.add(k);
        variants.push(v);
      }
      for (const k of seen) if (!owner.has(k)) owner.set(k, f.id);
      ids.add(f.id);
      faqs.push({ ...f, variants });
    }
  }
  return { faqs, aliases, droppedPhrasings };
}

/**
 * What the studio does next (db/queries/packs/shadows.ts): a question of a later source that an
 * earlier source's FAQ already answers is shadowed — the bot does not match it; queries labelled
 * with it count for its owner. `--no-shadow` keeps every question (the studio before issue 10).
 */
async function shadowLater(kb: ShopKb, sources: Source[], synonyms: string[][]): Promise<ShopKb> {
  const rankOf = new Map<string, number>();
  for (const src of sources) for (const f of src.faqs) rankOf.set(f.id, src.rank);
  const shadowed = await shadowsByRank(
    kb.faqs.map((f) => ({ faq: f, rank: rankOf.get(f.id)!, canOwn: true })),
    { synonyms },
  );
  if (process.env.KB_COV_LIST) for (const [id, o] of shadowed) process.stderr.write(`  shadow ${id} → ${o}\n`);
  const aliases = new Map(kb.aliases);
  for (const [id, owner] of shadowed) aliases.set(id, owner);
  return {
    faqs: kb.faqs.filter((f) => !shadowed.has(f.id)),
    aliases,
    droppedPhrasings: kb.droppedPhrasings + kb.faqs.filter((f) => shadowed.has(f.id)).reduce((n, f) => n + 1 + f.variants.length, 0),
  };
}

/**
 * The shop's synonym groups followed by the packs' ones, the way subscribing adds them: a pack
 * group that shares a term with a group already there is left out (the earlier group wins).
 */
function mergeSynonyms(groupLists: string[][][]): string[][] {
  const out: string[][] = [];
  const terms = new Set<string>();
  for (const groups of groupLists) {
    for (const g of groups) {
      if (g.some((t) => terms.has(normalizeText(t)))) continue;
      out.push(g);
      for (const t of g) terms.add(normalizeText(t));
    }
  }
  return out;
}

function readQueries(file: string, kb: ShopKb): { queries: QueryLine[]; aliased: number } {
  const ids = new Set(kb.faqs.map((f) => f.id));
  const phrasing = new Map<string, string>();
  for (const f of kb.faqs) for (const t of [f.question, ...f.variants]) phrasing.set(phraseKey(t), `${f.id}: ${t}`);
  const rel = path.relative(ROOT, file);
  const errors: string[] = [];
  const queries: QueryLine[] = [];
  const seen = new Map<string, number>();
  let aliased = 0;
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      const at = `${rel}:${i + 1}`;
      let q: QueryLine;
      try {
        q = JSON.parse(line) as QueryLine;
      } catch {
        errors.push(`${at}: not valid JSON`);
        return;
      }
      if (typeof q.text !== "string" || !q.text.trim() || !(q.faq === null || typeof q.faq === "string")) {
        errors.push(`${at}: needs a non-empty string "text" and "faq" (a string or null)`);
        return;
      }
      let faq = q.faq;
      if (faq !== null && !ids.has(faq) && kb.aliases.has(faq)) {
        faq = kb.aliases.get(faq)!;
        aliased++;
      }
      if (faq !== null && !ids.has(faq)) errors.push(`${at}: label "${q.faq}" is not an FAQ of this shop (${JSON.stringify(q.text)})`);
      const key = phraseKey(q.text);
      const taken = phrasing.get(key);
      if (taken !== undefined) errors.push(`${at}: query ${JSON.stringify(q.text)} equals the KB phrasing "${taken}" (queries must be held out)`);
      const dup = seen.get(key);
      if (dup !== undefined) errors.push(`${at}: query ${JSON.stringify(q.text)} repeats line ${dup}`);
      else seen.set(key, i + 1);
      queries.push({ text: q.text, faq });
    });
  if (errors.length) throw new Error(`${rel}: ${errors.length} problem(s):\n${errors.join("\n")}`);
  return { queries, aliased };
}

const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;

interface ShopSet {
  shop: string;
  kb: ShopKb;
  synonyms: string[][];
  queries: QueryLine[];
  aliased: number;
}

function shopSet(shop: string, kb: ShopKb, synonyms: string[][]): ShopSet {
  return { shop, kb, synonyms, ...readQueries(path.join(FIXTURES, `${shop}.queries.jsonl`), kb) };
}

function writeShop(outDir: string, { shop, kb, synonyms, queries, aliased }: ShopSet) {
  const dir = path.join(outDir, shop);
  fs.mkdirSync(dir, { recursive: true });
  const lines = kb.faqs.flatMap((f) => [{ faq: f.id, text: f.question, answer: f.answer }, ...f.variants.map((text) => ({ faq: f.id, text }))]);
  fs.writeFileSync(path.join(dir, "kb.jsonl"), jsonl(lines));
  fs.writeFileSync(path.join(dir, "queries.jsonl"), jsonl(queries));
  // One group a line.
  fs.writeFileSync(path.join(dir, "synonyms.json"), `[\n${synonyms.map((g) => `  ${JSON.stringify(g)}`).join(",\n")}\n]\n`);
  const inScope = queries.filter((q) => q.faq !== null).length;
  const dropped = kb.aliases.size ? ` (dropped: ${Array.from(kb.aliases, ([from, to]) => `${from}→${to}`).join(", ")})` : "";
  process.stderr.write(
    `${shop}: ${kb.faqs.length} FAQs, ${lines.length} phrasings, ${kb.aliases.size} duplicate questions and ${kb.droppedPhrasings} phrasings dropped${dropped}; ` +
      `${queries.length} queries (${inScope} in scope, ${queries.length - inScope} null, ${aliased} labels mapped); ${synonyms.length} synonym groups → ${dir}\n`,
  );
}

const MUMIAN_PROFILE: Record<string, string> = {
  店铺名称: "木棉小铺",
  发货时间: "48小时",
  快递公司: "中通/韵达",
  发货地: "浙江杭州",
  主营类目: "女装",
  退货天数: "7",
  退货地址: "浙江省杭州市余杭区某某路1号 木棉小铺售后组，电话0571-00000000",
  客服工作时间: "每天9:00-23:00",
};

const APPLIANCE_PROFILE: Record<string, string> = {
  店铺名称: "安居家电旗舰店",
  发货时间: "24小时",
  快递公司: "京东物流（大件日日顺）",
  发货地: "广东佛山",
  主营类目: "家电家居",
  退货天数: "7",
  退货地址: "广东省佛山市顺德区某某工业园2号 安居家电售后中心，电话0757-00000000",
  客服工作时间: "每天8:30-22:00",
};

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string", default: "/tmp/kb-datasets" }, "no-shadow": { type: "boolean", default: false } } });
  const outDir = path.resolve(values.out!);
  const packs = loadPacks();
  const pack = (id: string) => {
    const p = packs.find((x) => x.id === id);
    if (!p) throw new Error(`pack "${id}" not found under training/packs`);
    return p;
  };
  const generic = pack("generic");
  const appliance = pack("home-appliance");

  const shop = async (name: string, sources: Source[], synonyms: string[][]) => {
    const merged = mergeSources(sources);
    return shopSet(name, values["no-shadow"] ? merged : await shadowLater(merged, sources, synonyms), synonyms);
  };
  // Both sets are checked before anything is written.
  const sets = [
    await shop(
      "shop-mumian",
      [merchantSource(), packSource(generic, MUMIAN_PROFILE)],
      mergeSynonyms([readJson<string[][]>("db/seed/demo-synonyms.json"), generic.synonyms]),
    ),
    await shop(
      "shop-appliance",
      [packSource(appliance, APPLIANCE_PROFILE), packSource(generic, APPLIANCE_PROFILE)],
      mergeSynonyms([appliance.synonyms, generic.synonyms]),
    ),
  ];
  for (const set of sets) writeShop(outDir, set);
}

main().catch((err: unknown) => {
  process.stderr.write(`shop-sets: ${(err as Error).message}\n`);
  process.exit(1);
});

/**
 * `npx tsx scripts/bench/packs-eval.ts [--out DIR] [--seed N] [--encoders trained] [--no-synonyms]`
 *
 * How well each industry pack (行业包) works as a knowledge base (issue 5). For every pack it
 * writes KB.jsonl (each question's standard question and all but a tenth of its variants, the
 * held-back tenth chosen with a seeded shuffle) and Q.jsonl (the held-back tenth, labelled with
 * the question key), then runs `npm run kb -- eval --kb KB.jsonl --queries Q.jsonl --json`.
 *
 * IME typos: the held-back variants again with one character replaced by a same-sounding one
 * (抱修 for 保修), the commonest kind of noise in real customer messages.
 *
 * Out-of-scope checks: no industry pack has chit-chat (聊天互动) questions, those live in the
 * generic pack, so each industry pack is also run against the generic pack's 聊天互动 texts as
 * out-of-scope queries (an industry-only bot should not answer "你好" with a product answer); and
 * the generic pack is run against the industry packs' standard questions as out-of-scope.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { pinyin } from "pinyin-pro";

import { rng } from "../../training/encoder";
import { loadPacks, type Pack } from "../../training/packs/load";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: path.join(os.tmpdir(), "kb-packs-eval") },
    seed: { type: "string", default: "20260501" },
    encoders: { type: "string", default: "auto" },
    // Without: the KB has no synonyms (to measure what the packs' synonym groups bring).
    "no-synonyms": { type: "boolean", default: false },
  },
});
const outDir = path.resolve(values.out!);
const seed = Number(values.seed);

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

interface KbLine {
  faq: string;
  text: string;
  answer?: string;
}
interface QLine {
  text: string;
  faq: string | null;
}

function split(pack: Pack, rand: () => number) {
  const kb: KbLine[] = [];
  const q: QLine[] = [];
  for (const question of pack.questions) {
    const vs = shuffle(question.variants, rand);
    const held = Math.max(1, Math.round(vs.length / 10));
    kb.push({ faq: question.key, text: question.question, answer: question.answerTemplate });
    for (const v of vs.slice(held)) kb.push({ faq: question.key, text: v });
    for (const v of vs.slice(0, held)) q.push({ text: v, faq: question.key });
  }
  return { kb, q };
}

const isCjk = (c: string) => /[\u4e00-\u9fff]/.test(c);

/**
 * The same held-back questions as typed through a pinyin input method in a hurry: one Chinese
 * character per question replaced by a same-sounding character the packs use (抱修 for 保修).
 */
function imeTypos(queries: QLine[], soundPool: Map<string, string[]>, rand: () => number): QLine[] {
  return queries.map((q) => {
    const chars = Array.from(q.text);
    const sy = pinyin(q.text, { toneType: "none", type: "array", nonZh: "removed" });
    // Syllables of the Chinese characters only (nonZh removed): map them to their positions.
    const cjkAt = chars.map((c, i) => (isCjk(c) ? i : -1)).filter((i) => i >= 0);
    if (sy.length !== cjkAt.length) return q;
    const options = cjkAt.map((pos, k) => ({ pos, alts: (soundPool.get(sy[k]) ?? []).filter((c) => c !== chars[pos]) })).filter((o) => o.alts.length);
    if (!options.length) return q;
    const o = options[Math.floor(rand() * options.length)];
    chars[o.pos] = o.alts[Math.floor(rand() * o.alts.length)];
    return { text: chars.join(""), faq: q.faq };
  });
}

const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;

function runEval(kbFile: string, qFile: string, synFile: string | null): Record<string, number | string> {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
  const args = ["--import", "tsx", path.join(root, "scripts/kb.ts"), "eval", "--kb", kbFile, "--queries", qFile, "--encoders", values.encoders!, "--json"];
  if (synFile) args.push("--synonyms", synFile);
  const out = execFileSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = out.trim().split("\n").pop()!;
  return JSON.parse(last) as Record<string, number | string>;
}

const packs = loadPacks();
const generic = packs.find((p) => p.default)!;
const chitchat: QLine[] = generic.questions
  .filter((q) => q.category === "聊天互动")
  .flatMap((q) => [q.question, ...q.variants].map((text) => ({ text, faq: null })));
fs.mkdirSync(outDir, { recursive: true });

interface Row {
  run: string;
  kbFaqs: number;
  kbTexts: number;
  result: Record<string, number | string>;
}
const rows: Row[] = [];

// Characters of all packs by toneless pinyin, for the IME-typo queries.
const soundPool = new Map<string, string[]>();
for (const p of packs) {
  for (const q of p.questions) {
    for (const text of [q.question, ...q.variants]) {
      const chars = Array.from(text).filter(isCjk);
      const sy = pinyin(chars.join(""), { toneType: "none", type: "array" });
      if (sy.length !== chars.length) continue;
      chars.forEach((c, i) => {
        const list = soundPool.get(sy[i]) ?? [];
        if (!list.includes(c)) list.push(c);
        soundPool.set(sy[i], list);
      });
    }
  }
}

for (const pack of packs) {
  const rand = rng(seed);
  const { kb, q } = split(pack, rand);
  const dir = path.join(outDir, pack.id);
  fs.mkdirSync(dir, { recursive: true });
  const kbFile = path.join(dir, "KB.jsonl");
  const qFile = path.join(dir, "Q.jsonl");
  fs.writeFileSync(kbFile, jsonl(kb));
  fs.writeFileSync(qFile, jsonl(q));
  // The synonyms a shop with this pack has: the generic pack's (subscribed by default) and its own.
  let synFile: string | null = null;
  if (!values["no-synonyms"]) {
    synFile = path.join(dir, "synonyms.json");
    fs.writeFileSync(synFile, JSON.stringify(pack.default ? pack.synonyms : [...generic.synonyms, ...pack.synonyms]));
  }
  process.stderr.write(`${pack.id}: ${kb.length} KB texts, ${q.length} held-back queries…\n`);
  rows.push({ run: `${pack.id} held-out`, kbFaqs: pack.questions.length, kbTexts: kb.length, result: runEval(kbFile, qFile, synFile) });
  const typoFile = path.join(dir, "Q-typo.jsonl");
  fs.writeFileSync(typoFile, jsonl(imeTypos(q, soundPool, rng(seed + 1))));
  rows.push({ run: `${pack.id} held-out, IME typos`, kbFaqs: pack.questions.length, kbTexts: kb.length, result: runEval(kbFile, typoFile, synFile) });

  // Out-of-scope queries for the same KB.
  const oos: QLine[] = pack.default ? packs.filter((p) => !p.default).flatMap((p) => p.questions.map((x) => ({ text: x.question, faq: null }))) : chitchat;
  const oosFile = path.join(dir, "Q-oos.jsonl");
  fs.writeFileSync(oosFile, jsonl(oos));
  rows.push({
    run: pack.default ? `${pack.id} vs industry questions (OOS)` : `${pack.id} vs generic 聊天互动 (OOS)`,
    kbFaqs: pack.questions.length,
    kbTexts: kb.length,
    result: runEval(kbFile, oosFile, synFile),
  });
}

const header =
  "| run | FAQs | KB texts | queries | top1 % | top3 % | hit % | answer precision % | clarify % | no-answer % | OOS rejected % | p50 ms | train ms |";
const lines = [header, header.replace(/[^|]+/g, "---")];
for (const r of rows) {
  const x = r.result;
  lines.push(
    `| ${r.run} | ${r.kbFaqs} | ${r.kbTexts} | ${x.queries} | ${x.inScope ? x.top1 : "–"} | ${x.inScope ? x.top3 : "–"} | ${x.inScope ? x.hitRate : "–"} | ${x.answerPrecision} | ${x.clarifyRate} | ${x.noAnswerRate} | ${x.outOfScope ? x.oosRejectRate : "–"} | ${x.p50Ms} | ${x.trainMs} |`,
  );
}
console.log(lines.join("\n"));
fs.writeFileSync(path.join(outDir, "results.md"), `${lines.join("\n")}\n`);
console.log(
  JSON.stringify({ seed, encoders: values.encoders, synonyms: !values["no-synonyms"], outDir, rows: rows.map((r) => ({ run: r.run, ...r.result })) }),
);

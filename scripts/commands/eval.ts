/**
 * `npm run kb -- eval --kb KB.jsonl --queries Q.jsonl [--encoders auto|lexical|trained|transformer] [--json]`
 *
 * Builds a throwaway engine from KB.jsonl (training + automatic calibration), sends every query
 * through the same decide() as the bot API, each as its own fresh session, and prints the
 * metrics as one JSON object on the last line. Labels in Q.jsonl are used for scoring only.
 */
import fs from "node:fs";

import { buildEngine, type Embedder, type EncoderMode, type KbFaq, type KbInput } from "../../training/engine";
import { KbError } from "../../training/errors";
import { decide, decideAsync, type DecisionResult } from "../../training/policy";
import { type Command, printJson, progressReporter, requireString, UsageError } from "../cli";

interface KbLine {
  faq: string;
  text: string;
  answer?: string;
}
interface QueryLine {
  text: string;
  faq: string | null;
}

function readJsonl<T>(file: string): T[] {
  if (!fs.existsSync(file)) throw new KbError("FILE_NOT_FOUND", `no such file: ${file}`);
  const out: T[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        throw new KbError("FILE_MALFORMED", `${file}:${i + 1}: not valid JSON`);
      }
    });
  return out;
}

export function kbFromLines(lines: KbLine[]): KbInput {
  const byId = new Map<string, KbFaq>();
  for (const l of lines) {
    if (typeof l.faq !== "string" || typeof l.text !== "string") throw new KbError("FILE_MALFORMED", "each KB line needs string fields faq and text");
    const f = byId.get(l.faq);
    // The first line of an FAQ is its standard question.
    if (!f) byId.set(l.faq, { id: l.faq, question: l.text, variants: [], answer: l.answer });
    else {
      f.variants!.push(l.text);
      if (!f.answer && l.answer) f.answer = l.answer;
    }
  }
  return { faqs: Array.from(byId.values()) };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 0);

export interface EvalResult {
  queries: number;
  inScope: number;
  outOfScope: number;
  top1: number;
  top3: number;
  hitRate: number;
  answerPrecision: number;
  clarifyRate: number;
  noAnswerRate: number;
  transferRate: number;
  oosRejectRate: number;
  /** In-scope queries answered right, or clarified with the right FAQ among the options / in-scope queries. */
  resolvedRate: number;
  /** In-scope queries that got the fallback reply (no_answer) / in-scope queries. */
  inScopeNoAnswerRate: number;
  /** Wrong answers (an in-scope query answered with another FAQ, or an out-of-scope one answered) / all queries. */
  wrongAnswerRate: number;
  /** Out-of-scope queries not answered (clarify, no_answer or transfer) / out-of-scope queries. */
  oosNotAnsweredRate: number;
  /** Reliability of the answers: among answers given with confidence in [bin, bin + 0.1), the share that was right. */
  calibration: { bin: number; n: number; accuracy: number }[];
  p50Ms: number;
  p99Ms: number;
  trainMs: number;
  encoders: string;
  answerThreshold: number;
  /** What the thresholds were chosen from, and how many labels they saw. */
  thresholdsFrom: string;
  labels: { inScope: number; outOfScope: number };
  clarifyThreshold: number;
}

export async function runEval(opts: {
  kb: KbInput;
  queries: QueryLine[];
  encoders: EncoderMode;
  embedder?: Embedder;
  onProgress?: (label: string, done: number, total: number) => void;
}): Promise<EvalResult> {
  const t0 = performance.now();
  const engine = await buildEngine(opts.kb, {
    encoders: opts.encoders,
    embedder: opts.embedder,
    onProgress: (phase, done, total) => opts.onProgress?.(phase, done, total),
  });
  const trainMs = Math.round(performance.now() - t0);
  let inScope = 0;
  let top1 = 0;
  let top3 = 0;
  let hits = 0;
  let answers = 0;
  let rightAnswers = 0;
  let clarify = 0;
  let noAnswer = 0;
  let transfer = 0;
  let oos = 0;
  let oosRejected = 0;
  let oosAnswered = 0;
  let resolved = 0;
  let inScopeNoAnswer = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0 }));
  const times: number[] = [];
  for (let i = 0; i < opts.queries.length; i++) {
    const q = opts.queries[i];
    const s = performance.now();
    // Each query is its own fresh session.
    const r: DecisionResult = engine.needsQueryVector ? await decideAsync(engine, q.text, { turns: [] }) : decide(engine, q.text, { turns: [] });
    times.push(performance.now() - s);
    const candidates = r.candidates.length
      ? r.candidates
      : engine.needsQueryVector
        ? await engine.matchAsync(q.text, { k: 3 })
        : engine.match(q.text, { k: 3 });
    if (r.decision === "answer") answers++;
    else if (r.decision === "clarify") clarify++;
    else if (r.decision === "no_answer") noAnswer++;
    else transfer++;
    const inScopeQuery = q.faq !== null && q.faq !== undefined;
    if (r.decision === "answer") {
      const bin = bins[Math.min(9, Math.max(0, Math.floor(r.confidence * 10)))];
      bin.n++;
      if (inScopeQuery && r.faqId === q.faq) bin.right++;
    }
    if (inScopeQuery) {
      inScope++;
      if (candidates[0]?.faqId === q.faq) top1++;
      if (candidates.slice(0, 3).some((c) => c.faqId === q.faq)) top3++;
      if (r.decision === "answer" && r.faqId === q.faq) {
        hits++;
        rightAnswers++;
        resolved++;
      }
      if (r.decision === "clarify" && r.suggestions.includes(q.faq!)) resolved++;
      if (r.decision === "no_answer") inScopeNoAnswer++;
    } else {
      oos++;
      if (r.decision === "no_answer" || r.decision === "transfer") oosRejected++;
      if (r.decision === "answer") oosAnswered++;
    }
    opts.onProgress?.("queries", i + 1, opts.queries.length);
  }
  times.sort((a, b) => a - b);
  const n = opts.queries.length;
  return {
    queries: n,
    inScope,
    outOfScope: oos,
    top1: pct(top1, inScope),
    top3: pct(top3, inScope),
    hitRate: pct(hits, inScope),
    answerPrecision: pct(rightAnswers, answers),
    clarifyRate: pct(clarify, n),
    noAnswerRate: pct(noAnswer, n),
    transferRate: pct(transfer, n),
    oosRejectRate: pct(oosRejected, oos),
    resolvedRate: pct(resolved, inScope),
    inScopeNoAnswerRate: pct(inScopeNoAnswer, inScope),
    wrongAnswerRate: pct(answers - rightAnswers, n),
    oosNotAnsweredRate: pct(oos - oosAnswered, oos),
    calibration: bins.map((b, i) => ({ bin: i / 10, n: b.n, accuracy: pct(b.right, b.n) })).filter((b) => b.n > 0),
    p50Ms: Math.round(percentile(times, 50) * 100) / 100,
    p99Ms: Math.round(percentile(times, 99) * 100) / 100,
    trainMs,
    encoders: engine.stats.encoders.join("+"),
    answerThreshold: Math.round(engine.calibration.answerThreshold * 1000) / 1000,
    thresholdsFrom: engine.calibration.thresholdsFrom ?? "held-out",
    labels: engine.calibration.labels ?? { inScope: 0, outOfScope: 0 },
    clarifyThreshold: Math.round(engine.calibration.clarifyThreshold * 1000) / 1000,
  };
}

async function loadEmbedder(name: string, modelsDir: string): Promise<Embedder> {
  // Imported lazily: the transformer runtime is heavy and optional.
  const modPath = "../../training/transformer/embedder";
  const mod = (await import(modPath)) as { loadTransformerEmbedder: (o: { modelsDir: string; name: string }) => Promise<Embedder> };
  return mod.loadTransformerEmbedder({ modelsDir, name });
}

function readSynonyms(file: string): string[][] {
  if (!fs.existsSync(file)) throw new KbError("FILE_NOT_FOUND", `no such file: ${file}`);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new KbError("FILE_MALFORMED", `${file}: not valid JSON`);
  }
  if (!Array.isArray(data) || !data.every((g) => Array.isArray(g) && g.every((t) => typeof t === "string"))) {
    throw new KbError("FILE_MALFORMED", `${file}: expected an array of synonym groups, e.g. [["发货","寄出"]]`);
  }
  return data as string[][];
}

export const evalCommand: Command = {
  name: "eval",
  summary: "Evaluate the matching engine: build a throwaway KB from KB.jsonl, run Q.jsonl through the bot's decisions, print accuracy and latency.",
  usage:
    "eval --kb KB.jsonl --queries Q.jsonl [--synonyms SYN.json] [--labels L.jsonl] [--encoders auto|lexical|trained|transformer] [--model NAME --models-dir DIR] [--json]",
  options: {
    kb: { type: "string" },
    queries: { type: "string" },
    /** A JSON array of synonym groups, e.g. [["发货","寄出"]]: the workspace's synonyms. */
    synonyms: { type: "string" },
    /** Labeled customer questions in the queries' format (the inbox labels): calibration only. */
    labels: { type: "string" },
    encoders: { type: "string", default: "auto" },
    model: { type: "string" },
    "models-dir": { type: "string", default: "models" },
    json: { type: "boolean", default: false },
  },
  async run({ values }) {
    const kbFile = requireString(values, "kb");
    const qFile = requireString(values, "queries");
    const encoders = String(values.encoders) as EncoderMode;
    if (!["auto", "lexical", "trained", "transformer"].includes(encoders)) throw new UsageError(`--encoders must be auto, lexical, trained or transformer`);
    const kb = kbFromLines(readJsonl<KbLine>(kbFile));
    if (typeof values.synonyms === "string") kb.synonyms = readSynonyms(values.synonyms);
    const queries = readJsonl<QueryLine>(qFile).map((q) => ({ text: String(q.text ?? ""), faq: q.faq ?? null }));
    if (typeof values.labels === "string") kb.labeled = readJsonl<QueryLine>(values.labels).map((q) => ({ text: String(q.text ?? ""), faq: q.faq ?? null }));
    let embedder: Embedder | undefined;
    if (typeof values.model === "string") embedder = await loadEmbedder(values.model, String(values["models-dir"]));
    else if (encoders === "transformer") throw new UsageError("--encoders transformer needs --model NAME");
    const reporters = new Map<string, ReturnType<typeof progressReporter>>();
    const result = await runEval({
      kb,
      queries,
      encoders,
      embedder,
      onProgress: (label, done, total) => {
        let r = reporters.get(label);
        if (!r) reporters.set(label, (r = progressReporter(label)));
        r(Math.round(done * 100) / 100, total);
      },
    });
    if (!values.json) {
      const lines = [
        `queries ${result.queries} (in-scope ${result.inScope}, out-of-scope ${result.outOfScope}), encoders ${result.encoders}`,
        `top1 ${result.top1}  top3 ${result.top3}  hitRate ${result.hitRate}  answerPrecision ${result.answerPrecision}`,
        `clarify ${result.clarifyRate}  no-answer ${result.noAnswerRate}  transfer ${result.transferRate}  oosReject ${result.oosRejectRate}  oosNotAnswered ${result.oosNotAnsweredRate}`,
        `resolved ${result.resolvedRate}  in-scope no-answer ${result.inScopeNoAnswerRate}  wrong answers ${result.wrongAnswerRate}`,
        `reliability (answers by confidence): ${result.calibration.map((b) => `${b.bin.toFixed(1)}: ${b.accuracy}% of ${b.n}`).join(", ")}`,
        `thresholds answer ${result.answerThreshold} clarify ${result.clarifyThreshold}; latency p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms; training ${result.trainMs} ms`,
      ];
      process.stdout.write(lines.join("\n") + "\n");
    }
    printJson(result);
    return 0;
  },
};

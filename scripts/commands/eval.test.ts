import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it, vi } from "vitest";

import { SHOP_KB, SHOP_PARAPHRASES } from "../../training/fixtures/shop-kb";
import { evalCommand, kbFromLines } from "./eval";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-eval-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("kb eval", () => {
  it("reads KB.jsonl (first line = standard question) and prints the metrics as the last JSON line", async () => {
    const kbLines = SHOP_KB.faqs.flatMap((f) => [f.question, ...(f.variants ?? [])].map((text) => JSON.stringify({ faq: f.id, text })));
    const queries = [
      ...SHOP_PARAPHRASES.map(([text, faq]) => JSON.stringify({ text, faq })),
      JSON.stringify({ text: "今天股市行情怎么样", faq: null }),
      JSON.stringify({ text: "推荐一部好看的电影", faq: null }),
    ];
    const kbFile = path.join(dir, "kb.jsonl");
    const qFile = path.join(dir, "q.jsonl");
    fs.writeFileSync(kbFile, kbLines.join("\n") + "\n");
    fs.writeFileSync(qFile, queries.join("\n") + "\n");
    expect(kbFromLines(kbLines.slice(0, 3).map((l) => JSON.parse(l))).faqs[0]).toMatchObject({ id: "ship-when", question: "什么时候发货" });

    const out: string[] = [];
    const spyOut = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    const spyErr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = await evalCommand.run({ values: { kb: kbFile, queries: qFile, encoders: "trained", json: true, "models-dir": "models" }, positionals: [] });
    spyOut.mockRestore();
    spyErr.mockRestore();
    expect(code).toBe(0);
    const last = out.join("").trim().split("\n").pop()!;
    const r = JSON.parse(last);
    expect(r).toMatchObject({ queries: SHOP_PARAPHRASES.length + 2, inScope: SHOP_PARAPHRASES.length, outOfScope: 2, encoders: "bm25+tfidf+trained" });
    for (const k of ["top1", "top3", "hitRate", "answerPrecision", "clarifyRate", "noAnswerRate", "oosRejectRate", "p50Ms", "p99Ms", "trainMs"])
      expect(typeof r[k]).toBe("number");
    expect(r.top1).toBeGreaterThanOrEqual(90);
    expect(r.resolvedRate).toBeGreaterThanOrEqual(r.hitRate);
    expect(r.inScopeNoAnswerRate).toBeLessThanOrEqual(100 - r.resolvedRate);
    expect(r.oosNotAnsweredRate).toBe(100);
    // The reliability bins count every answer once.
    const answered = Math.round((r.hitRate * r.inScope) / 100);
    expect(r.calibration.reduce((s: number, b: { n: number }) => s + b.n, 0)).toBeGreaterThanOrEqual(answered);
    for (const b of r.calibration) expect(b.accuracy).toBeGreaterThanOrEqual(0);
    // Out of scope is never answered (a clarify offers options; it is not an answer).
    expect(r.wrongAnswerRate).toBeLessThanOrEqual(5);
  });
});

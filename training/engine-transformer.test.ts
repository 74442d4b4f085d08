import { describe, expect, it } from "vitest";

import { buildEngine, type Embedder, loadEngine } from "./engine";
import { SHOP_KB } from "./fixtures/shop-kb";
import { decideAsync } from "./policy";
import { hashString } from "./tokenize";

/**
 * A deterministic stand-in for a pretrained embedder (hashed character bigrams, L2-normalised):
 * it exercises the transformer path of the engine (fusion features, async matching, persistence)
 * without model weights. Real models are covered in training/transformer/.
 */
function fakeEmbedder(dim = 48): Embedder & { calls: number } {
  const e = {
    id: `fake-bigram-${dim}`,
    dim,
    calls: 0,
    async embed(texts: string[]) {
      e.calls++;
      return texts.map((t) => {
        const v = new Float32Array(dim);
        const chars = Array.from(t.replace(/\s+/g, ""));
        for (let i = 0; i < chars.length; i++) v[hashString(chars[i] + (chars[i + 1] ?? "")) % dim] += 1;
        const n = Math.hypot(...v) || 1;
        return v.map((x) => x / n);
      });
    },
  };
  return e;
}

describe("engine with a transformer embedder", () => {
  it("adds transformer scores, needs the async path, and persists its vectors", async () => {
    const embedder = fakeEmbedder();
    const engine = await buildEngine(SHOP_KB, { encoders: "auto", embedder });
    expect(engine.stats.encoders).toContain(`transformer:${embedder.id}`);
    expect(engine.needsQueryVector).toBe(true);
    expect(() => engine.match("什么时候发货")).toThrow(expect.objectContaining({ code: "QUERY_VECTOR_REQUIRED" }));
    const res = await engine.matchAsync("亲啥时候能发货呀");
    expect(res[0].faqId).toBe("ship-when");
    expect(typeof res[0].scores.transformer).toBe("number");
    const d = await decideAsync(engine, "亲啥时候能发货呀");
    expect(d.decision).toBe("answer");

    const callsBefore = embedder.calls;
    const loaded = loadEngine(engine.serialize(), { embedder });
    // Variant vectors come from the snapshot: only the query is embedded again.
    expect(await loaded.matchAsync("退货地址发我一下")).toEqual(await engine.matchAsync("退货地址发我一下"));
    expect(embedder.calls - callsBefore).toBe(2);
  });

  it("encoders=transformer without a model fails with MODEL_NOT_FOUND", async () => {
    await expect(buildEngine(SHOP_KB, { encoders: "transformer" })).rejects.toMatchObject({ code: "MODEL_NOT_FOUND" });
  });
});

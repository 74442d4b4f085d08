import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rng } from "./encoder";
import { KbError } from "./errors";
import { BruteForceIndex, createHnswIndex, loadHnswIndex, sidecarPath, type VectorIndex } from "./vector-index";

// Seeded with the engine's deterministic PRNG, so that failures reproduce.
function randomVectors(n: number, dim: number, seed: number): Float32Array[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: dim }, () => r() * 2 - 1));
}

function recallAt(k: number, approx: VectorIndex, exact: VectorIndex, queries: Float32Array[]) {
  let found = 0;
  for (const q of queries) {
    const truth = new Set(exact.search(q, k).map((h) => h.id));
    for (const h of approx.search(q, k)) if (truth.has(h.id)) found++;
  }
  return found / (queries.length * k);
}

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "kb-vindex-"));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("BruteForceIndex", () => {
  it("returns exact cosine neighbours, best first", () => {
    const idx = new BruteForceIndex(3);
    idx.add(1, Float32Array.of(1, 0, 0));
    idx.add(2, Float32Array.of(0, 2, 0)); // not unit length: cosine must not care
    idx.add(3, Float32Array.of(1, 1, 0));
    idx.add(4, Float32Array.of(-1, 0, 0));
    const hits = idx.search(Float32Array.of(3, 0.1, 0), 4);
    expect(hits.map((h) => h.id)).toEqual([1, 3, 2, 4]);
    expect(hits[0].score).toBeCloseTo(3 / Math.hypot(3, 0.1), 5);
    expect(hits[3].score).toBeCloseTo(-3 / Math.hypot(3, 0.1), 5);
  });

  it("removes, replaces and filters", () => {
    const idx = new BruteForceIndex(2, 1);
    for (let i = 0; i < 10; i++) idx.add(i, Float32Array.of(Math.cos(i / 3), Math.sin(i / 3)));
    idx.remove(0);
    idx.remove(42);
    expect(idx.size).toBe(9);
    expect(idx.search(Float32Array.of(1, 0), 1)[0].id).toBe(1);
    idx.add(9, Float32Array.of(1, 0)); // replaces id 9's vector
    expect(idx.size).toBe(9);
    expect(idx.search(Float32Array.of(1, 0), 1)[0]).toEqual({ id: 9, score: expect.closeTo(1, 6) });
    expect(idx.search(Float32Array.of(1, 0), 3, (id) => id % 2 === 0).map((h) => h.id)).toEqual([2, 4, 6]);
    expect(idx.search(Float32Array.of(1, 0), 100)).toHaveLength(9);
  });

  it("rejects a vector of the wrong dimension with a coded error", () => {
    const idx = new BruteForceIndex(4);
    expect(() => idx.add(1, new Float32Array(3))).toThrow(KbError);
    try {
      idx.search(new Float32Array(5), 1);
    } catch (e) {
      expect((e as KbError).code).toBe("DIMENSION_MISMATCH");
    }
    expect(() => idx.search(new Float32Array(5), 1)).toThrow(/5 dimensions/);
  });
});

describe("HnswVectorIndex", () => {
  const dim = 32;
  const data = randomVectors(3000, dim, 1);
  const queries = randomVectors(100, dim, 2);

  it("finds the same neighbours as brute force (recall@10 >= 0.95) and scores are cosine", () => {
    const hnsw = createHnswIndex({ dim, capacity: 100 }); // far too small: must grow
    const exact = new BruteForceIndex(dim);
    data.forEach((v, i) => {
      hnsw.add(i + 1000, v);
      exact.add(i + 1000, v);
    });
    expect(hnsw.size).toBe(3000);
    expect(hnsw.capacity).toBeGreaterThanOrEqual(3000);
    expect(recallAt(10, hnsw, exact, queries)).toBeGreaterThanOrEqual(0.95);
    const a = hnsw.search(queries[0], 5);
    const b = exact.search(queries[0], 5);
    expect(a[0].id).toBe(b[0].id);
    expect(a[0].score).toBeCloseTo(b[0].score, 4);
    for (let i = 1; i < a.length; i++) expect(a[i].score).toBeLessThanOrEqual(a[i - 1].score);
  });

  it("removes, re-adds and replaces ids", () => {
    const hnsw = createHnswIndex({ dim, capacity: 16 });
    data.slice(0, 200).forEach((v, i) => hnsw.add(i, v));
    const q = data[7];
    expect(hnsw.search(q, 1)[0]).toEqual({ id: 7, score: expect.closeTo(1, 5) });

    hnsw.remove(7);
    hnsw.remove(7); // twice is harmless
    hnsw.remove(99999); // unknown is harmless
    expect(hnsw.size).toBe(199);
    expect(hnsw.deletedCount).toBe(1);
    expect(hnsw.search(q, 10).map((h) => h.id)).not.toContain(7);

    hnsw.add(7, data[7]); // re-add a removed id
    expect(hnsw.size).toBe(200);
    expect(hnsw.deletedCount).toBe(0);
    expect(hnsw.search(q, 1)[0].id).toBe(7);

    hnsw.add(7, data[150]); // replace the vector of a live id
    expect(hnsw.size).toBe(200);
    const top = hnsw
      .search(data[150], 2)
      .map((h) => h.id)
      .sort((x, y) => x - y);
    expect(top).toEqual([7, 150]);
    expect(hnsw.search(data[150], 5, (id) => id !== 150 && id !== 7).map((h) => h.id)).not.toContain(7);
  });

  it("handles k larger than the index, empty indexes and wrong dimensions", () => {
    const hnsw = createHnswIndex({ dim: 4, capacity: 4 });
    expect(hnsw.search(Float32Array.of(1, 0, 0, 0), 10)).toEqual([]);
    hnsw.add(1, Float32Array.of(1, 0, 0, 0));
    hnsw.add(2, Float32Array.of(0, 1, 0, 0));
    hnsw.remove(2);
    expect(hnsw.search(Float32Array.of(1, 0, 0, 0), 10).map((h) => h.id)).toEqual([1]);
    expect(hnsw.search(Float32Array.of(1, 0, 0, 0), 0)).toEqual([]);
    expect(() => hnsw.add(3, new Float32Array(5))).toThrow(KbError);
    expect(() => hnsw.add(-1, new Float32Array(4))).toThrow(/non-negative integer/);
    expect(() => hnsw.add(2 ** 32, new Float32Array(4))).toThrow(/below 2\^32/);
    expect(() => hnsw.add(5, Float32Array.of(1, NaN, 0, 0))).toThrow(/non-finite/);
    hnsw.add(2 ** 32 - 1, Float32Array.of(0, 0, 1, 0)); // the largest id survives the round trip
    expect(hnsw.search(Float32Array.of(0, 0, 1, 0), 1)[0].id).toBe(2 ** 32 - 1);
    expect(() => hnsw.search(new Float32Array(3), 1)).toThrow(/DIMENSION|dimensions/);
  });

  it("compacts away removed slots", () => {
    const hnsw = createHnswIndex({ dim, capacity: 16 });
    data.slice(0, 300).forEach((v, i) => hnsw.add(i, v));
    for (let i = 0; i < 300; i += 2) hnsw.remove(i);
    const c = hnsw.compact();
    expect(c.size).toBe(150);
    expect(c.deletedCount).toBe(0);
    expect(c.search(data[1], 1)[0].id).toBe(1);
    expect(c.search(data[2], 10).map((h) => h.id)).not.toContain(2);
  });

  describe("save and load", () => {
    async function buildAndSave(file: string, fingerprint: string) {
      const hnsw = createHnswIndex({ dim, capacity: 64, efSearch: 80 });
      data.slice(0, 500).forEach((v, i) => hnsw.add(i, v));
      hnsw.remove(3);
      hnsw.remove(4);
      await hnsw.save(file, fingerprint);
      return hnsw;
    }

    it("round-trips: same hits, same removals, same settings", async () => {
      const file = path.join(tmp, "round", "faq.hnsw");
      const orig = await buildAndSave(file, "model-a:v1");
      const loaded = await loadHnswIndex(file, { dim, fingerprint: "model-a:v1" });
      expect(loaded).not.toBeNull();
      expect(loaded!.size).toBe(498);
      expect(loaded!.deletedCount).toBe(2);
      expect(loaded!.efSearch).toBe(80);
      expect(loaded!.fingerprint).toBe("model-a:v1");
      for (const q of queries.slice(0, 20)) expect(loaded!.search(q, 10)).toEqual(orig.search(q, 10));
      expect(loaded!.search(data[3], 10).map((h) => h.id)).not.toContain(3);
      // A removed id can come back after a reload, and new ids can be added.
      loaded!.add(3, data[3]);
      loaded!.add(10_000, data[600]);
      expect(loaded!.search(data[3], 1)[0].id).toBe(3);
      expect(loaded!.search(data[600], 1)[0].id).toBe(10_000);
      const names = await fs.readdir(path.dirname(file));
      expect(names.sort()).toEqual(["faq.hnsw", "faq.hnsw.meta.json"]);
    });

    it("returns null for a missing, stale or wrong-dimension index", async () => {
      const file = path.join(tmp, "stale", "faq.hnsw");
      expect(await loadHnswIndex(file)).toBeNull();
      await buildAndSave(file, "model-a:v1");
      expect(await loadHnswIndex(file, { fingerprint: "model-a:v2" })).toBeNull();
      expect(await loadHnswIndex(file, { dim: 384 })).toBeNull();
      expect(await loadHnswIndex(file)).not.toBeNull();
    });

    it("returns null for a corrupt index file or sidecar, without throwing", async () => {
      const file = path.join(tmp, "corrupt", "faq.hnsw");
      await buildAndSave(file, "fp");
      const good = await fs.readFile(file);

      // Same size, flipped bytes in the middle: only the checksum can tell.
      const flipped = Buffer.from(good);
      for (let i = 1000; i < 1100; i++) flipped[i] ^= 0xff;
      await fs.writeFile(file, flipped);
      expect(await loadHnswIndex(file, { fingerprint: "fp" })).toBeNull();

      await fs.writeFile(file, good.subarray(0, good.length >> 1)); // truncated
      expect(await loadHnswIndex(file, { fingerprint: "fp" })).toBeNull();

      await fs.writeFile(file, good);
      expect(await loadHnswIndex(file, { fingerprint: "fp" })).not.toBeNull();

      await fs.writeFile(sidecarPath(file), "{ not json");
      expect(await loadHnswIndex(file, { fingerprint: "fp" })).toBeNull();
      await fs.rm(sidecarPath(file));
      expect(await loadHnswIndex(file, { fingerprint: "fp" })).toBeNull();
    });

    it("a crash while saving leaves the previous index usable, and the next save cleans up", async () => {
      const file = path.join(tmp, "crash", "faq.hnsw");
      const v1 = await buildAndSave(file, "v1");
      // What a process killed mid-write leaves behind: half-written temp files from a dead pid.
      const deadPid = 2 ** 22 + 12345;
      const good = await fs.readFile(file);
      await fs.writeFile(`${file}.tmp-${deadPid}-abcd1234`, good.subarray(0, 777));
      await fs.writeFile(`${sidecarPath(file)}.tmp-${deadPid}-abcd1234`, '{"format":');
      const loaded = await loadHnswIndex(file, { fingerprint: "v1" });
      expect(loaded).not.toBeNull();
      expect(loaded!.search(queries[0], 5)).toEqual(v1.search(queries[0], 5));

      loaded!.add(5000, data[700]);
      await loaded!.save(file, "v2");
      const names = (await fs.readdir(path.dirname(file))).sort();
      expect(names).toEqual(["faq.hnsw", "faq.hnsw.meta.json"]);
      const v2 = await loadHnswIndex(file, { fingerprint: "v2" });
      expect(v2!.size).toBe(499);
    });

    it("refuses changes during a save, and concurrent saves to one path stay consistent", async () => {
      const file = path.join(tmp, "busy", "faq.hnsw");
      const a = createHnswIndex({ dim, capacity: 64 });
      data.slice(0, 300).forEach((v, i) => a.add(i, v));
      const b = createHnswIndex({ dim, capacity: 64 });
      data.slice(0, 400).forEach((v, i) => b.add(i, v));
      const saving = a.save(file, "a");
      expect(() => a.add(999, data[999])).toThrow(expect.objectContaining({ code: "INDEX_BUSY" }));
      expect(() => a.remove(1)).toThrow(KbError);
      expect(a.search(data[5], 1)[0].id).toBe(5); // reading is fine
      await Promise.all([saving, b.save(file, "b"), a.save(file, "a")]);
      a.add(999, data[999]);
      const loaded = await loadHnswIndex(file);
      expect(loaded).not.toBeNull();
      expect(loaded!.fingerprint).toBe("a"); // the last save wins, index and sidecar together
      expect(loaded!.size).toBe(300);
      expect((await fs.readdir(path.dirname(file))).sort()).toEqual(["faq.hnsw", "faq.hnsw.meta.json"]);
    });

    it("detects a crash between the two renames (new index file, old sidecar)", async () => {
      const file = path.join(tmp, "halfway", "faq.hnsw");
      await buildAndSave(file, "v1");
      const oldMeta = await fs.readFile(sidecarPath(file), "utf8");
      const bigger = createHnswIndex({ dim, capacity: 64 });
      data.slice(0, 900).forEach((v, i) => bigger.add(i, v));
      await bigger.save(file, "v1");
      await fs.writeFile(sidecarPath(file), oldMeta); // as if the sidecar rename never happened
      expect(await loadHnswIndex(file, { fingerprint: "v1" })).toBeNull();
    });
  });
});

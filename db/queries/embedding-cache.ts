/** The pretrained-embedding cache over the database: (model, hash of normalized text) → vector. */
import { and, eq, inArray } from "drizzle-orm";

import type { EmbeddingCache } from "../../training/transformer/embedder";
import type { Db } from "../client";
import { embeddingCache } from "../schema";

export function dbEmbeddingCache(db: Db): EmbeddingCache {
  return {
    async get(model, hashes) {
      const out = new Map<string, Float32Array>();
      for (let i = 0; i < hashes.length; i += 500) {
        const rows = await db
          .select()
          .from(embeddingCache)
          .where(and(eq(embeddingCache.model, model), inArray(embeddingCache.textHash, hashes.slice(i, i + 500))));
        for (const r of rows) {
          const b = r.vector as Buffer;
          out.set(r.textHash, new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
        }
      }
      return out;
    },
    async put(model, entries) {
      if (!entries.length) return;
      await db.transaction(async (tx) => {
        for (let i = 0; i < entries.length; i += 200) {
          await tx
            .insert(embeddingCache)
            .values(
              entries
                .slice(i, i + 200)
                .map((e) => ({ model, textHash: e.hash, vector: Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength) })),
            )
            .onConflictDoNothing();
        }
      });
    },
  };
}

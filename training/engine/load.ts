import { TrainedEncoder } from "../encoder";
import { KbError } from "../errors";
import { HomophoneFixer } from "../homophones";
import { normalizeText } from "../normalize";
import { createSynonymRewriter } from "../synonyms";
import { type VectorIndex } from "../vector-index";
import { attachAnn, collectDocs, Core, usesAnnFor } from "./core";
import { Engine } from "./engine";
import { type BlockRef, type Header, MAGIC } from "./serialize";
import { type Embedder, ENGINE_FORMAT_VERSION } from "./types";

/**
 * Restores an engine from `serialize()` output. A transformer engine needs the same embedder
 * (same id) to answer queries; without it the engine falls back to the trained encoder and
 * lexical retrievers with the stored calibration (scores then differ).
 */
export function loadEngine(bytes: Uint8Array, opts: { embedder?: Embedder; ann?: boolean; annIndex?: VectorIndex | null } = {}): Engine {
  if (bytes.byteLength < 8) throw new KbError("FORMAT_VERSION", "not a serialized engine");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new KbError("FORMAT_VERSION", "not a serialized engine");
  const jsonLen = view.getUint32(4, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen))) as Header;
  } catch {
    throw new KbError("INDEX_CORRUPT", "the serialized engine header is damaged");
  }
  if (header.formatVersion !== ENGINE_FORMAT_VERSION) {
    throw new KbError("FORMAT_VERSION", `engine format ${header.formatVersion} is not supported (expected ${ENGINE_FORMAT_VERSION}): rebuild it`);
  }
  const base = 8 + jsonLen + ((4 - ((8 + jsonLen) % 4)) % 4);
  // Copy each block out so that the typed arrays are aligned and independent of `bytes`.
  const read = (ref: BlockRef) => {
    const start = base + ref.offset;
    const byteLen = ref.length * 4;
    if (start + byteLen > bytes.byteLength) throw new KbError("INDEX_CORRUPT", "the serialized engine is truncated");
    // ArrayBuffer#slice always copies (a Node Buffer's slice would be a view of its whole pool).
    const copy = bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + byteLen);
    return ref.type === "f32" ? new Float32Array(copy) : new Uint32Array(copy);
  };
  const encoders = header.encoders.map((e) =>
    TrainedEncoder.load({
      formatVersion: e.formatVersion,
      dim: e.dim,
      numClasses: e.numClasses,
      hashes: read(e.hashes) as Uint32Array,
      input: read(e.input) as Float32Array,
      output: read(e.output) as Float32Array,
    }),
  );
  const syn = createSynonymRewriter(header.kb.synonyms);
  const { faqs, docs } = collectDocs(header.kb, syn);
  let trVecs: Float32Array | null = null;
  let trDim = 0;
  let embedder: Embedder | null = null;
  if (header.transformer && opts.embedder && opts.embedder.id === header.transformer.id) {
    trVecs = read(header.transformer.vectors) as Float32Array;
    trDim = header.transformer.dim;
    embedder = opts.embedder;
  }
  const restricted = header.restricted ?? false;
  const core = new Core(docs, faqs.length, encoders, trVecs, trDim, restricted);
  // A restricted engine's classifiers get their candidates from the HNSW kNN.
  const ann = opts.ann ?? (restricted ? true : undefined);
  const saved = opts.annIndex;
  // A saved index (same KB fingerprint, checked by the caller) spares rebuilding the graph, which
  // takes seconds at 100k variants; one that does not fit these embeddings is not used.
  if (saved && core.docEmb && usesAnnFor(core.docs.length, ann) && saved.dim === core.encoders[0].dim && saved.size === core.docs.length) {
    core.annIndex = saved;
  } else attachAnn(core, ann);
  return new Engine({
    kb: header.kb,
    faqs,
    docs,
    syn,
    fixer: new HomophoneFixer(docs.map((d) => normalizeText(d.text))),
    core,
    fusion: header.fusion,
    calibration: header.calibration,
    mode: header.mode,
    embedder,
    stats: header.stats,
  });
}

/**
 * The matching engine facade (issue 3): plain KB data in, a matcher out. The code lives in
 * training/engine/ — types.ts (the data types), core.ts (the retrievers and their candidate
 * features), engine.ts (the Engine: match, similarity, near-duplicates), build.ts (buildEngine:
 * training and the held-out calibration), serialize.ts / load.ts (the binary format). This file
 * keeps the public API in one place (build-in-worker.ts imports it by path).
 *
 * Retrievers over every variant of every enabled FAQ (the standard question counts as one):
 * BM25 over char uni+bigrams / stemmed words, char n-gram TF-IDF cosine, the trained encoder
 * (softmax probability + kNN over its embeddings) and, when an embedder is given, pretrained
 * transformer embeddings. A logistic regression fuses their per-FAQ features into one
 * confidence; its weights and the answer / clarify thresholds are learned from the KB alone by
 * holding out variants (in-scope examples) and, for each, also leaving its FAQ out (an
 * out-of-scope stand-in), plus the workspace's negative examples when it has them.
 */
export { buildEngine, findNearDuplicates, LABELS_MIN } from "./engine/build";
export { Engine } from "./engine/engine";
export { loadEngine } from "./engine/load";
export {
  type BuildOptions,
  type BuildPhase,
  type Calibration,
  type CalibrationOverrides,
  type Embedder,
  type EncoderMode,
  ENGINE_FORMAT_VERSION,
  type EngineStats,
  type KbFaq,
  type KbInput,
  type MatchOptions,
  type MatchResult,
  type MatchScores,
  type NearDuplicate,
} from "./engine/types";

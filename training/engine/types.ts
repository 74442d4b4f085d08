/**
 * Public data types of the matching engine (plain data in, plain data out), and the internal
 * shapes of a prepared text and a KB document shared by the engine's files.
 */
import type { EncoderTrainOptions } from "../encoder";
import type { FeatureName, ThresholdChoice, ThresholdPolicy } from "../fusion";

export const ENGINE_FORMAT_VERSION = 1;

export interface KbFaq {
  id: string;
  question: string;
  variants?: string[];
  answer?: string;
  related?: string[];
  enabled?: boolean;
}

export interface KbInput {
  faqs: KbFaq[];
  /** Synonym groups; every member is rewritten to the group's first term. */
  synonyms?: string[][];
  /** Chit-chat / out-of-scope examples: used only to calibrate the thresholds. */
  negatives?: string[];
  /**
   * Real customer questions with a known outcome (the trainers' inbox labels): the FAQ id that
   * should answer, or null for a question no FAQ should answer. Used only to calibrate the
   * thresholds, ahead of the held-out variants once there are enough of them.
   */
  labeled?: { text: string; faq: string | null }[];
}

/** Pretrained sentence embedder (training/transformer/embedder.ts); vectors L2-normalised. */
export interface Embedder {
  id: string;
  dim: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export type EncoderMode = "auto" | "lexical" | "trained" | "transformer";

export interface CalibrationOverrides {
  answerThreshold?: number;
  clarifyThreshold?: number;
  /** Fusion weights by feature name (see FEATURES); replaces the learned ones when given. */
  weights?: Partial<Record<FeatureName, number>>;
  bias?: number;
}

export type BuildPhase = "prepare" | "train" | "calibrate" | "embed" | "index";

export interface BuildOptions {
  /** auto: trained encoder, plus the transformer when an embedder is given. */
  encoders?: EncoderMode;
  embedder?: Embedder;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  overrides?: CalibrationOverrides;
  thresholdPolicy?: Partial<ThresholdPolicy>;
  encoder?: EncoderTrainOptions;
  seed?: number;
  /** kNN through an HNSW index: default from 30k variants on; true / false forces it. */
  ann?: boolean;
  /** Train the calibration encoder in a worker thread for large KBs (default true). */
  parallel?: boolean;
}

export interface MatchScores {
  bm25: number;
  tfidf: number;
  trained?: number;
  nb?: number;
  knn?: number;
  transformer?: number;
}

export interface MatchResult {
  faqId: string;
  question: string;
  confidence: number;
  scores: MatchScores;
  /** The variant closest to the query (TF-IDF cosine). */
  variant: string;
}

export interface Calibration {
  answerThreshold: number;
  clarifyThreshold: number;
  weights: Partial<Record<FeatureName, number>>;
  bias: number;
  /** How the numbers were obtained. */
  source: "held-out" | "default" | "override";
  heldOut: { inScope: number; outOfScope: number; negatives: number };
  /** What the thresholds were chosen from: the held-out variants, or the labels with them as the prior. */
  thresholdsFrom?: "held-out" | "labels";
  /** Labeled customer questions the thresholds saw (in scope: an FAQ should answer). */
  labels?: { inScope: number; outOfScope: number };
  /** Estimates on the data the thresholds were chosen from (0-1). */
  estimated?: ThresholdChoice["estimated"];
}

export interface NearDuplicate {
  faqId: string;
  text: string;
  similarity: number;
}

export interface MatchOptions {
  k?: number;
  /** Precomputed transformer embedding of the query (what matchAsync computes). */
  queryVector?: Float32Array;
}

/** @internal a text after normalization, synonyms and tokenization. */
export interface Prepared {
  norm: string;
  /** The text as typed (normalized, synonyms applied, no typo fixing): what an exact phrasing match compares. */
  exact: string;
  hashes: Uint32Array;
  lex: string[];
  wlex: string[];
  ngrams: string[];
  feats: string[];
}

/** @internal one variant (or standard question) of an FAQ. */
export interface Doc {
  faq: number;
  text: string;
  prep: Prepared;
}

export interface EngineStats {
  faqs: number;
  variants: number;
  trainMs: number;
  encoders: string[];
  memoryBytes: number;
}

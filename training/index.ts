/**
 * The public surface of the matching core (training/README.md documents it). Callers in app/
 * and scripts/ import from here; plain data in, plain data out.
 */
export { normalizeText, normalizeKey } from "./normalize";
export { KbError, type KbErrorCode } from "./errors";
export {
  buildEngine,
  loadEngine,
  findNearDuplicates,
  Engine,
  ENGINE_FORMAT_VERSION,
  type KbFaq,
  type KbInput,
  type Embedder,
  type EncoderMode,
  type BuildOptions,
  type BuildPhase,
  type CalibrationOverrides,
  type Calibration,
  type MatchOptions,
  type MatchResult,
  type MatchScores,
  type NearDuplicate,
  type EngineStats,
} from "./engine";
export {
  decide,
  decideAsync,
  appendTurn,
  isFollowUp,
  followUpContent,
  DEFAULT_HUMAN_KEYWORDS,
  DEFAULT_COMPLAINT_KEYWORDS,
  DEFAULT_CLARIFY_PROMPT,
  DEFAULT_FALLBACK_REPLY,
  type Decision,
  type DecisionResult,
  type DecideOptions,
  type PolicyRules,
  type Session,
  type SessionTurn,
  type TransferReason,
} from "./policy";
export { FEATURES, DEFAULT_THRESHOLD_POLICY, type FeatureName, type ThresholdPolicy } from "./fusion";
export { createSynonymRewriter, type SynonymRewriter } from "./synonyms";
export { lexicalTerms, ngramTerms, classifierFeatures, words, stemWord } from "./tokenize";
export { TrainedEncoder, trainEncoder, ENCODER_FORMAT_VERSION, type EncoderTrainOptions } from "./encoder";
export { createHnswIndex, loadHnswIndex, BruteForceIndex, type VectorIndex, type VectorHit } from "./vector-index";
export { loadTransformerEmbedder } from "./transformer/embedder";

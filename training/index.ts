/**
 * The public surface of the matching core (training/README.md documents it). Callers in app/
 * and scripts/ import from here; plain data in, plain data out.
 */
export { ENCODER_FORMAT_VERSION, type EncoderTrainOptions, TrainedEncoder, trainEncoder } from "./encoder";
export {
  buildEngine,
  type BuildOptions,
  type BuildPhase,
  type Calibration,
  type CalibrationOverrides,
  type Embedder,
  type EncoderMode,
  Engine,
  ENGINE_FORMAT_VERSION,
  type EngineStats,
  findNearDuplicates,
  type KbFaq,
  type KbInput,
  loadEngine,
  type MatchOptions,
  type MatchResult,
  type MatchScores,
  type NearDuplicate,
} from "./engine";
export { KbError, type KbErrorCode } from "./errors";
export { DEFAULT_THRESHOLD_POLICY, type FeatureName, FEATURES, type ThresholdPolicy } from "./fusion";
export { normalizeKey, normalizeText } from "./normalize";
export {
  appendTurn,
  decide,
  decideAsync,
  type DecideOptions,
  type Decision,
  type DecisionResult,
  DEFAULT_CLARIFY_PROMPT,
  DEFAULT_COMPLAINT_KEYWORDS,
  DEFAULT_FALLBACK_REPLY,
  DEFAULT_HUMAN_KEYWORDS,
  DEFAULT_TRANSFER_REPLY,
  followUpContent,
  isFollowUp,
  pickedSuggestion,
  type PolicyRules,
  type Session,
  type SessionTurn,
  type TransferReason,
} from "./policy";
export { createSynonymRewriter, type SynonymRewriter } from "./synonyms";
export { classifierFeatures, lexicalTerms, ngramTerms, stemWord, words } from "./tokenize";
export { findTransferKeyword, isChitChat, type KeywordHit, type KeywordLists, type KeywordRuleKind } from "./transfer-rules";
export { loadTransformerEmbedder } from "./transformer/embedder";
export { BruteForceIndex, createHnswIndex, loadHnswIndex, type VectorHit, type VectorIndex } from "./vector-index";

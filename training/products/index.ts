/** The product knowledge of the bot (issue 16): attribute answers and size advice, framework-free. */
export { answerProductQuestion, MISSING_REPLY } from "./answer";
export { ATTRIBUTE_KINDS, type AttributeKind } from "./kinds";
export { adviseSize, type Body, formatSizeChart, parseBody, parseSizeChart, type SizeAdvice } from "./size";
export type { ProductAnswer, ProductAnswerKind, ProductFacts, SizeRow } from "./types";

/** What every part of the FAQ queries shares: field limits and the transaction type. */
import type { Db } from "../../client";

export const MAX_VARIANT_LENGTH = 200;
export const MAX_QUESTION_LENGTH = 200;
export const MAX_ANSWER_LENGTH = 5000;
export const MAX_RELATED = 5;
export const MAX_KEYWORDS = 20;

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Q = Db | Tx;

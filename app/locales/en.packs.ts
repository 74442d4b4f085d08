import type { packsZhCN } from "./zh-CN.packs";

/** English UI text of the packs pages: every key of zh-CN.packs.ts. */
export const packsEn: Record<keyof typeof packsZhCN, string> = {
};

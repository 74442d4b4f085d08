import type { botZhCN } from "./zh-CN.bot";

/** English UI text of the bot pages: every key of zh-CN.bot.ts. */
export const botEn: Record<keyof typeof botZhCN, string> = {
};

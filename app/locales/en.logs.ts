import type { logsZhCN } from "./zh-CN.logs";

/** English UI text of the logs pages: every key of zh-CN.logs.ts. */
export const logsEn: Record<keyof typeof logsZhCN, string> = {
};

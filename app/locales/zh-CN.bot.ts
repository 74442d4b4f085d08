/** zh-CN UI text of the bot pages (merged into zh-CN.ts). */
export const botZhCN = {
} as const;

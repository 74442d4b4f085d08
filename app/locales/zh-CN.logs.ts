/** zh-CN UI text of the logs pages (merged into zh-CN.ts). */
export const logsZhCN = {
} as const;

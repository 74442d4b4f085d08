/** zh-CN UI text of the packs pages (merged into zh-CN.ts). */
export const packsZhCN = {
} as const;

/**
 * Limits of suite generation (issue 11), plain constants so that the 测试集 page's form and the
 * server check the same bounds without the page importing database code.
 */
export const DEFAULT_BASELINE_VARIANTS = 3;
export const MAX_BASELINE_VARIANTS = 20;

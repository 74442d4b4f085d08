import { useT } from "~/i18n";

/** A run against an external bot stores the bot's address as its `version`. */
export const isHttpTarget = (v: string) => /^https?:/.test(v);

/**
 * What a run was run against, in words: the draft, the published version, version N, or an
 * external bot (its address, stored as the run's `version`). One wording for every page.
 */
export function useRunTargetLabel() {
  const t = useT();
  return (v: string) =>
    v === "draft"
      ? t("suites.version.draft")
      : v === "published"
        ? t("suites.version.published")
        : isHttpTarget(v)
          ? t("suites.version.http", { url: v })
          : t("suites.version.n", { n: v });
}

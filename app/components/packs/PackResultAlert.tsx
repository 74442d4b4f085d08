import { Link } from "@remix-run/react";
import { Alert } from "antd";

import { useT } from "~/i18n";

import type { PackActionResult } from "./types";

/** What a subscription or unsubscription did, with the phrasings other FAQs already own. */
export function PackResultAlert({ result, slug, nameOf }: { result: PackActionResult; slug: string; nameOf: (packId: string) => string }) {
  const t = useT();
  return (
    <Alert
      type={result.skippedTotal ? "warning" : "success"}
      showIcon
      closable
      style={{ marginBottom: 16 }}
      title={
        result.intent === "subscribe"
          ? t("packs.subscribed", { name: nameOf(result.packId), created: result.created, restored: result.restored, unanswered: result.unanswered }) +
            (result.synonymsAdded ? t("packs.synonymsAdded", { n: result.synonymsAdded }) : "")
          : t("packs.unsubscribed", { name: nameOf(result.packId), removed: result.removed, archived: result.archived })
      }
      description={
        result.skippedTotal ? (
          <div>
            <div>{t("packs.skipped", { n: result.skippedTotal })}</div>
            <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 200, overflow: "auto" }}>
              {result.skipped.map((s) => (
                <li key={`${s.key}-${s.text}`}>
                  {t(s.kind === "question" ? "packs.skippedQuestion" : "packs.skippedVariant", { text: s.text, question: s.ownerQuestion })}{" "}
                  <Link to={`/w/${slug}/faqs/${s.ownerFaqId}`}>#{s.ownerFaqId}</Link>
                </li>
              ))}
            </ul>
          </div>
        ) : undefined
      }
    />
  );
}

import { Tag, Typography } from "antd";

import { useT } from "~/i18n";

import type { RecentAction } from "./types";

/** The user's latest label actions (nothing when there are none). */
export function RecentActions(props: { actions: RecentAction[] }) {
  const t = useT();
  if (!props.actions.length) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{t("logs.inbox.recent")}</Typography.Text>
      {props.actions.map((a) => (
        <Tag key={a.actionId} style={{ marginLeft: 6 }}>
          {t(`logs.kind.${a.kind}`)} ×{a.n}
          {a.faq ? ` → ${a.faq}` : ""}
        </Tag>
      ))}
    </div>
  );
}

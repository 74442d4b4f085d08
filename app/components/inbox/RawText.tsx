import { Typography } from "antd";

import { useT } from "~/i18n";

/** A turn's unmasked text under its masked one (only admins who asked for raw text get it; null otherwise). */
export function RawText(props: { text: string | null }) {
  const t = useT();
  if (props.text === null) return null;
  return (
    <Typography.Text type="warning" style={{ fontSize: 12 }}>
      {t("logs.inbox.raw")}：{props.text}
    </Typography.Text>
  );
}

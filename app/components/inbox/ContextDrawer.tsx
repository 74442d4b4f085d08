import { useFetcher } from "@remix-run/react";
import { Drawer, Typography } from "antd";
import { useEffect } from "react";

import { useT } from "~/i18n";
import type { loader as contextLoader } from "~/routes/w.$slug.logs.context";

import { RawText } from "./RawText";

/** The conversation around one turn (open while `turnId` is set), the turn itself highlighted. */
export function ContextDrawer(props: { slug: string; turnId: number | null; raw: boolean; onClose: () => void }) {
  const t = useT();
  const fetcher = useFetcher<typeof contextLoader>();
  const url = props.turnId ? `/w/${props.slug}/logs/context?turn=${props.turnId}${props.raw ? "&raw=1" : ""}` : null;
  const { load } = fetcher;
  useEffect(() => {
    if (url) load(url);
  }, [load, url]);
  const d = fetcher.data;
  return (
    <Drawer open={props.turnId !== null} onClose={props.onClose} title={t("logs.inbox.contextTitle", { session: d?.sessionKey ?? "" })} size="large">
      {d?.turns.map((turn) => (
        <div
          key={turn.id}
          style={{
            margin: "8px 0",
            padding: "8px 12px",
            borderRadius: 8,
            background: turn.current ? "#e6f4ff" : turn.role === "customer" ? "#fafafa" : "#f6ffed",
            border: turn.current ? "1px solid #1677ff" : "1px solid #f0f0f0",
            marginLeft: turn.role === "customer" ? 0 : 48,
            marginRight: turn.role === "customer" ? 48 : 0,
          }}
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`logs.role.${turn.role}`)} · {t.date(turn.time)}
            {turn.noise ? ` · ${t("logs.inbox.noise")}` : ""}
          </Typography.Text>
          <div>{turn.text || "—"}</div>
          <RawText text={turn.rawText} />
        </div>
      ))}
    </Drawer>
  );
}

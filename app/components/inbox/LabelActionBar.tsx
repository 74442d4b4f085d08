import { UndoOutlined } from "@ant-design/icons";
import { Button, Space, Tooltip, Typography } from "antd";

import { useT } from "~/i18n";

import type { LabelKind } from "../../../training/logs/labels";
import type { InboxSelection } from "./use-inbox-selection";

/** The label buttons in order, each with its key: variant and wrong open the FAQ picker, the others label at once. */
const LABEL_BUTTONS: [key: string, kind: LabelKind][] = [
  ["v", "variant"],
  ["n", "new_faq"],
  ["c", "chitchat"],
  ["t", "transfer"],
  ["y", "correct"],
  ["w", "wrong"],
  ["i", "ignore"],
];

/** What the next label applies to, and the label buttons (each tooltip names its key). */
export function LabelActionBar(props: {
  sel: InboxSelection;
  canLabel: boolean;
  hasTarget: boolean;
  canUndo: boolean;
  busy: boolean;
  onPicker: (kind: "variant" | "wrong") => void;
  onSubmit: (kind: LabelKind) => void;
  onUndo: () => void;
}) {
  const t = useT();
  const { selTurns, selClusters, current } = props.sel;
  const off = !props.canLabel || !props.hasTarget;

  const actionButtons = (
    <Space wrap size={4}>
      {LABEL_BUTTONS.map(([key, kind]) => (
        <Tooltip key={kind} title={key}>
          <Button
            size="small"
            type={kind === "variant" ? "primary" : undefined}
            disabled={off}
            onClick={() => (kind === "variant" || kind === "wrong" ? props.onPicker(kind) : props.onSubmit(kind))}
          >
            {t(`logs.action.${kind}`)}
          </Button>
        </Tooltip>
      ))}
      <Tooltip title="u">
        <Button size="small" icon={<UndoOutlined />} disabled={!props.canLabel || !props.canUndo} onClick={props.onUndo}>
          {t("logs.action.undo")}
        </Button>
      </Tooltip>
    </Space>
  );

  return (
    <div className="kb-toolbar" style={{ alignItems: "center" }}>
      <Typography.Text>
        {selTurns.size
          ? t("logs.inbox.selectedTurns", { n: selTurns.size })
          : selClusters.size
            ? t("logs.inbox.selectedClusters", { n: selClusters.size })
            : current
              ? t("logs.inbox.focused", { text: current.representative.slice(0, 30), n: current.count })
              : ""}
      </Typography.Text>
      {actionButtons}
      {props.busy ? <Typography.Text type="secondary">{t("common.loading")}</Typography.Text> : null}
    </div>
  );
}

/**
 * The bot's decision as a tag, one colour and one wording per decision everywhere (simulator,
 * inbox, logs, suites, dashboards; issue 9 item 4). Green: answered; gold: asked back; red: not
 * understood, the trainer's work queue; purple: handed to a human, by rule rather than failure.
 */
import { Tag, type TagProps } from "antd";

import { useT } from "~/i18n";

import type { Decision } from "../../../training/decisions";

export const DECISION_COLORS: Record<Decision, string> = { answer: "green", clarify: "gold", no_answer: "red", transfer: "purple" };

/**
 * `decision` null: the turn has no decision yet (a log turn not replayed). `words` "metrics" names
 * decisions as the dashboard's rates do (推荐, 无答案), in the same colours.
 */
export function DecisionTag({
  decision,
  words = "bot",
  ...rest
}: { decision: Decision | null; words?: "bot" | "metrics" } & Omit<TagProps, "color" | "children">) {
  const t = useT();
  return (
    <Tag color={decision ? DECISION_COLORS[decision] : "default"} {...rest}>
      {words === "metrics" && decision ? t(`metrics.decision.${decision}`) : t(`bot.decision.${decision ?? "none"}`)}
    </Tag>
  );
}

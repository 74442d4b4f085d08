import { Card, InputNumber } from "antd";

import { useT } from "~/i18n";
import type { WorkspaceSettings } from "~/models/settings.server";

import { SettingsField, TextSetting } from "./SettingsField";

/** The trigger word lists, in the order the card shows them. */
const KEYWORD_FIELDS = [
  { name: "humanKeywords", label: "bot.settings.humanKeywords" },
  { name: "complaintKeywords", label: "bot.settings.complaintKeywords" },
  { name: "sensitiveKeywords", label: "bot.settings.sensitiveKeywords" },
] as const;

/** 转人工规则: when the bot hands the customer to a human (failures in a row, trigger words). */
export function TransferCard({
  settings: s,
  bad,
}: {
  settings: Pick<WorkspaceSettings, "maxFailures" | "humanKeywords" | "complaintKeywords" | "sensitiveKeywords">;
  bad: Set<string>;
}) {
  const t = useT();
  return (
    <Card title={t("bot.settings.transfer")} style={{ marginBottom: 16 }}>
      <SettingsField name="maxFailures" label={t("bot.settings.maxFailures")} help={t("bot.settings.maxFailuresHelp")} bad={bad}>
        <InputNumber name="maxFailures" min={0} max={10} defaultValue={s.maxFailures} aria-label={t("bot.settings.maxFailures")} />
      </SettingsField>
      {KEYWORD_FIELDS.map((f) => (
        <TextSetting key={f.name} {...f} help="bot.settings.wordsHelp" bad={bad} defaultValue={s[f.name].join("，")} minRows={1} />
      ))}
    </Card>
  );
}

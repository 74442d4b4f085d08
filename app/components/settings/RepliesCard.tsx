import { Card, Radio } from "antd";

import { useT } from "~/i18n";
import type { WorkspaceSettings } from "~/models/settings.server";

import { SettingsField, TextSetting } from "./SettingsField";
import { type WelcomeCard, WelcomeCardsSelect } from "./WelcomeCardsSelect";

/** The bot's fixed replies, in the order the card shows them. */
const REPLY_FIELDS = [
  { name: "fallbackReply", label: "bot.settings.fallback", help: "bot.settings.fallbackHelp" },
  { name: "transferReply", label: "bot.settings.transferReply", help: "bot.settings.transferReplyHelp" },
  { name: "defaultAnswer", label: "bot.settings.defaultAnswer", help: "bot.settings.defaultAnswerHelp" },
] as const;

/** 回复: the bot's mode, its welcome (message and cards) and its fixed replies. */
export function RepliesCard({
  slug,
  settings: s,
  bad,
  mode,
  onModeChange,
  cards,
  onCardsChange,
}: {
  slug: string;
  settings: Pick<WorkspaceSettings, "welcomeMessage" | "fallbackReply" | "transferReply" | "defaultAnswer">;
  bad: Set<string>;
  mode: WorkspaceSettings["mode"];
  onModeChange: (mode: WorkspaceSettings["mode"]) => void;
  cards: WelcomeCard[];
  onCardsChange: (cards: WelcomeCard[]) => void;
}) {
  const t = useT();
  return (
    <Card title={t("bot.settings.replies")} style={{ marginBottom: 16 }}>
      <SettingsField
        name="mode"
        label={t("bot.settings.mode")}
        help={mode === "auto" ? t("bot.settings.mode.autoHelp") : t("bot.settings.mode.assistedHelp")}
        bad={bad}
      >
        <Radio.Group
          value={mode}
          onChange={(e) => onModeChange(e.target.value)}
          optionType="button"
          options={[
            { value: "auto", label: t("bot.settings.mode.auto") },
            { value: "assisted", label: t("bot.settings.mode.assisted") },
          ]}
        />
      </SettingsField>
      <TextSetting name="welcomeMessage" label="bot.settings.welcome" bad={bad} defaultValue={s.welcomeMessage} minRows={2} />
      <SettingsField name="welcomeCards" label={t("bot.settings.cards")} help={t("bot.settings.cardsHelp")} bad={bad}>
        <WelcomeCardsSelect slug={slug} cards={cards} onChange={onCardsChange} />
      </SettingsField>
      {REPLY_FIELDS.map((f) => (
        <TextSetting key={f.name} {...f} bad={bad} defaultValue={s[f.name]} minRows={2} />
      ))}
    </Card>
  );
}

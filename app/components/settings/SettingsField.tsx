import { Form as AntForm, Input } from "antd";
import type { ReactNode } from "react";

import { type MessageKey, useT } from "~/i18n";

/** One setting of the form, labelled above its input; a field the last save rejected says so in place of its help. */
export function SettingsField({
  name,
  label,
  help,
  bad,
  children,
}: {
  name: string;
  label: string;
  help: string | undefined;
  /** The fields the last save rejected. */
  bad: Set<string>;
  children: ReactNode;
}) {
  const t = useT();
  const status = (f: string) => (bad.has(f) ? ("error" as const) : undefined);
  return (
    <AntForm.Item layout="vertical" label={label} help={bad.has(name) ? t("bot.settings.invalid") : help} validateStatus={status(name)}>
      {children}
    </AntForm.Item>
  );
}

/** A text setting: a textarea named as its field and announced by its label (label and help are message keys). */
export function TextSetting({
  name,
  label,
  help,
  bad,
  defaultValue,
  minRows,
}: {
  name: string;
  label: MessageKey;
  help?: MessageKey;
  bad: Set<string>;
  defaultValue: string;
  minRows: number;
}) {
  const t = useT();
  return (
    <SettingsField name={name} label={t(label)} help={help && t(help)} bad={bad}>
      <Input.TextArea name={name} defaultValue={defaultValue} autoSize={{ minRows }} aria-label={t(label)} />
    </SettingsField>
  );
}

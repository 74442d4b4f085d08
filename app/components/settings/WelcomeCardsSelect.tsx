import { useFetcher } from "@remix-run/react";
import { Select } from "antd";
import { useMemo } from "react";

import { useT } from "~/i18n";

export interface WelcomeCard {
  id: number;
  question: string;
}

/** The 欢迎语卡片 picker: up to 6 FAQs, searched by title. */
export function WelcomeCardsSelect({ slug, cards, onChange }: { slug: string; cards: WelcomeCard[]; onChange: (cards: WelcomeCard[]) => void }) {
  const t = useT();
  const titles = useFetcher<{ items: { id: number; question: string }[] }>();
  const cardOptions = useMemo(() => {
    const m = new Map(cards.map((c) => [c.id, c.question]));
    for (const i of titles.data?.items ?? []) m.set(i.id, i.question);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [cards, titles.data]);
  return (
    <Select
      mode="multiple"
      aria-label={t("bot.settings.cards")}
      value={cards.map((c) => c.id)}
      maxCount={6}
      showSearch={{ filterOption: false, onSearch: (q: string) => titles.load(`/w/${slug}/faqs/titles?q=${encodeURIComponent(q)}`) }}
      onFocus={() => !titles.data && titles.load(`/w/${slug}/faqs/titles?q=`)}
      onChange={(ids: number[]) => {
        const label = new Map(cardOptions.map((o) => [o.value, o.label]));
        onChange(ids.slice(0, 6).map((id) => ({ id, question: label.get(id) ?? String(id) })));
      }}
      options={cardOptions}
    />
  );
}

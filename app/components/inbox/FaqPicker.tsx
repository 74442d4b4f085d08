import { useFetcher } from "@remix-run/react";
import { Modal, Select, Typography } from "antd";
import type { RefSelectProps } from "antd/es/select";
import { useRef, useState } from "react";

import { useT } from "~/i18n";

import type { FaqSuggestion, InboxClusterRow } from "./types";

/** Search-as-you-type FAQ picker, opening on the engine's suggestions for the question. */
export function FaqPicker(props: {
  slug: string;
  open: boolean;
  title: string;
  question: string;
  suggestions: FaqSuggestion[];
  onPick: (faqId: number) => void;
  onClose: () => void;
}) {
  const t = useT();
  const titles = useFetcher<{ items: { id: number; question: string }[] }>();
  const [search, setSearch] = useState("");
  const ref = useRef<RefSelectProps>(null);
  const options = search
    ? (titles.data?.items ?? []).map((f) => ({ value: f.id, label: f.question }))
    : props.suggestions.map((s) => ({ value: s.faqId, label: `${s.question}（${Math.round(s.confidence * 100)}%）` }));
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      footer={null}
      destroyOnHidden
      afterOpenChange={(open) => open && ref.current?.focus()}
    >
      <Typography.Paragraph>
        {t("logs.picker.question")}
        <Typography.Text strong>{props.question}</Typography.Text>
      </Typography.Paragraph>
      <Select
        ref={ref}
        autoFocus
        defaultOpen
        style={{ width: "100%" }}
        aria-label={t("logs.picker.label")}
        placeholder={t("logs.picker.placeholder")}
        showSearch={{
          filterOption: false,
          onSearch: (q: string) => {
            setSearch(q);
            if (q.trim()) titles.load(`/w/${props.slug}/faqs/titles?q=${encodeURIComponent(q)}`);
          },
        }}
        notFoundContent={search ? t("logs.picker.noMatch") : t("logs.picker.noSuggestion")}
        options={options}
        onChange={(v: number) => props.onPick(v)}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {search ? t("logs.picker.searching") : t("logs.picker.suggested")}
      </Typography.Paragraph>
    </Modal>
  );
}

/** The picker's suggestions for a cluster: the engine's, with the bot's best guess first if the engine left it out. */
export function pickerSuggestions(cluster: InboxClusterRow | undefined): FaqSuggestion[] {
  const list = [...(cluster?.suggestions ?? [])];
  const best = cluster?.bestFaq;
  if (best && !list.some((s) => s.faqId === best.id)) list.unshift({ faqId: best.id, question: best.question, confidence: cluster?.maxConfidence ?? 0 });
  return list;
}

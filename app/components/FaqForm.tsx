import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { Alert, Button, Col, Form as AntForm, Input, Row, Select, Space, Switch, Tag, Typography } from "antd";
import { type ReactNode, useMemo, useRef, useState } from "react";

import { type ErrorParams, useT } from "~/i18n";

import { useHotkeys } from "./hotkeys";

export interface FaqFormValues {
  question: string;
  answer: string;
  categoryId: number | null;
  variants: string[];
  keywords: string[];
  related: { id: number; question: string }[];
  enabled: boolean;
}

export interface FieldError {
  code: string;
  params?: ErrorParams;
}

export interface FaqFormProps {
  slug: string;
  faqId?: number;
  values: FaqFormValues;
  categories: { id: number; name: string }[];
  errors?: Partial<Record<string, FieldError>>;
  conflicts?: { text: string; faqId: number; question: string }[];
  readOnly?: boolean;
  maxRelated: number;
  /**
   * Set for an FAQ from an industry pack (issue 5): the standard question and `variants` here
   * are read-only (the server keeps them whatever is submitted); `values.variants` then holds
   * only the merchant's own phrasings.
   */
  pack?: { name: string; variants: string[]; template: string; missing: string[] } | null;
}

function useFieldError() {
  const t = useT();
  return (e?: FieldError) => (e ? t.error(e.code, e.params) : undefined);
}

export function FaqForm({ slug, faqId, values, categories, errors = {}, conflicts = [], readOnly, maxRelated, pack }: FaqFormProps) {
  const t = useT();
  const msg = useFieldError();
  const nav = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const [categoryId, setCategoryId] = useState<number | null>(values.categoryId);
  const [enabled, setEnabled] = useState(values.enabled);
  const [variantsText, setVariantsText] = useState(values.variants.join("\n"));
  const [related, setRelated] = useState(values.related);
  const titles = useFetcher<{ items: { id: number; question: string }[] }>();
  useHotkeys({ "mod+s": () => !readOnly && formRef.current?.requestSubmit() });

  const lineCount = useMemo(() => variantsText.split("\n").filter((l) => l.trim()).length, [variantsText]);
  const relatedOptions = useMemo(() => {
    const map = new Map(related.map((r) => [r.id, r.question]));
    for (const i of titles.data?.items ?? []) if (i.id !== faqId) map.set(i.id, i.question);
    return [...map].map(([value, label]) => ({ value, label }));
  }, [related, titles.data, faqId]);
  // A form row: its label above, and under it the field's error or else its help.
  const field = (key: string, label: ReactNode, help?: string) => ({
    layout: "vertical" as const,
    label,
    validateStatus: errors[key] ? ("error" as const) : undefined,
    help: msg(errors[key]) ?? help,
  });

  return (
    <Form method="post" ref={formRef} aria-label={faqId ? t("faq.edit.title") : t("faq.new.title")}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="categoryId" value={categoryId ?? ""} />
      <input type="hidden" name="enabled" value={enabled ? "1" : "0"} />
      {related.map((r) => (
        <input key={r.id} type="hidden" name="related" value={r.id} />
      ))}
      {conflicts.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={conflicts.map((c) => (
            <div key={`${c.text}-${c.faqId}`}>
              {t("faq.conflict", c)} <Link to={`/w/${slug}/faqs/${c.faqId}`}>{t("faq.conflict.open")}</Link>
            </div>
          ))}
        />
      ) : null}
      <Row gutter={24}>
        <Col xs={24} lg={14}>
          <AntForm.Item
            {...field(
              "question",
              <Space size={4}>
                {t("faq.field.question")}
                {pack ? <Tag color="purple">{t("packs.faq.tag", { name: pack.name })}</Tag> : null}
              </Space>,
              pack ? t("packs.faq.readOnlyQuestion", { name: pack.name }) : t("faq.field.questionHelp"),
            )}
            required
          >
            {/* readOnly, not disabled: a disabled input is not submitted. */}
            <Input
              name="question"
              defaultValue={values.question}
              maxLength={200}
              disabled={readOnly}
              readOnly={!!pack}
              aria-readonly={!!pack}
              variant={pack ? "filled" : undefined}
              aria-invalid={!!errors.question}
              autoFocus={!faqId}
              aria-label={t("faq.field.question")}
            />
          </AntForm.Item>
          <AntForm.Item
            {...field(
              "answer",
              t("faq.field.answer"),
              pack && pack.template && !values.answer
                ? `${t("packs.faq.template", { template: pack.template })}${pack.missing.length ? `；${t("packs.faq.missing", { list: pack.missing.join("、") })}` : ""}`
                : t("faq.field.answerHelp"),
            )}
            required
          >
            <Input.TextArea
              name="answer"
              defaultValue={values.answer}
              autoSize={{ minRows: 4, maxRows: 12 }}
              disabled={readOnly}
              aria-invalid={!!errors.answer}
              aria-label={t("faq.field.answer")}
            />
          </AntForm.Item>
          {pack ? (
            <AntForm.Item layout="vertical" label={t("packs.faq.packVariants", { n: pack.variants.length })}>
              <div role="list" aria-label={t("packs.faq.packVariants", { n: pack.variants.length })} style={{ maxHeight: 160, overflow: "auto" }}>
                {pack.variants.map((v) => (
                  <Tag key={v} role="listitem" style={{ marginBottom: 4 }}>
                    {v}
                  </Tag>
                ))}
              </div>
            </AntForm.Item>
          ) : null}
          <AntForm.Item {...field("variants", `${pack ? t("packs.faq.ownVariants") : t("faq.field.variants")}（${lineCount}）`, t("faq.field.variantsHelp"))}>
            <Input.TextArea
              name="variants"
              value={variantsText}
              onChange={(e) => setVariantsText(e.target.value)}
              autoSize={{ minRows: 6, maxRows: 20 }}
              disabled={readOnly}
              aria-invalid={!!errors.variants}
              aria-label={t("faq.field.variants")}
            />
          </AntForm.Item>
        </Col>
        <Col xs={24} lg={10}>
          <AntForm.Item {...field("categoryId", t("faq.field.category"))} required>
            <Select
              aria-label={t("faq.field.category")}
              value={categoryId ?? undefined}
              onChange={(v) => setCategoryId(v)}
              options={categories.map((c) => ({ value: c.id, label: c.name }))}
              disabled={readOnly}
            />
          </AntForm.Item>
          <AntForm.Item {...field("keywords", t("faq.field.keywords"), t("faq.field.keywordsHelp"))}>
            <Input name="keywords" defaultValue={values.keywords.join(", ")} disabled={readOnly} aria-label={t("faq.field.keywords")} />
          </AntForm.Item>
          <AntForm.Item {...field("relatedIds", t("faq.field.related"), t("faq.field.relatedHelp"))}>
            <Select
              aria-label={t("faq.field.related")}
              mode="multiple"
              showSearch={{
                filterOption: false,
                onSearch: (q: string) => titles.load(`/w/${slug}/faqs/titles?q=${encodeURIComponent(q)}${faqId ? `&exclude=${faqId}` : ""}`),
              }}
              value={related.map((r) => r.id)}
              onFocus={() => !titles.data && titles.load(`/w/${slug}/faqs/titles?q=${faqId ? `&exclude=${faqId}` : ""}`)}
              onChange={(ids: number[]) => {
                const label = new Map(relatedOptions.map((o) => [o.value, o.label]));
                setRelated(ids.slice(0, maxRelated).map((id) => ({ id, question: label.get(id) ?? String(id) })));
              }}
              options={relatedOptions}
              disabled={readOnly}
              maxCount={maxRelated}
            />
          </AntForm.Item>
          <AntForm.Item layout="vertical" label={t("faq.field.enabled")}>
            <Switch checked={enabled} onChange={setEnabled} disabled={readOnly} aria-label={t("faq.field.enabled")} />
          </AntForm.Item>
        </Col>
      </Row>
      {readOnly ? null : (
        <Space>
          <Button type="primary" htmlType="submit" loading={nav.state === "submitting"}>
            {t("common.save")}
          </Button>
          <Link to={`/w/${slug}/faqs`}>
            <Button>{t("common.cancel")}</Button>
          </Link>
          <Typography.Text type="secondary">{t("nav.shortcuts")}</Typography.Text>
        </Space>
      )}
    </Form>
  );
}

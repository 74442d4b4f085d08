/**
 * The case editor (issue 11 "Authoring"): name, tags, note and the turns, each what the customer
 * says plus its expectations. Enter in a "客户说" box adds the next turn and moves the cursor there,
 * so a multi-turn dialog is typed without the mouse; expected FAQs come from a search picker over
 * the workspace's FAQs (the same /faqs/titles endpoint the FAQ form uses).
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useFetcher } from "@remix-run/react";
import { Alert, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Typography } from "antd";
import { useEffect, useRef, useState } from "react";

import { type ErrorParams, useT } from "~/i18n";

import { SUITE_DECISIONS, TRANSFER_REASONS, type TurnExpect } from "../../../training/suites/check";

export interface EditableCase {
  id: number | null;
  name: string;
  tags: string[];
  note: string;
  turns: { text: string; expect: TurnExpect }[];
}

export const blankCase = (): EditableCase => ({ id: null, name: "", tags: [], note: "", turns: [{ text: "", expect: {} }] });

function FaqPicker({ slug, value, onChange, label }: { slug: string; value?: string; onChange: (v: string | undefined) => void; label: string }) {
  const t = useT();
  const titles = useFetcher<{ items: { id: number; question: string }[] }>();
  const options = (titles.data?.items ?? []).map((i) => ({ value: i.question, label: i.question }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select
      allowClear
      aria-label={label}
      placeholder={t("suites.expect.faqPlaceholder")}
      value={value || undefined}
      style={{ width: 280 }}
      showSearch={{ filterOption: false, onSearch: (q: string) => titles.load(`/w/${slug}/faqs/titles?q=${encodeURIComponent(q)}`) }}
      onFocus={() => !titles.data && titles.load(`/w/${slug}/faqs/titles?q=`)}
      onChange={(v) => onChange(v ?? undefined)}
      options={options}
    />
  );
}

export function CaseEditor({ slug, open, initial, onClose }: { slug: string; open: boolean; initial: EditableCase; onClose: () => void }) {
  const t = useT();
  const save = useFetcher<{ ok: boolean; error?: { code: string; params: ErrorParams } }>();
  const [c, setC] = useState<EditableCase>(initial);
  const [focus, setFocus] = useState<number | null>(null);
  const says = useRef<(HTMLInputElement | null)[]>([]);
  useEffect(() => setC(initial), [initial]);
  useEffect(() => {
    if (focus !== null) says.current[focus]?.focus();
  }, [focus, c.turns.length]);
  useEffect(() => {
    if (save.state === "idle" && save.data?.ok) onClose();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [save.state, save.data]);

  const setTurn = (i: number, patch: Partial<{ text: string; expect: TurnExpect }>) =>
    setC((p) => ({ ...p, turns: p.turns.map((x, j) => (j === i ? { ...x, ...patch, expect: { ...x.expect, ...patch.expect } } : x)) }));
  const setExpect = (i: number, k: keyof TurnExpect, v: unknown) =>
    setC((p) => ({
      ...p,
      turns: p.turns.map((x, j) => {
        if (j !== i) return x;
        const expect = { ...x.expect } as Record<string, unknown>;
        if (v === undefined || v === null || v === "") delete expect[k];
        else expect[k] = v;
        return { ...x, expect: expect as TurnExpect };
      }),
    }));
  const addTurn = (after: number) => {
    setC((p) => ({ ...p, turns: [...p.turns.slice(0, after + 1), { text: "", expect: {} }, ...p.turns.slice(after + 1)] }));
    setFocus(after + 1);
  };
  const removeTurn = (i: number) => setC((p) => ({ ...p, turns: p.turns.length > 1 ? p.turns.filter((_, j) => j !== i) : p.turns }));
  const submit = () =>
    save.submit(
      { intent: "saveCase", case: JSON.stringify({ id: c.id, name: c.name, tags: c.tags, note: c.note, turns: c.turns.filter((x) => x.text.trim()) }) },
      { method: "post" },
    );
  const err = save.data && !save.data.ok ? save.data.error : null;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={880}
      title={c.id ? t("suites.case.edit") : t("suites.case.new")}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="primary" onClick={submit} loading={save.state !== "idle"} data-testid="case-save">
            {t("common.save")}
          </Button>
        </Space>
      }
    >
      <Form layout="vertical" onKeyDown={(e) => (e.ctrlKey || e.metaKey) && e.key === "s" && (e.preventDefault(), submit())}>
        {err && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t.error(err.code, err.params)} data-testid="case-error" />}
        <Space align="start" wrap>
          <Form.Item label={t("suites.case.name")} required>
            <Input
              aria-label={t("suites.case.name")}
              value={c.name}
              maxLength={100}
              style={{ width: 320 }}
              onChange={(e) => setC({ ...c, name: e.target.value })}
            />
          </Form.Item>
          <Form.Item label={t("suites.case.tags")}>
            <Select
              mode="tags"
              aria-label={t("suites.case.tags")}
              placeholder={t("suites.case.tagsPlaceholder")}
              value={c.tags}
              style={{ width: 400 }}
              onChange={(tags: string[]) => setC({ ...c, tags })}
              options={[]}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t("suites.case.note")}>
          <Input.TextArea
            aria-label={t("suites.case.note")}
            value={c.note}
            autoSize={{ minRows: 1, maxRows: 4 }}
            onChange={(e) => setC({ ...c, note: e.target.value })}
          />
        </Form.Item>
        <Typography.Title level={5}>{t("suites.case.turns")}</Typography.Title>
        <Space direction="vertical" style={{ width: "100%" }}>
          {c.turns.map((turn, i) => (
            <Card
              key={i}
              size="small"
              title={t("suites.case.turn", { n: i + 1 })}
              data-testid={`turn-${i + 1}`}
              extra={
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t("suites.case.removeTurn")}
                  onClick={() => removeTurn(i)}
                  disabled={c.turns.length === 1}
                />
              }
            >
              <Space direction="vertical" style={{ width: "100%" }}>
                <Input
                  ref={(el) => {
                    says.current[i] = el?.input ?? null;
                  }}
                  addonBefore={t("suites.case.says")}
                  aria-label={`${t("suites.case.says")} ${i + 1}`}
                  placeholder={t("suites.case.saysPlaceholder")}
                  value={turn.text}
                  maxLength={500}
                  onChange={(e) => setTurn(i, { text: e.target.value })}
                  onPressEnter={(e) => {
                    e.preventDefault();
                    if (turn.text.trim()) addTurn(i);
                  }}
                />
                <Space wrap>
                  <Select
                    aria-label={`${t("suites.expect.decision")} ${i + 1}`}
                    style={{ width: 150 }}
                    value={turn.expect.decision ?? ""}
                    onChange={(v) => setExpect(i, "decision", v)}
                    options={[
                      { value: "", label: `${t("suites.expect.decision")}：${t("suites.expect.anyDecision")}` },
                      ...SUITE_DECISIONS.map((d) => ({ value: d, label: t(`bot.decision.${d}`) })),
                    ]}
                  />
                  {(turn.expect.decision === "answer" || !turn.expect.decision || turn.expect.faq) && (
                    <FaqPicker slug={slug} label={`${t("suites.expect.faq")} ${i + 1}`} value={turn.expect.faq} onChange={(v) => setExpect(i, "faq", v)} />
                  )}
                  {turn.expect.decision === "transfer" && (
                    <Select
                      allowClear
                      aria-label={`${t("suites.expect.reason")} ${i + 1}`}
                      placeholder={t("suites.expect.reason")}
                      style={{ width: 200 }}
                      value={turn.expect.reason}
                      onChange={(v) => setExpect(i, "reason", v)}
                      options={TRANSFER_REASONS.map((r) => ({ value: r, label: t(`bot.reason.${r}`) }))}
                    />
                  )}
                  {turn.expect.decision === "clarify" && (
                    <FaqPicker
                      slug={slug}
                      label={`${t("suites.expect.clarifyContains")} ${i + 1}`}
                      value={turn.expect.clarifyContains}
                      onChange={(v) => setExpect(i, "clarifyContains", v)}
                    />
                  )}
                </Space>
                <Space wrap>
                  <Input
                    addonBefore={t("suites.expect.contains")}
                    aria-label={`${t("suites.expect.contains")} ${i + 1}`}
                    value={turn.expect.contains ?? ""}
                    style={{ width: 260 }}
                    onChange={(e) => setExpect(i, "contains", e.target.value)}
                  />
                  <Input
                    addonBefore={t("suites.expect.notContains")}
                    aria-label={`${t("suites.expect.notContains")} ${i + 1}`}
                    value={turn.expect.notContains ?? ""}
                    style={{ width: 260 }}
                    onChange={(e) => setExpect(i, "notContains", e.target.value)}
                  />
                  <Space.Compact>
                    <Button disabled tabIndex={-1}>
                      {t("suites.expect.minConfidence")}
                    </Button>
                    <InputNumber
                      aria-label={`${t("suites.expect.minConfidence")} ${i + 1}`}
                      min={0}
                      max={1}
                      step={0.05}
                      value={turn.expect.minConfidence ?? null}
                      onChange={(v) => setExpect(i, "minConfidence", v)}
                    />
                  </Space.Compact>
                </Space>
              </Space>
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => addTurn(c.turns.length - 1)} data-testid="add-turn">
            {t("suites.case.addTurn")}
          </Button>
        </Space>
      </Form>
    </Drawer>
  );
}

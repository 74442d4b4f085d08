import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Col, Descriptions, Form as AntForm, Input, InputNumber, Radio, Row, Select, Typography } from "antd";
import { useMemo, useState } from "react";
import { z } from "zod";

import { EngineStatus } from "~/components/EngineStatus";
import { useT } from "~/i18n";
import { engineStatus, LABELS_FOR_CALIBRATION } from "~/models/engine.server";
import { getFaq } from "~/models/faq.server";
import { getSettings, updateSettings } from "~/models/settings.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "机器人设置 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "manageSettings");
  const s = await getSettings(ctx.workspace.id);
  const cards = [];
  for (const id of s.welcomeCards) {
    const f = await getFaq({ workspaceId: ctx.workspace.id, id });
    if (f) cards.push({ id: f.id, question: f.question });
  }
  return {
    slug: ctx.workspace.slug,
    settings: {
      mode: s.mode,
      fallbackReply: s.fallbackReply,
      transferReply: s.transferReply,
      welcomeMessage: s.welcomeMessage,
      answerThreshold: s.answerThreshold,
      clarifyThreshold: s.clarifyThreshold,
      targetPrecision: s.targetPrecision,
      maxFailures: s.maxFailures,
      sensitiveKeywords: s.sensitiveKeywords,
      humanKeywords: s.humanKeywords,
      complaintKeywords: s.complaintKeywords,
      defaultAnswer: s.defaultAnswer,
    },
    cards,
    calibration: (await engineStatus(ctx.workspace.id)).calibration,
    labelsMin: LABELS_FOR_CALIBRATION,
  };
}

const words = (s: string) =>
  [
    ...new Set(
      s
        .split(/[,，、|\n]+/)
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  ].slice(0, 200);
const optionalUnit = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : Number(v)))
  .pipe(z.number().min(0).max(1).nullable());

const SettingsSchema = z.object({
  mode: z.enum(["auto", "assisted"]),
  fallbackReply: z.string().trim().min(1).max(500),
  transferReply: z.string().trim().min(1).max(500),
  welcomeMessage: z.string().trim().min(1).max(500),
  welcomeCards: z.array(z.coerce.number().int().positive()).max(6),
  answerThreshold: optionalUnit,
  clarifyThreshold: optionalUnit,
  // Entered in percent.
  targetPrecision: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number().min(80).max(99).optional())
    .transform((v) => (v === undefined ? undefined : v / 100)),
  maxFailures: z.coerce.number().int().min(0).max(10),
  sensitiveKeywords: z.string().max(10_000).transform(words),
  humanKeywords: z.string().max(10_000).transform(words),
  complaintKeywords: z.string().max(10_000).transform(words),
  defaultAnswer: z.string().trim().max(1000),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "manageSettings");
  const form = await request.formData();
  const parsed = SettingsSchema.safeParse({ ...Object.fromEntries(form), welcomeCards: form.getAll("welcomeCards") });
  if (!parsed.success) {
    return data({ ok: false as const, fields: parsed.error.issues.map((i) => String(i.path[0])) }, { status: 400 });
  }
  const p = parsed.data;
  if (p.answerThreshold !== null && p.clarifyThreshold !== null && p.clarifyThreshold > p.answerThreshold) {
    return data({ ok: false as const, fields: ["clarifyThreshold"] }, { status: 400 });
  }
  const cards: number[] = [];
  for (const id of p.welcomeCards) if (await getFaq({ workspaceId: ctx.workspace.id, id })) cards.push(id);
  const { targetPrecision, ...rest } = p;
  // A form without the target (an older client) keeps the saved one.
  const patch = { ...rest, welcomeCards: cards, ...(targetPrecision === undefined ? {} : { targetPrecision }) };
  await updateSettings({ workspaceId: ctx.workspace.id, userId: ctx.user.id, patch });
  return { ok: true as const, fields: [] as string[] };
}

export default function SettingsPage() {
  const { slug, settings: s, cards: initialCards, calibration: cal, labelsMin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const [mode, setMode] = useState(s.mode);
  const [cards, setCards] = useState(initialCards);
  const titles = useFetcher<{ items: { id: number; question: string }[] }>();
  const bad = new Set(result && !result.ok ? result.fields : []);
  const status = (f: string) => (bad.has(f) ? ("error" as const) : undefined);
  const cardOptions = useMemo(() => {
    const m = new Map(cards.map((c) => [c.id, c.question]));
    for (const i of titles.data?.items ?? []) m.set(i.id, i.question);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [cards, titles.data]);
  const item = (name: string, label: string, help: string | undefined, child: React.ReactNode) => (
    <AntForm.Item layout="vertical" label={label} help={bad.has(name) ? t("bot.settings.invalid") : help} validateStatus={status(name)}>
      {child}
    </AntForm.Item>
  );
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("bot.settings.title")}</h1>
        <EngineStatus slug={slug} canTrain />
      </div>
      {result ? (
        <Alert style={{ marginBottom: 16 }} showIcon type={result.ok ? "success" : "error"} title={result.ok ? t("common.saved") : t("bot.settings.invalid")} />
      ) : null}
      <Form method="post">
        <input type="hidden" name="mode" value={mode} />
        {cards.map((c) => (
          <input key={c.id} type="hidden" name="welcomeCards" value={c.id} />
        ))}
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card title={t("bot.settings.replies")} style={{ marginBottom: 16 }}>
              {item(
                "mode",
                t("bot.settings.mode"),
                mode === "auto" ? t("bot.settings.mode.autoHelp") : t("bot.settings.mode.assistedHelp"),
                <Radio.Group
                  value={mode}
                  onChange={(e) => setMode(e.target.value)}
                  optionType="button"
                  options={[
                    { value: "auto", label: t("bot.settings.mode.auto") },
                    { value: "assisted", label: t("bot.settings.mode.assisted") },
                  ]}
                />,
              )}
              {item(
                "welcomeMessage",
                t("bot.settings.welcome"),
                undefined,
                <Input.TextArea name="welcomeMessage" defaultValue={s.welcomeMessage} autoSize={{ minRows: 2 }} aria-label={t("bot.settings.welcome")} />,
              )}
              {item(
                "welcomeCards",
                t("bot.settings.cards"),
                t("bot.settings.cardsHelp"),
                <Select
                  mode="multiple"
                  aria-label={t("bot.settings.cards")}
                  value={cards.map((c) => c.id)}
                  maxCount={6}
                  showSearch={{ filterOption: false, onSearch: (q: string) => titles.load(`/w/${slug}/faqs/titles?q=${encodeURIComponent(q)}`) }}
                  onFocus={() => !titles.data && titles.load(`/w/${slug}/faqs/titles?q=`)}
                  onChange={(ids: number[]) => {
                    const label = new Map(cardOptions.map((o) => [o.value, o.label]));
                    setCards(ids.slice(0, 6).map((id) => ({ id, question: label.get(id) ?? String(id) })));
                  }}
                  options={cardOptions}
                />,
              )}
              {item(
                "fallbackReply",
                t("bot.settings.fallback"),
                t("bot.settings.fallbackHelp"),
                <Input.TextArea name="fallbackReply" defaultValue={s.fallbackReply} autoSize={{ minRows: 2 }} aria-label={t("bot.settings.fallback")} />,
              )}
              {item(
                "transferReply",
                t("bot.settings.transferReply"),
                t("bot.settings.transferReplyHelp"),
                <Input.TextArea name="transferReply" defaultValue={s.transferReply} autoSize={{ minRows: 2 }} aria-label={t("bot.settings.transferReply")} />,
              )}
              {item(
                "defaultAnswer",
                t("bot.settings.defaultAnswer"),
                t("bot.settings.defaultAnswerHelp"),
                <Input.TextArea name="defaultAnswer" defaultValue={s.defaultAnswer} autoSize={{ minRows: 2 }} aria-label={t("bot.settings.defaultAnswer")} />,
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t("bot.settings.thresholds")} style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary">{t("bot.settings.thresholdsHelp")}</Typography.Paragraph>
              <Row gutter={16}>
                <Col span={12}>
                  {item(
                    "answerThreshold",
                    t("bot.settings.answerThreshold"),
                    t("bot.settings.auto"),
                    <InputNumber
                      name="answerThreshold"
                      min={0}
                      max={1}
                      step={0.01}
                      defaultValue={s.answerThreshold ?? undefined}
                      style={{ width: "100%" }}
                      aria-label={t("bot.settings.answerThreshold")}
                    />,
                  )}
                </Col>
                <Col span={12}>
                  {item(
                    "clarifyThreshold",
                    t("bot.settings.clarifyThreshold"),
                    t("bot.settings.auto"),
                    <InputNumber
                      name="clarifyThreshold"
                      min={0}
                      max={1}
                      step={0.01}
                      defaultValue={s.clarifyThreshold ?? undefined}
                      style={{ width: "100%" }}
                      aria-label={t("bot.settings.clarifyThreshold")}
                    />,
                  )}
                </Col>
              </Row>
              {item(
                "targetPrecision",
                t("bot.settings.targetPrecision"),
                t("bot.settings.targetPrecisionHelp"),
                <InputNumber
                  name="targetPrecision"
                  min={80}
                  max={99}
                  step={1}
                  defaultValue={Math.round(s.targetPrecision * 100)}
                  style={{ width: 160 }}
                  aria-label={t("bot.settings.targetPrecision")}
                />,
              )}
              <CalibrationFigures calibration={cal} labelsMin={labelsMin} />
            </Card>
            <Card title={t("bot.settings.transfer")} style={{ marginBottom: 16 }}>
              {item(
                "maxFailures",
                t("bot.settings.maxFailures"),
                t("bot.settings.maxFailuresHelp"),
                <InputNumber name="maxFailures" min={0} max={10} defaultValue={s.maxFailures} aria-label={t("bot.settings.maxFailures")} />,
              )}
              {item(
                "humanKeywords",
                t("bot.settings.humanKeywords"),
                t("bot.settings.wordsHelp"),
                <Input.TextArea
                  name="humanKeywords"
                  defaultValue={s.humanKeywords.join("，")}
                  autoSize={{ minRows: 1 }}
                  aria-label={t("bot.settings.humanKeywords")}
                />,
              )}
              {item(
                "complaintKeywords",
                t("bot.settings.complaintKeywords"),
                t("bot.settings.wordsHelp"),
                <Input.TextArea
                  name="complaintKeywords"
                  defaultValue={s.complaintKeywords.join("，")}
                  autoSize={{ minRows: 1 }}
                  aria-label={t("bot.settings.complaintKeywords")}
                />,
              )}
              {item(
                "sensitiveKeywords",
                t("bot.settings.sensitiveKeywords"),
                t("bot.settings.wordsHelp"),
                <Input.TextArea
                  name="sensitiveKeywords"
                  defaultValue={s.sensitiveKeywords.join("，")}
                  autoSize={{ minRows: 1 }}
                  aria-label={t("bot.settings.sensitiveKeywords")}
                />,
              )}
            </Card>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={nav.state === "submitting"}>
          {t("common.save")}
        </Button>
      </Form>
    </div>
  );
}

/** The figures behind the automatic thresholds (issue 10): what they were chosen from and what they promise. */
function CalibrationFigures({ calibration: c, labelsMin }: { calibration: ReturnType<typeof useLoaderData<typeof loader>>["calibration"]; labelsMin: number }) {
  const t = useT();
  if (!c) return <Typography.Paragraph type="secondary">{t("bot.calibration.notReady")}</Typography.Paragraph>;
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const basis =
    c.source === "override"
      ? t("bot.calibration.override")
      : c.thresholdsFrom === "labels"
        ? t("bot.calibration.fromLabels", { inScope: c.labels.inScope, outOfScope: c.labels.outOfScope, heldOut: c.heldOut })
        : t("bot.calibration.fromHeldOut", { heldOut: c.heldOut });
  return (
    <div data-testid="calibration">
      <Typography.Title level={5}>{t("bot.calibration.title")}</Typography.Title>
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: "source", label: t("bot.calibration.source"), children: basis, span: 2 },
          { key: "answer", label: t("bot.calibration.answer"), children: c.answerThreshold.toFixed(3) },
          { key: "clarify", label: t("bot.calibration.clarify"), children: c.clarifyThreshold.toFixed(3) },
          { key: "hit", label: t("bot.calibration.hitRate"), children: c.estimated ? pct(c.estimated.hitRate) : "—" },
          { key: "precision", label: t("bot.calibration.precision"), children: c.estimated ? pct(c.estimated.answerPrecision) : "—" },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {c.thresholdsFrom === "labels" ? null : `${t("bot.calibration.hint", { min: labelsMin })} `}
        {t("bot.calibration.definition")}
      </Typography.Paragraph>
    </div>
  );
}

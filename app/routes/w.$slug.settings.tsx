import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Col, Row } from "antd";
import { useState } from "react";
import { z } from "zod";

import { EngineStatus } from "~/components/EngineStatus";
import { RepliesCard } from "~/components/settings/RepliesCard";
import { ThresholdsCard } from "~/components/settings/ThresholdsCard";
import { TransferCard } from "~/components/settings/TransferCard";
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
  const bad = new Set(result && !result.ok ? result.fields : []);
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
            <RepliesCard slug={slug} settings={s} bad={bad} mode={mode} onModeChange={setMode} cards={cards} onCardsChange={setCards} />
          </Col>
          <Col xs={24} xl={12}>
            <ThresholdsCard settings={s} bad={bad} calibration={cal} labelsMin={labelsMin} />
            <TransferCard settings={s} bad={bad} />
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={nav.state === "submitting"}>
          {t("common.save")}
        </Button>
      </Form>
    </div>
  );
}

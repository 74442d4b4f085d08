import { PlusOutlined, RedoOutlined, SendOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import type { InputRef } from "antd";
import { Alert, Button, Card, Col, Empty, Input, Row, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";

import { MAX_PRODUCT_ID_LENGTH } from "~/bot-api";
import { DecisionTag } from "~/components/bot/DecisionTag";
import { EngineStatus } from "~/components/EngineStatus";
import { SaveAsCase } from "~/components/suites/SaveAsCase";
import { UnpublishedNotice } from "~/components/versions/UnpublishedNotice";
import { useT } from "~/i18n";
import { type BotReply, botReply, MAX_MESSAGE_LENGTH, MAX_SESSION_ID_LENGTH } from "~/models/bot.server";
import { productOptions } from "~/models/products.server";
import { addVariantToFaq, welcomeOf } from "~/models/simulator.server";
import { caseForSimulator, suiteOptions } from "~/models/suites.server";
import { publishedNumber } from "~/models/versions.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "对话模拟器 · KB Studio" }];

/**
 * A customer turn changes nothing the loader reads: without a revalidation the reply is shown as
 * soon as it arrives, and the next message (typed, or a replayed case's next turn) is not held up
 * behind a reload of the page's data.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "send" ? false : defaultShouldRevalidate;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "useSimulator");
  const canWriteSuites = can(ctx.role, "writeSuites");
  const [welcome, published, products, suites] = await Promise.all([
    welcomeOf(ctx.workspace.id),
    publishedNumber(ctx.workspace.id),
    productOptions(ctx.workspace.id),
    canWriteSuites ? suiteOptions(ctx.workspace.id) : null,
  ]);
  // ?product=商品ID opens the simulator on a product (from the 商品知识库 page).
  const search = new URL(request.url).searchParams;
  const asked = search.get("product");
  const initialProduct = asked && products.some((p) => p.externalId === asked) ? asked : null;
  // ?suite=ID&case=ID replays a test case's turns (the run report's 在模拟器中打开); &version=published.
  const replay =
    search.get("suite") && search.get("case") ? await caseForSimulator(ctx.workspace.id, Number(search.get("suite")), Number(search.get("case"))) : null;
  const initialVersion: "draft" | "published" = search.get("version") === "published" ? "published" : "draft";
  return {
    slug: ctx.workspace.slug,
    canEdit: can(ctx.role, "editKnowledge"),
    canTrain: can(ctx.role, "trainEngine"),
    welcome,
    maxLength: MAX_MESSAGE_LENGTH,
    published,
    products,
    initialProduct,
    replay,
    initialVersion,
    /** The suites a conversation can be saved into (qa and admins; null: not allowed). */
    suites,
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("send"),
    sessionId: z.string().min(1).max(MAX_SESSION_ID_LENGTH),
    text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
    /** 草稿 or 已发布 (issue 13). */
    version: z.enum(["draft", "published"]).catch("draft").default("draft"),
    productId: z.string().trim().max(MAX_PRODUCT_ID_LENGTH).optional(),
  }),
  z.object({ intent: z.literal("addVariant"), faqId: z.coerce.number().int().positive(), text: z.string().trim().min(1).max(200) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = ActionSchema.safeParse(form);
  if (!parsed.success) {
    await requireWorkspace(request, params.slug, "useSimulator");
    return data({ intent: "error" as const, error: "bot.sim.badInput" }, { status: 400 });
  }
  if (parsed.data.intent === "send") {
    const ctx = await requireWorkspace(request, params.slug, "useSimulator");
    const reply = await botReply({
      workspaceId: ctx.workspace.id,
      channel: "simulator",
      sessionId: `${ctx.user.id}:${parsed.data.sessionId}`,
      text: parsed.data.text,
      fresh: true,
      version: parsed.data.version,
      productId: parsed.data.productId || null,
    });
    return { intent: "send" as const, text: parsed.data.text, reply };
  }
  const ctx = await requireWorkspace(request, params.slug, "editKnowledge");
  const r = await addVariantToFaq({ workspaceId: ctx.workspace.id, userId: ctx.user.id, faqId: parsed.data.faqId, text: parsed.data.text });
  if (!r.ok) return data({ intent: "addVariant" as const, ok: false as const, error: r.error, conflict: r.conflict ?? null }, { status: r.status });
  return { intent: "addVariant" as const, ok: true as const, faqId: parsed.data.faqId, question: r.question };
}

interface Turn {
  id: number;
  text: string;
  reply: BotReply;
}

function newSessionId() {
  return Math.random().toString(36).slice(2, 12);
}

export default function Simulator() {
  const { slug, canEdit, canTrain, welcome, maxLength, published, products, initialProduct, suites, replay, initialVersion } = useLoaderData<typeof loader>();
  const [version, setVersion] = useState<"draft" | "published">(initialVersion);
  const t = useT();
  const send = useFetcher<typeof action>();
  const add = useFetcher<typeof action>();
  const [sessionId, setSessionId] = useState(newSessionId);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState("");
  const [selected, setSelected] = useState<number | null>(null);
  const [productId, setProductId] = useState<string | null>(initialProduct);
  const inputRef = useRef<InputRef>(null);
  /** What the customer still has to say of a replayed test case, sent one after the other. */
  const [queue, setQueue] = useState<string[]>(() => replay?.texts ?? []);
  const bottomRef = useRef<HTMLDivElement>(null);

  /**
   * True from a replayed turn's submit until its reply is in: the fetcher's state turns to
   * "submitting" a render later than the submit, and a second submit in between would abort the
   * first turn's request (its reply never shown, the follow-up asked without its history).
   */
  const inFlight = useRef(false);
  useEffect(() => {
    if (send.state !== "idle") return;
    inFlight.current = false;
    const d = send.data;
    if (d && d.intent === "send") {
      setTurns((prev) => (prev.some((p) => p.reply === d.reply) ? prev : [...prev, { id: prev.length + 1, text: d.text, reply: d.reply }]));
      setSelected(null);
      // Back to the chat box for the next question, unless the trainer has moved on to a dialog
      // (存为测试用例): taking the focus from it would close its open dropdown mid-choice.
      if (!document.activeElement?.closest('[role="dialog"]')) inputRef.current?.focus();
    }
  }, [send.state, send.data]);
  useEffect(() => {
    // In braces: newer browsers return a promise from scrollIntoView, and an effect must not return one.
    bottomRef.current?.scrollIntoView({ block: "end" });
  }, [turns.length]);

  const ask = (q: string) => {
    const v = q.trim();
    if (!v || send.state !== "idle" || inFlight.current) return;
    inFlight.current = true;
    send.submit({ intent: "send", sessionId, text: v, version, ...(productId ? { productId } : {}) }, { method: "post" });
    setText("");
  };
  useEffect(() => {
    // One turn at a time, in order, each in the same session: the case's follow-ups need their history.
    if (!queue.length || send.state !== "idle" || inFlight.current) return;
    const [next, ...rest] = queue;
    inFlight.current = true;
    send.submit({ intent: "send", sessionId, text: next, version, ...(productId ? { productId } : {}) }, { method: "post" });
    setQueue(rest);
  }, [queue, send, sessionId, version, productId]);
  const current = selected === null ? turns[turns.length - 1] : turns.find((x) => x.id === selected);
  const pending = send.state !== "idle" ? (send.formData?.get("text") as string | null) : null;
  const addResult = add.data && add.data.intent === "addVariant" ? add.data : null;
  const scoreKeys = current ? [...new Set(current.reply.candidates.flatMap((c) => Object.keys(c.scores).filter((k) => c.scores[k] !== undefined)))] : [];

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("bot.sim.title")}</h1>
        <Space wrap>
          <Segmented
            aria-label={t("versions.sim.label")}
            value={version}
            onChange={(v) => setVersion(v as "draft" | "published")}
            options={[
              { value: "draft", label: t("versions.sim.draft") },
              { value: "published", label: published === null ? t("versions.sim.published") : `${t("versions.sim.published")} v${published}` },
            ]}
          />
          {products.length ? (
            <Select
              showSearch={{ optionFilterProp: "label" }}
              allowClear
              style={{ width: 300 }}
              value={productId ?? undefined}
              placeholder={t("products.sim.noProduct")}
              aria-label={t("products.sim.product")}
              data-testid="sim-product"
              onChange={(v?: string) => {
                // Another product is another conversation: the session remembers its product.
                setProductId(v ?? null);
                setSessionId(newSessionId());
                setTurns([]);
                setSelected(null);
              }}
              options={products.map((p) => ({ value: p.externalId, label: `${p.title}（${p.externalId}）` }))}
            />
          ) : null}
          <EngineStatus slug={slug} canTrain={canTrain} />
          {suites && <SaveAsCase slug={slug} suites={suites} turns={turns} />}
          <Button
            icon={<RedoOutlined />}
            onClick={() => {
              setSessionId(newSessionId());
              setTurns([]);
              setSelected(null);
              inputRef.current?.focus();
            }}
          >
            {t("bot.sim.newSession")}
          </Button>
        </Space>
      </div>
      {version === "published" && published === null && <UnpublishedNotice slug={slug} />}
      {replay && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="replay-notice"
          message={t("suites.sim.replaying", { name: replay.caseName, suite: replay.suiteName, n: replay.texts.length })}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={11}>
          <Card className="kb-chat" styles={{ body: { padding: 0 } }}>
            <div className="kb-chat-log" aria-live="polite">
              <div className="kb-msg kb-msg-bot">
                <div className="kb-bubble">
                  <div className="kb-answer">{welcome.message}</div>
                  {welcome.cards.length ? (
                    <div className="kb-cards">
                      {welcome.cards.map((c) => (
                        <Button key={c.id} size="small" onClick={() => ask(c.question)}>
                          {c.question}
                        </Button>
                      ))}
                    </div>
                  ) : null}
                </div>
              </div>
              {turns.map((turn) => (
                <div key={turn.id}>
                  <div className="kb-msg kb-msg-user">
                    <div className="kb-bubble">{turn.text}</div>
                  </div>
                  <div
                    className={`kb-msg kb-msg-bot${selected === turn.id ? " kb-msg-selected" : ""}`}
                    onClick={() => setSelected(turn.id)}
                    role="button"
                    tabIndex={0}
                    aria-label={t("bot.sim.inspect")}
                  >
                    <div className="kb-bubble">
                      <Space size={4} style={{ marginBottom: 4 }}>
                        <DecisionTag decision={turn.reply.decision} data-testid="decision" />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t("bot.sim.confidence", { c: turn.reply.confidence.toFixed(2) })}
                        </Typography.Text>
                        {turn.reply.product?.answer ? (
                          <Tooltip title={t("products.sim.fromProduct", { title: turn.reply.product.title })}>
                            <Tag color="purple" data-testid="product-answer">
                              {t(`products.sim.kind.${turn.reply.product.answer.kind}`)}
                            </Tag>
                          </Tooltip>
                        ) : null}
                      </Space>
                      {turn.reply.mode === "assisted" ? (
                        <div>
                          <Typography.Text type="secondary">{t("bot.sim.assisted")}</Typography.Text>
                          <ol style={{ margin: 0, paddingLeft: 18 }}>
                            {turn.reply.suggestions.map((s) => (
                              <li key={s.faqId}>
                                {s.question}
                                {s.answer ? <div className="kb-answer kb-muted">{s.answer}</div> : null}
                              </li>
                            ))}
                          </ol>
                        </div>
                      ) : turn.reply.decision === "clarify" ? (
                        <div>
                          <div>{t("bot.sim.clarify")}</div>
                          <div className="kb-cards">
                            {turn.reply.suggestions.map((s) => (
                              <Button key={s.faqId} size="small" onClick={() => ask(s.question)}>
                                {s.question}
                              </Button>
                            ))}
                          </div>
                        </div>
                      ) : (
                        <div className="kb-answer">
                          {turn.reply.decision === "transfer" ? (turn.reply.reply ?? t("bot.sim.transferReply")) : turn.reply.reply}
                        </div>
                      )}
                      {turn.reply.decision === "answer" && turn.reply.suggestions.length ? (
                        <div className="kb-cards">
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t("bot.sim.related")}
                          </Typography.Text>
                          {turn.reply.suggestions.map((s) => (
                            <Button key={s.faqId} size="small" type="link" onClick={() => ask(s.question)}>
                              {s.question}
                            </Button>
                          ))}
                        </div>
                      ) : null}
                    </div>
                  </div>
                </div>
              ))}
              {pending ? (
                <div className="kb-msg kb-msg-user">
                  <div className="kb-bubble kb-muted">{pending}</div>
                </div>
              ) : null}
              <div ref={bottomRef} />
            </div>
            <div className="kb-chat-input">
              <Space.Compact style={{ width: "100%" }}>
                <Input
                  ref={inputRef}
                  autoFocus
                  value={text}
                  maxLength={maxLength}
                  onChange={(e) => setText(e.target.value)}
                  onPressEnter={() => ask(text)}
                  placeholder={t("bot.sim.placeholder")}
                  aria-label={t("bot.sim.placeholder")}
                />
                <Button type="primary" icon={<SendOutlined />} onClick={() => ask(text)} loading={send.state !== "idle"}>
                  {t("bot.sim.send")}
                </Button>
              </Space.Compact>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card title={t("bot.sim.analysis")} size="small">
            {!current ? (
              <Empty description={t("bot.sim.emptyAnalysis")} />
            ) : (
              <div>
                <Space wrap style={{ marginBottom: 12 }}>
                  <DecisionTag decision={current.reply.decision} />
                  <span>{t("bot.sim.confidence", { c: current.reply.confidence.toFixed(3) })}</span>
                  <span className="kb-muted">{t("bot.sim.latency", { ms: current.reply.latencyMs.toFixed(1) })}</span>
                  {current.reply.followUp ? <Tag color="purple">{t("bot.sim.followUp", { text: current.reply.matchedText })}</Tag> : null}
                </Space>
                {current.reply.reason ? (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t(`bot.reason.${current.reply.reason}`)}
                    description={current.reply.trigger ? t("bot.sim.trigger", { word: current.reply.trigger }) : undefined}
                  />
                ) : null}
                {addResult ? (
                  <Alert
                    style={{ marginBottom: 12 }}
                    showIcon
                    type={addResult.ok ? "success" : "error"}
                    title={addResult.ok ? t("bot.sim.added", { question: addResult.question }) : t(addResult.error, addResult.conflict ?? {})}
                  />
                ) : null}
                <Table
                  size="small"
                  rowKey="faqId"
                  pagination={false}
                  dataSource={current.reply.candidates}
                  locale={{ emptyText: t("bot.sim.noCandidates") }}
                  columns={[
                    { title: "#", key: "rank", width: 36, render: (_: unknown, _r, i) => i + 1 },
                    {
                      title: t("bot.sim.candidate"),
                      dataIndex: "question",
                      width: 180,
                      render: (q: string, c) => <Link to={`/w/${slug}/faqs/${c.faqId}`}>{q}</Link>,
                    },
                    ...scoreKeys.map((k) => ({
                      title: <Tooltip title={t(`bot.score.${k}.help`)}>{t(`bot.score.${k}`)}</Tooltip>,
                      key: k,
                      width: 58,
                      render: (_: unknown, c: BotReply["candidates"][number]) => (c.scores[k] === undefined ? "—" : c.scores[k]!.toFixed(2)),
                    })),
                    { title: t("bot.sim.fused"), dataIndex: "confidence", width: 64, render: (v: number) => <strong>{v.toFixed(3)}</strong> },
                    ...(canEdit
                      ? [
                          {
                            title: "",
                            key: "add",
                            width: 48,
                            render: (_: unknown, c: BotReply["candidates"][number]) => (
                              <add.Form method="post">
                                <input type="hidden" name="intent" value="addVariant" />
                                <input type="hidden" name="faqId" value={c.faqId} />
                                <input type="hidden" name="text" value={current.text} />
                                <Tooltip title={t("bot.sim.addVariantHelp", { text: current.text })}>
                                  <Button
                                    size="small"
                                    icon={<PlusOutlined />}
                                    htmlType="submit"
                                    loading={add.state !== "idle"}
                                    aria-label={t("bot.sim.addVariant")}
                                  />
                                </Tooltip>
                              </add.Form>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

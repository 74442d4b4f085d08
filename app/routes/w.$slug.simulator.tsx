import { RedoOutlined, SendOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useLoaderData } from "@remix-run/react";
import { Alert, Button, Card, Col, Input, Row, Segmented, Space } from "antd";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";

import { MAX_PRODUCT_ID_LENGTH } from "~/bot-api";
import { EngineStatus } from "~/components/EngineStatus";
import { AnalysisPanel } from "~/components/simulator/AnalysisPanel";
import { ChatTurn } from "~/components/simulator/ChatTurn";
import { ProductPicker } from "~/components/simulator/ProductPicker";
import { useConversation } from "~/components/simulator/use-conversation";
import { SaveAsCase } from "~/components/suites/SaveAsCase";
import { UnpublishedNotice } from "~/components/versions/UnpublishedNotice";
import { useT } from "~/i18n";
import { botReply, MAX_MESSAGE_LENGTH, MAX_SESSION_ID_LENGTH } from "~/models/bot.server";
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

export default function Simulator() {
  const { slug, canEdit, canTrain, welcome, maxLength, published, products, initialProduct, suites, replay, initialVersion } = useLoaderData<typeof loader>();
  const t = useT();
  const [version, setVersion] = useState<"draft" | "published">(initialVersion);
  const [productId, setProductId] = useState<string | null>(initialProduct);
  const [text, setText] = useState("");
  const chat = useConversation({ replay: replay?.texts ?? null, version, productId });
  const { turns, inputRef } = chat;
  const bottomRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // In braces: newer browsers return a promise from scrollIntoView, and an effect must not return one.
    bottomRef.current?.scrollIntoView({ block: "end" });
  }, [turns.length]);
  const ask = (q: string) => {
    if (chat.ask(q)) setText("");
  };

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
            <ProductPicker
              products={products}
              value={productId}
              onChange={(v?: string) => {
                // Another product is another conversation: the session remembers its product.
                setProductId(v ?? null);
                chat.restart();
              }}
            />
          ) : null}
          <EngineStatus slug={slug} canTrain={canTrain} statusKey={chat.statusKey} />
          {suites && <SaveAsCase slug={slug} suites={suites} turns={turns} />}
          <Button
            icon={<RedoOutlined />}
            onClick={() => {
              chat.restart();
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
                <ChatTurn key={turn.id} turn={turn} selected={chat.selected === turn.id} onSelect={() => chat.setSelected(turn.id)} ask={ask} />
              ))}
              {chat.pending ? (
                <div className="kb-msg kb-msg-user">
                  <div className="kb-bubble kb-muted">{chat.pending}</div>
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
                <Button type="primary" icon={<SendOutlined />} onClick={() => ask(text)} loading={chat.loading}>
                  {t("bot.sim.send")}
                </Button>
              </Space.Compact>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <AnalysisPanel slug={slug} canEdit={canEdit} current={chat.current} />
        </Col>
      </Row>
    </div>
  );
}

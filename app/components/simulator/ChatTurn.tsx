import { Button, Space, Tag, Tooltip, Typography } from "antd";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { useT } from "~/i18n";

import type { Turn } from "./use-conversation";

/** One turn of the conversation: the customer's bubble, then the bot's (clicked: shown in the analysis). */
export function ChatTurn({ turn, selected, onSelect, ask }: { turn: Turn; selected: boolean; onSelect: () => void; ask: (q: string) => void }) {
  const t = useT();
  return (
    <div>
      <div className="kb-msg kb-msg-user">
        <div className="kb-bubble">{turn.text}</div>
      </div>
      <div className={`kb-msg kb-msg-bot${selected ? " kb-msg-selected" : ""}`} onClick={onSelect} role="button" tabIndex={0} aria-label={t("bot.sim.inspect")}>
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
            <div className="kb-answer">{turn.reply.decision === "transfer" ? (turn.reply.reply ?? t("bot.sim.transferReply")) : turn.reply.reply}</div>
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
  );
}

import { PlusOutlined } from "@ant-design/icons";
import { Link, useFetcher } from "@remix-run/react";
import { Alert, Button, Card, Empty, Space, Table, Tag, Tooltip } from "antd";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { useT } from "~/i18n";
import type { BotReply } from "~/models/bot.server";
import type { action as simulatorAction } from "~/routes/w.$slug.simulator";

import type { Turn } from "./use-conversation";

/**
 * 本轮分析, the analysis of the selected turn (the latest one unless a bot bubble was clicked): the decision and why,
 * and the candidates with their scores; editors add the customer's words to a candidate as a variant.
 */
export function AnalysisPanel({ slug, canEdit, current }: { slug: string; canEdit: boolean; current: Turn | undefined }) {
  const t = useT();
  const add = useFetcher<typeof simulatorAction>();
  const addResult = add.data && add.data.intent === "addVariant" ? add.data : null;
  const scoreKeys = current ? [...new Set(current.reply.candidates.flatMap((c) => Object.keys(c.scores).filter((k) => c.scores[k] !== undefined)))] : [];

  return (
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
  );
}

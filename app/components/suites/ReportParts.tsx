/** Parts of the run report: one case's turns with expected vs actual side by side, and the decision confusion matrix. */
import { Table, Tag, Typography } from "antd";
import type { ReactNode } from "react";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { useT } from "~/i18n";

import type { TurnActual, TurnExpect, TurnFailure } from "../../../training/suites/check";

export interface ReportTurn {
  position: number;
  text: string;
  expect: TurnExpect;
  actual: TurnActual | null;
  passed: boolean;
  failures: TurnFailure[];
  latencyMs: number;
}

function ExpectedCell({ e, failures }: { e: TurnExpect; failures: TurnFailure[] }) {
  const t = useT();
  const bad = new Set(failures.map((f) => f.field));
  const row = (field: keyof TurnExpect, value: ReactNode) => (
    <div key={field} style={bad.has(field) ? { color: "#cf1322" } : undefined}>
      {t(`suites.field.${field === "reason" ? "reason" : field}`)}：{value}
    </div>
  );
  const out = [];
  if (e.decision) out.push(row("decision", <DecisionTag decision={e.decision} />));
  if (e.faq) out.push(row("faq", e.faq));
  if (e.reason) out.push(row("reason", t(`bot.reason.${e.reason}`)));
  if (e.clarifyContains) out.push(row("clarifyContains", e.clarifyContains));
  if (e.contains) out.push(row("contains", e.contains));
  if (e.notContains) out.push(row("notContains", e.notContains));
  if (e.minConfidence !== undefined) out.push(row("minConfidence", `≥ ${e.minConfidence}`));
  return out.length ? <>{out}</> : <Typography.Text type="secondary">{t("suites.expect.none")}</Typography.Text>;
}

function ActualCell({ a, failures }: { a: TurnActual | null; failures: TurnFailure[] }) {
  const t = useT();
  const error = failures.find((f) => f.field === "error");
  if (!a)
    return (
      <Typography.Text type="danger">{`${t("suites.field.error")}：${error?.actual ? t.error(String(error.actual), error.params ?? undefined) : "—"}`}</Typography.Text>
    );
  return (
    <>
      <div>
        {t("suites.field.decision")}：<DecisionTag decision={a.decision} />
        {a.reason && <Tag>{t(`bot.reason.${a.reason}`)}</Tag>}
        <Typography.Text type="secondary"> {a.confidence.toFixed(2)}</Typography.Text>
      </div>
      {a.faq && (
        <div>
          {t("suites.field.faq")}：{a.faq}
        </div>
      )}
      {a.decision === "clarify" && a.suggestions.length > 0 && (
        <div>
          {t("suites.field.clarifyContains")}：{a.suggestions.join(" / ")}
        </div>
      )}
      {a.reply && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: a.reply }} style={{ margin: 0 }}>
          {t("suites.field.reply")}：{a.reply}
        </Typography.Paragraph>
      )}
    </>
  );
}

export function CaseTurns({ turns }: { turns: ReportTurn[] }) {
  const t = useT();
  return (
    <Table
      size="small"
      rowKey="position"
      dataSource={turns}
      pagination={false}
      columns={[
        { title: "#", dataIndex: "position", width: 40 },
        { title: t("suites.case.says"), dataIndex: "text", width: 220 },
        {
          title: t("suites.col.status"),
          dataIndex: "passed",
          width: 70,
          render: (p: boolean) => <Tag color={p ? "green" : "red"}>{p ? t("suites.report.passed") : t("suites.report.failed")}</Tag>,
        },
        { title: t("suites.report.expected"), key: "e", render: (_: unknown, r) => <ExpectedCell e={r.expect} failures={r.failures} /> },
        { title: t("suites.report.actual"), key: "a", render: (_: unknown, r) => <ActualCell a={r.actual} failures={r.failures} /> },
      ]}
    />
  );
}

export function DecisionMatrix({
  m,
}: {
  m: { expected: readonly string[]; actual: readonly string[]; cells: Record<string, Record<string, number>>; total: number };
}) {
  const t = useT();
  if (!m.total) return <Typography.Text type="secondary">{t("suites.report.matrixEmpty")}</Typography.Text>;
  const label = (d: string) => (d === "error" ? t("suites.field.error") : t(`bot.decision.${d}`));
  return (
    <Table
      size="small"
      rowKey="expected"
      pagination={false}
      data-testid="confusion-matrix"
      dataSource={m.expected.map((e) => ({ expected: e, ...m.cells[e] }))}
      columns={[
        { title: `${t("suites.report.expected")} \\ ${t("suites.report.actual")}`, dataIndex: "expected", render: label },
        ...m.actual.map((a) => ({
          title: label(a),
          dataIndex: a,
          align: "center" as const,
          render: (n: number, r: { expected: string }) =>
            n ? (
              <Typography.Text style={{ color: r.expected === a ? "#389e0d" : "#cf1322", fontWeight: 600 }}>{n}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">0</Typography.Text>
            ),
        })),
      ]}
    />
  );
}

/** An import report: counts, masking, noise reasons, cleaning steps and the rejected rows. */

import { Col, Descriptions, Row, Statistic, Table, Tag, Typography } from "antd";

import { useT } from "~/i18n";

export interface ReportLike {
  read: number;
  imported: number;
  duplicates: number;
  noise: number;
  rejected: number;
  masked: Record<string, number | undefined>;
  errors: { row: number; message: string }[];
  errorsOmitted?: number;
  noiseReasons?: Record<string, number>;
  steps?: Record<string, number | undefined>;
}

export function ReportView({ report }: { report: ReportLike }) {
  const t = useT();
  const masked = Object.entries(report.masked).filter(([, n]) => n);
  const reasons = Object.entries(report.noiseReasons ?? {});
  const steps = Object.entries(report.steps ?? {}).filter(([, n]) => n);
  return (
    <div style={{ marginTop: 16 }}>
      <Row gutter={24} style={{ marginBottom: 12 }}>
        {(["read", "imported", "duplicates", "noise", "rejected"] as const).map((k) => (
          <Col key={k}>
            <Statistic title={t(`logs.count.${k}`)} value={report[k]} />
          </Col>
        ))}
      </Row>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t("logs.report.masked")}>
          {masked.length ? masked.map(([k, n]) => <Tag key={k}>{t("logs.mask.kind", { kind: t(`logs.mask.${k}`), n })}</Tag>) : t("common.none")}
        </Descriptions.Item>
        <Descriptions.Item label={t("logs.report.noise")}>
          {reasons.length ? reasons.map(([k, n]) => <Tag key={k}>{`${t(`logs.noise.${k.replace(/ /g, "_")}`)} ${n}`}</Tag>) : t("common.none")}
        </Descriptions.Item>
        <Descriptions.Item label={t("logs.report.steps")}>
          {steps.length ? steps.map(([k, n]) => <Tag key={k}>{`${t(`logs.step.${k}`)} ${n}`}</Tag>) : t("common.none")}
        </Descriptions.Item>
      </Descriptions>
      {report.errors.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t("logs.report.rejected", { n: report.rejected })}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(e) => `${e.row}:${e.message}`}
            dataSource={report.errors}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t("logs.col.row"), dataIndex: "row", width: 80 },
              { title: t("logs.col.reason"), dataIndex: "message" },
            ]}
          />
          {report.errorsOmitted ? <Typography.Text type="secondary">{t("logs.report.omitted", { n: report.errorsOmitted })}</Typography.Text> : null}
        </>
      ) : null}
    </div>
  );
}

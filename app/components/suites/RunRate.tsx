import { Tag } from "antd";

import { useT } from "~/i18n";

/** A run's case pass rate as a tag (green all passed, gold most, red otherwise), or its status while unfinished. */
export function RunRate({ run }: { run: { status: string; cases: number; casesPassed: number } }) {
  const t = useT();
  if (run.status !== "done") return <Tag color={run.status === "failed" ? "red" : "default"}>{t(`suites.status.${run.status}`)}</Tag>;
  const rate = run.cases ? run.casesPassed / run.cases : 0;
  const color = rate === 1 ? "green" : rate >= 0.8 ? "gold" : "red";
  return (
    <Tag color={color}>
      {(rate * 100).toFixed(1)}% ({run.casesPassed}/{run.cases})
    </Tag>
  );
}

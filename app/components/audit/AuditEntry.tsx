import { Link } from "@remix-run/react";
import { Tag, Typography } from "antd";

import { useT } from "~/i18n";

type Snapshot = Record<string, unknown> | null | undefined;

export interface AuditRow {
  entity: string;
  entityId: number | null;
  action: string;
  summary: string;
  before: Snapshot;
  after: Snapshot;
}

const ACTION_COLOR: Record<string, string> = { delete: "red", unsubscribe: "red", undo: "orange", create: "green", subscribe: "green", import: "cyan" };

function useShow() {
  const t = useT();
  const show = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.map(show).join("、");
    if (typeof v === "boolean") return v ? "✓" : "✗";
    if (typeof v === "number") return t.num(v);
    // Small records (the shop profile): "key：value" pairs, never "[object Object]".
    if (typeof v === "object")
      return Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${k}：${show(x)}`)
        .join("；");
    return String(v);
  };
  return show;
}

/** What an entry is about: the entity and the action in words, and its summary (a link for FAQs). */
export function AuditWhat({ row, slug }: { row: AuditRow; slug: string }) {
  const t = useT();
  return (
    <span>
      <Tag>{t(`audit.entity.${row.entity}`)}</Tag>
      <Tag color={ACTION_COLOR[row.action] ?? "blue"}>{t(`audit.action.${row.action}`)}</Tag>
      {row.entity === "faq" && row.entityId && row.action !== "delete" ? (
        <Link to={`/w/${slug}/faqs/${row.entityId}`}>{row.summary || `#${row.entityId}`}</Link>
      ) : (
        row.summary
      )}
    </span>
  );
}

/** Field-by-field before/after of an audit entry; list fields show what was added and removed. */
export function AuditChange({ before, after }: { before: Snapshot; after: Snapshot }) {
  const t = useT();
  const show = useShow();
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  const rows = keys.filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) && !(empty(before?.[k]) && empty(after?.[k])));
  if (!rows.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div className="kb-diff">
      {rows.map((k) => {
        const b = before?.[k];
        const a = after?.[k];
        const label = t(`audit.field.${k}`);
        if (Array.isArray(a) || Array.isArray(b)) {
          const bs = new Set(((b as unknown[] | undefined) ?? []).map(show));
          const as = new Set(((a as unknown[] | undefined) ?? []).map(show));
          const added = [...as].filter((x) => !bs.has(x));
          const removed = [...bs].filter((x) => !as.has(x));
          return (
            <div key={k}>
              <strong>{label}</strong>：
              {added.map((x) => (
                <ins key={`+${x}`}>+{x} </ins>
              ))}
              {removed.map((x) => (
                <del key={`-${x}`}>-{x} </del>
              ))}
              {!added.length && !removed.length ? <span className="kb-muted">{t("audit.action.reorder")}</span> : null}
            </div>
          );
        }
        return (
          <div key={k} style={{ whiteSpace: "pre-wrap" }}>
            <strong>{label}</strong>：{b !== undefined && b !== null ? <del>{show(b)}</del> : null}{" "}
            {a !== undefined && a !== null ? <ins>{show(a)}</ins> : null}
          </div>
        );
      })}
    </div>
  );
}

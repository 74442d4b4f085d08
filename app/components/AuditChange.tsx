import { Typography } from "antd";

import { hasMessage, useT } from "~/i18n";

type Snapshot = Record<string, unknown> | null | undefined;

function show(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join("、");
  if (typeof v === "boolean") return v ? "✓" : "✗";
  return String(v);
}

/** Field-by-field before/after of an audit entry; list fields show what was added and removed. */
export function AuditChange({ before, after }: { before: Snapshot; after: Snapshot }) {
  const t = useT();
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  const rows = keys.filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) && !(empty(before?.[k]) && empty(after?.[k])));
  if (!rows.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div className="kb-diff">
      {rows.map((k) => {
        const b = before?.[k];
        const a = after?.[k];
        const label = hasMessage(`audit.field.${k}`) ? t(`audit.field.${k}`) : k;
        if (Array.isArray(a) || Array.isArray(b)) {
          const bs = new Set((b as unknown[] | undefined) ?? []);
          const as = new Set((a as unknown[] | undefined) ?? []);
          const added = [...as].filter((x) => !bs.has(x));
          const removed = [...bs].filter((x) => !as.has(x));
          return (
            <div key={k}>
              <strong>{label}</strong>：
              {added.map((x) => (
                <ins key={`+${String(x)}`}>+{String(x)} </ins>
              ))}
              {removed.map((x) => (
                <del key={`-${String(x)}`}>-{String(x)} </del>
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

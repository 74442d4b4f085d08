import type { TablePaginationConfig } from "antd";

import type { useT } from "~/i18n";

/**
 * The pager of a server-paged table, the same on every list page: the page the loader clamped,
 * the total as 共 N 条, and a size changer only where a page offers sizes.
 */
export function tablePagination(
  t: ReturnType<typeof useT>,
  p: { page: number; pageSize: number; total: number },
  opts: { sizes?: number[]; hideOnSinglePage?: boolean; onChange?: (page: number, pageSize: number) => void } = {},
): TablePaginationConfig {
  return {
    current: p.page,
    pageSize: p.pageSize,
    total: p.total,
    showSizeChanger: !!opts.sizes,
    pageSizeOptions: opts.sizes,
    hideOnSinglePage: opts.hideOnSinglePage,
    showTotal: (n) => t("common.total", { total: t.num(n) }),
    onChange: opts.onChange,
  };
}

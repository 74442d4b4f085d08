/**
 * Server paging, one rule for every list (FAQs, audit, batches, inbox members, labels, packs):
 * page from 1, page size clamped so that a URL cannot ask for a million rows.
 */
export interface PageWindow {
  page: number;
  pageSize: number;
  /** Rows to skip: (page - 1) * pageSize. */
  offset: number;
}

export function pageWindow(opts: { page?: number; pageSize?: number }, limits: { size?: number; min?: number; max?: number } = {}): PageWindow {
  const { size = 20, min = 5, max = 100 } = limits;
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const pageSize = Math.min(max, Math.max(min, Math.floor(opts.pageSize ?? size)));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** The page a list can show: at most its last page (a page past the end after rows went away). */
export function clampPage(page: number, pageSize: number, total: number) {
  return Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / pageSize)));
}

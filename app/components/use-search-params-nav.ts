import { useNavigate, useSearchParams } from "@remix-run/react";

export type SearchPatch = Record<string, string | number | undefined>;

/**
 * Navigation by the URL's search params, for list pages whose filters and page live in the URL:
 * `go({ q: "发货" })` sets q (an empty or undefined value removes the param) and goes back to the
 * first page, since the old page number means nothing under new filters; `go({ page: 3 })` pages.
 */
export function useSearchParamsNav(onNavigate?: () => void) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (patch: SearchPatch) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    if (!("page" in patch)) next.delete("page");
    onNavigate?.();
    navigate(`?${next.toString()}`);
  };
}

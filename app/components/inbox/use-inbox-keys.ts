import type { Dispatch, SetStateAction } from "react";

import { useHotkeys } from "~/components/hotkeys";
import type { SearchPatch } from "~/components/use-search-params-nav";

import type { LabelKind } from "../../../training/logs/labels";
import type { InboxSelection } from "./use-inbox-selection";

/**
 * The inbox's keyboard (listed in logs.inbox.shortcutsHelp): move and expand rows, select, label
 * and undo (only when `can`), page, help.
 */
export function useInboxKeys(opts: {
  sel: InboxSelection;
  clusters: { id: string }[];
  can: boolean;
  setPicker: (picker: { kind: "variant" | "wrong" }) => void;
  submit: (kind: LabelKind) => void;
  undoLast: () => void;
  setHelp: Dispatch<SetStateAction<boolean>>;
  page: number;
  pageSize: number;
  total: number;
  go: (patch: SearchPatch) => void;
}) {
  const { sel, clusters, can, setPicker, submit, undoLast, setHelp, page, pageSize, total, go } = opts;
  const { current, target, toggleExpand, setFocus, setSelClusters } = sel;
  useHotkeys({
    j: () => setFocus((f) => Math.min(f + 1, clusters.length - 1)),
    arrowdown: () => setFocus((f) => Math.min(f + 1, clusters.length - 1)),
    k: () => setFocus((f) => Math.max(f - 1, 0)),
    arrowup: () => setFocus((f) => Math.max(f - 1, 0)),
    enter: () => current && toggleExpand(current.id),
    o: () => current && toggleExpand(current.id),
    x: () =>
      current &&
      setSelClusters((s) => {
        const n = new Set(s);
        if (n.has(current.id)) n.delete(current.id);
        else n.add(current.id);
        return n;
      }),
    a: () => setSelClusters((s) => (s.size === clusters.length ? new Set() : new Set(clusters.map((c) => c.id)))),
    v: () => can && target() && setPicker({ kind: "variant" }),
    w: () => can && target() && setPicker({ kind: "wrong" }),
    n: () => can && submit("new_faq"),
    c: () => can && submit("chitchat"),
    t: () => can && submit("transfer"),
    y: () => can && submit("correct"),
    i: () => can && submit("ignore"),
    u: () => can && undoLast(),
    "mod+z": () => can && undoLast(),
    "?": () => setHelp((h) => !h),
    "]": () => page * pageSize < total && go({ page: page + 1 }),
    "[": () => page > 1 && go({ page: page - 1 }),
  });
}

import { useEffect, useState } from "react";

import type { InboxClusterRow } from "./types";

/**
 * The inbox's cursor and selections: the focused cluster row (kept in range and scrolled into
 * view), the selected clusters and turns, and the expanded rows.
 */
export function useInboxSelection(clusters: InboxClusterRow[]) {
  const [focus, setFocus] = useState(0);
  const [selClusters, setSelClusters] = useState<Set<string>>(new Set());
  const [selTurns, setSelTurns] = useState<Set<number>>(new Set());
  const [expanded, setExpanded] = useState<string[]>([]);
  const current: InboxClusterRow | undefined = clusters[Math.min(focus, clusters.length - 1)];

  useEffect(() => {
    if (focus >= clusters.length && clusters.length) setFocus(clusters.length - 1);
  }, [clusters.length, focus]);
  useEffect(() => {
    if (current) document.querySelector(`[data-row-key="${CSS.escape(current.id)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  // What an action applies to: selected turns, else selected clusters, else the focused cluster.
  const target = () => {
    if (selTurns.size) return { turns: [...selTurns], clusters: [] as string[], n: selTurns.size };
    if (selClusters.size) return { turns: [], clusters: [...selClusters], n: selClusters.size };
    return current ? { turns: [], clusters: [current.id], n: 1 } : null;
  };
  const toggleExpand = (id: string) => setExpanded((e) => (e.includes(id) ? e.filter((x) => x !== id) : [...e, id]));

  return { focus, setFocus, selClusters, setSelClusters, selTurns, setSelTurns, expanded, setExpanded, current, target, toggleExpand };
}

export type InboxSelection = ReturnType<typeof useInboxSelection>;

import { type useFetcher, useLocation } from "@remix-run/react";
import { App } from "antd";
import { useEffect } from "react";

import { useT } from "~/i18n";
import type { action as inboxAction } from "~/routes/w.$slug.logs.inbox";

import type { LabelKind } from "../../../training/logs/labels";
import type { InboxSelection } from "./use-inbox-selection";

/**
 * Labels the selection's target (or undoes the latest label action) through the inbox action, and
 * shows each result's message once. `onSubmitted` runs after a label is sent (to clear the page's state).
 */
export function useLabelSubmit(opts: {
  act: ReturnType<typeof useFetcher<typeof inboxAction>>;
  target: InboxSelection["target"];
  canLabel: boolean;
  latestActionId: number | undefined;
  onSubmitted: () => void;
}) {
  const { act, target } = opts;
  const t = useT();
  const { message } = App.useApp();
  const location = useLocation();

  const submit = (kind: LabelKind, faqId?: number) => {
    const tg = target();
    if (!tg || !opts.canLabel) return;
    const fd = new FormData();
    fd.set("intent", "label");
    fd.set("kind", kind);
    fd.set("clusters", JSON.stringify(tg.clusters));
    fd.set("turns", tg.turns.join(","));
    if (faqId) fd.set("faqId", String(faqId));
    act.submit(fd, { method: "post", action: `${location.pathname}${location.search}` });
    opts.onSubmitted();
  };
  const undoLast = () => {
    const last = (act.data && act.data.ok && act.data.intent === "label" ? act.data.actionId : null) ?? opts.latestActionId;
    if (!last || !opts.canLabel) return;
    act.submit({ intent: "undo", actionId: String(last) }, { method: "post", action: `${location.pathname}${location.search}` });
  };

  useEffect(() => {
    const r = act.data;
    if (!r || act.state !== "idle") return;
    if (!r.ok) message.error("code" in r.error ? t.error(r.error.code, r.error.params) : t(r.error.key));
    else if (r.intent === "undo") message.info(t("logs.inbox.undone", { n: r.undone }));
    else {
      message.success(t("logs.inbox.labeled", { n: r.labeled, kind: t(`logs.kind.${r.kind}`), added: r.added }));
      if (r.skipped.length) message.warning(t("logs.inbox.skipped", { n: r.skipped.length, text: r.skipped[0].text, question: r.skipped[0].question ?? "" }));
    }
    // Once per result: with `message` and `t` as dependencies a change of language (or of the
    // message API's identity) would show the last result's message again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [act.data, act.state]);

  return { submit, undoLast };
}

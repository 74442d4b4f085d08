import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, Modal, Space, Switch, Typography } from "antd";
import { useMemo, useState } from "react";
import { z } from "zod";

import { ClusterTable } from "~/components/inbox/ClusterTable";
import { ContextDrawer } from "~/components/inbox/ContextDrawer";
import { FaqPicker, pickerSuggestions } from "~/components/inbox/FaqPicker";
import { InboxFilters } from "~/components/inbox/InboxFilters";
import { LabelActionBar } from "~/components/inbox/LabelActionBar";
import { RecentActions } from "~/components/inbox/RecentActions";
import { useInboxKeys } from "~/components/inbox/use-inbox-keys";
import { useInboxSelection } from "~/components/inbox/use-inbox-selection";
import { useLabelSubmit } from "~/components/inbox/use-label-submit";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { listCategories } from "~/models/faq.server";
import {
  faqTitles,
  findCluster,
  inboxClusters,
  inboxFilterFrom,
  labelKeys,
  labelTurns,
  listBatches,
  recentActions,
  suggestFaqs,
  undoLabels,
} from "~/models/logs.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

import { clampPage } from "../../db/queries/paging";
import { KbError } from "../../training/errors";
import { LABEL_KINDS } from "../../training/logs/labels";

export const meta: MetaFunction = () => [{ title: "标注收件箱 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readLogs");
  const url = new URL(request.url);
  const { query, filter } = inboxFilterFrom(ctx.workspace.id, url.searchParams);
  const [{ clusters, counts, answerThreshold }, batches, categories, actions] = await Promise.all([
    inboxClusters(filter),
    listBatches({ workspaceId: ctx.workspace.id, pageSize: 100 }),
    listCategories(ctx.workspace.id),
    can(ctx.role, "labelLogs") ? recentActions({ workspaceId: ctx.workspace.id, userId: ctx.user.id, limit: 5 }) : Promise.resolve([]),
  ]);
  const pageSize = query.pageSize ?? 20;
  const page = clampPage(query.page ?? 1, pageSize, clusters.length);
  const shown = clusters.slice((page - 1) * pageSize, page * pageSize);
  const suggestions = await suggestFaqs(
    ctx.workspace.id,
    shown.map((c) => c.representative),
  );
  const titles = await faqTitles(ctx.workspace.id, [
    ...shown.map((c) => c.bestFaqId).filter((x): x is number => x !== null),
    ...actions.map((a) => a.faqId).filter((x): x is number => x !== null),
  ]);
  return {
    slug: ctx.workspace.slug,
    canLabel: can(ctx.role, "labelLogs"),
    canReadRaw: can(ctx.role, "readRawLogs"),
    query: { ...query, page },
    counts,
    answerThreshold,
    totalClusters: clusters.length,
    totalTurns: clusters.reduce((s, c) => s + c.count, 0),
    clusters: shown.map((c, i) => ({
      id: c.id,
      representative: c.representative,
      count: c.count,
      texts: c.texts,
      decision: c.decision,
      maxConfidence: c.maxConfidence,
      bestFaq:
        c.bestFaqId !== null ? { id: c.bestFaqId, question: titles.get(c.bestFaqId)?.question ?? "", category: titles.get(c.bestFaqId)?.category ?? "" } : null,
      suggestions: suggestions[i],
    })),
    batches: batches.rows.map((b) => ({ id: b.id, fileName: b.fileName })),
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    actions: actions.map((a) => ({ actionId: a.actionId, kind: a.kind, n: a.n, faq: a.faqId !== null ? (titles.get(a.faqId)?.question ?? null) : null })),
  };
}

const LabelSchema = z.object({
  intent: z.literal("label"),
  kind: z.enum(LABEL_KINDS),
  clusters: z.string().max(20_000).optional().default(""),
  turns: z.string().max(20_000).optional().default(""),
  faqId: z.coerce.number().int().positive().optional().catch(undefined),
});
/** The form's JSON list of cluster ids ("" for none); null when it is not one. */
function clusterIdsFrom(raw: string): string[] | null {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;
  } catch {
    return null;
  }
}
const UndoSchema = z.object({ intent: z.literal("undo"), actionId: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "labelLogs");
  const url = new URL(request.url);
  const form = Object.fromEntries(await request.formData());
  const undo = UndoSchema.safeParse(form);
  if (undo.success) {
    const r = await undoLabels({ workspaceId: ctx.workspace.id, userId: ctx.user.id, actionId: undo.data.actionId });
    return { ok: true as const, intent: "undo" as const, undone: r.undone, removed: r.removedVariants.length };
  }
  const parsed = LabelSchema.safeParse(form);
  if (!parsed.success) return data({ ok: false as const, error: { key: "logs.inbox.error.bad" } }, { status: 400 });
  const { kind, faqId } = parsed.data;
  const { filter } = inboxFilterFrom(ctx.workspace.id, url.searchParams);
  const clusterIds = clusterIdsFrom(parsed.data.clusters);
  // A hand-made request with a malformed list is a bad request, not a server error.
  if (!clusterIds) return data({ ok: false as const, error: { key: "logs.inbox.error.bad" } }, { status: 400 });
  const turnIds = parsed.data.turns
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const keys: string[] = [];
  let firstText = "";
  for (const id of clusterIds) {
    const c = await findCluster(filter, id);
    if (!c) continue;
    keys.push(...c.keys);
    firstText ||= c.representative;
  }
  if (!keys.length && !turnIds.length) return data({ ok: false as const, error: { key: "logs.inbox.error.gone" } }, { status: 409 });
  try {
    const r = keys.length
      ? await labelKeys({ workspaceId: ctx.workspace.id, userId: ctx.user.id, kind, faqId, keys, view: filter })
      : await labelTurns({ workspaceId: ctx.workspace.id, userId: ctx.user.id, kind, faqId, turnIds });
    if (kind === "new_faq") {
      const question = firstText || String(form.text ?? "");
      throw redirect(`/w/${ctx.workspace.slug}/faqs/new?question=${encodeURIComponent(question.slice(0, 200))}`);
    }
    return {
      ok: true as const,
      intent: "label" as const,
      kind,
      labeled: r.labeled,
      actionId: r.actionId,
      added: r.addedVariants.length,
      skipped: r.skipped.map((s) => ({ text: s.text, reason: s.reason, question: s.question ?? null })),
    };
  } catch (e) {
    if (e instanceof KbError) return data({ ok: false as const, error: { code: e.code, params: e.params } }, { status: 400 });
    throw e;
  }
}

export default function Inbox() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const act = useFetcher<typeof action>();
  const [picker, setPicker] = useState<null | { kind: "variant" | "wrong" }>(null);
  const [contextTurn, setContextTurn] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const raw = d.canReadRaw && params.get("raw") === "1";
  const clusters = d.clusters;
  const search = useMemo(() => {
    const p = new URLSearchParams(params);
    p.delete("raw");
    return p.toString();
  }, [params]);

  const sel = useInboxSelection(clusters);
  const { submit, undoLast } = useLabelSubmit({
    act,
    target: sel.target,
    canLabel: d.canLabel,
    latestActionId: d.actions[0]?.actionId,
    onSubmitted: () => {
      sel.setSelClusters(new Set());
      sel.setSelTurns(new Set());
      setPicker(null);
    },
  });

  // A new view starts at its first row, collapsed.
  const go = useSearchParamsNav(() => {
    sel.setFocus(0);
    sel.setExpanded([]);
  });

  const can = d.canLabel && !picker;
  const pageSize = d.query.pageSize ?? 20;
  useInboxKeys({ sel, clusters, can, setPicker, submit, undoLast, setHelp, page: d.query.page, pageSize, total: d.totalClusters, go });

  const { current, selClusters } = sel;
  const pickerCluster = selClusters.size === 1 ? clusters.find((c) => selClusters.has(c.id)) : current;
  const tg = sel.target();

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("logs.inbox.title")}</h1>
        <Space wrap>
          {d.canReadRaw ? (
            <Space>
              <Switch size="small" checked={raw} onChange={(on) => go({ raw: on ? "1" : undefined })} aria-label={t("logs.inbox.showRaw")} />
              <Typography.Text>{t("logs.inbox.showRaw")}</Typography.Text>
            </Space>
          ) : null}
          <Button size="small" onClick={() => setHelp(true)}>
            {t("logs.inbox.shortcuts")} (?)
          </Button>
          <Link to={`/w/${d.slug}/logs`}>{t("logs.inbox.toLogs")}</Link>
        </Space>
      </div>
      <InboxFilters query={d.query} counts={d.counts} answerThreshold={d.answerThreshold} batches={d.batches} categories={d.categories} go={go} />
      <LabelActionBar
        sel={sel}
        canLabel={d.canLabel}
        hasTarget={!!tg}
        canUndo={!!d.actions.length}
        busy={act.state !== "idle"}
        onPicker={(kind) => setPicker({ kind })}
        onSubmit={submit}
        onUndo={undoLast}
      />
      <ClusterTable
        slug={d.slug}
        clusters={clusters}
        sel={sel}
        search={search}
        raw={raw}
        query={d.query}
        counts={d.counts}
        totalClusters={d.totalClusters}
        totalTurns={d.totalTurns}
        onContext={setContextTurn}
        go={go}
      />
      <RecentActions actions={d.actions} />
      <FaqPicker
        slug={d.slug}
        open={!!picker}
        title={picker?.kind === "wrong" ? t("logs.picker.wrongTitle") : t("logs.picker.variantTitle")}
        question={tg?.turns.length ? t("logs.inbox.selectedTurns", { n: tg.turns.length }) : (pickerCluster?.representative ?? "")}
        suggestions={pickerSuggestions(pickerCluster)}
        onPick={(faqId) => submit(picker?.kind ?? "variant", faqId)}
        onClose={() => setPicker(null)}
      />
      <ContextDrawer slug={d.slug} turnId={contextTurn} raw={raw} onClose={() => setContextTurn(null)} />
      <Modal open={help} onCancel={() => setHelp(false)} footer={null} title={t("logs.inbox.shortcuts")}>
        <Typography.Paragraph style={{ whiteSpace: "pre-line" }}>{t("logs.inbox.shortcutsHelp")}</Typography.Paragraph>
      </Modal>
    </div>
  );
}

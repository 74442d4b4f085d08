import { UndoOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { App, Button, Drawer, Empty, Input, InputNumber, Modal, Segmented, Select, Space, Switch, Table, Tag, Tooltip, Typography } from "antd";
import type { RefSelectProps } from "antd/es/select";
import { useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { useHotkeys } from "~/components/hotkeys";
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
import { DECISIONS } from "../../training/decisions";
import { KbError } from "../../training/errors";
import { LABEL_KINDS, type LabelKind } from "../../training/logs/labels";
import type { loader as clusterLoader } from "./w.$slug.logs.cluster";
import type { loader as contextLoader } from "./w.$slug.logs.context";

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
  const suggestions = await Promise.all(shown.map((c) => suggestFaqs(ctx.workspace.id, c.representative, 5)));
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
  const clusterIds = parsed.data.clusters ? (JSON.parse(parsed.data.clusters) as unknown[]).filter((x): x is string => typeof x === "string") : [];
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

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ClusterRow = LoaderData["clusters"][number];

/** Search-as-you-type FAQ picker, opening on the engine's suggestions for the question. */
function FaqPicker(props: {
  slug: string;
  open: boolean;
  title: string;
  question: string;
  suggestions: { faqId: number; question: string; confidence: number }[];
  onPick: (faqId: number) => void;
  onClose: () => void;
}) {
  const t = useT();
  const titles = useFetcher<{ items: { id: number; question: string }[] }>();
  const [search, setSearch] = useState("");
  const ref = useRef<RefSelectProps>(null);
  const options = search
    ? (titles.data?.items ?? []).map((f) => ({ value: f.id, label: f.question }))
    : props.suggestions.map((s) => ({ value: s.faqId, label: `${s.question}（${Math.round(s.confidence * 100)}%）` }));
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      footer={null}
      destroyOnHidden
      afterOpenChange={(open) => open && ref.current?.focus()}
    >
      <Typography.Paragraph>
        {t("logs.picker.question")}
        <Typography.Text strong>{props.question}</Typography.Text>
      </Typography.Paragraph>
      <Select
        ref={ref}
        autoFocus
        defaultOpen
        style={{ width: "100%" }}
        aria-label={t("logs.picker.label")}
        placeholder={t("logs.picker.placeholder")}
        showSearch={{
          filterOption: false,
          onSearch: (q: string) => {
            setSearch(q);
            if (q.trim()) titles.load(`/w/${props.slug}/faqs/titles?q=${encodeURIComponent(q)}`);
          },
        }}
        notFoundContent={search ? t("logs.picker.noMatch") : t("logs.picker.noSuggestion")}
        options={options}
        onChange={(v: number) => props.onPick(v)}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {search ? t("logs.picker.searching") : t("logs.picker.suggested")}
      </Typography.Paragraph>
    </Modal>
  );
}

function Members(props: {
  slug: string;
  clusterId: string;
  search: string;
  raw: boolean;
  selected: Set<number>;
  onSelect: (ids: number[], on: boolean) => void;
  onContext: (turnId: number) => void;
}) {
  const t = useT();
  const fetcher = useFetcher<typeof clusterLoader>();
  const [page, setPage] = useState(1);
  const p = new URLSearchParams(props.search);
  p.set("id", props.clusterId);
  p.set("mpage", String(page));
  if (props.raw) p.set("raw", "1");
  const url = `/w/${props.slug}/logs/cluster?${p.toString()}`;
  // fetcher.load is stable across renders (the fetcher object is not): load when the URL changes.
  const { load } = fetcher;
  useEffect(() => load(url), [load, url]);
  const d = fetcher.data;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetcher.state !== "idle"}
      dataSource={d?.rows ?? []}
      rowSelection={{
        selectedRowKeys: (d?.rows ?? []).filter((r) => props.selected.has(r.id)).map((r) => r.id),
        onSelect: (r, on) => props.onSelect([r.id], on),
        onSelectAll: (on, _rows, changed) =>
          props.onSelect(
            changed.map((r) => r.id),
            on,
          ),
      }}
      pagination={{ current: page, pageSize: d?.pageSize ?? 10, total: d?.total ?? 0, onChange: setPage, hideOnSinglePage: true, size: "small" }}
      columns={[
        {
          title: t("logs.inbox.col.turn"),
          dataIndex: "text",
          render: (_: unknown, r) => (
            <div>
              <div>{r.text}</div>
              {r.rawText !== null ? (
                <Typography.Text type="warning" style={{ fontSize: 12 }}>
                  {t("logs.inbox.raw")}：{r.rawText}
                </Typography.Text>
              ) : null}
            </div>
          ),
        },
        { title: t("logs.inbox.col.time"), dataIndex: "time", width: 150, render: (v: number | null) => t.date(v) },
        { title: t("logs.inbox.col.session"), dataIndex: "sessionKey", width: 170, ellipsis: true },
        {
          title: t("logs.inbox.col.bot"),
          width: 220,
          render: (_: unknown, r) => (
            <span>
              <DecisionTag decision={r.decision} />
              {r.faqQuestion ? <Typography.Text type="secondary">{r.faqQuestion}</Typography.Text> : null}
            </span>
          ),
        },
        {
          title: "",
          width: 90,
          render: (_: unknown, r) => (
            <Button size="small" onClick={() => props.onContext(r.id)}>
              {t("logs.inbox.context")}
            </Button>
          ),
        },
      ]}
    />
  );
}

function ContextDrawer(props: { slug: string; turnId: number | null; raw: boolean; onClose: () => void }) {
  const t = useT();
  const fetcher = useFetcher<typeof contextLoader>();
  const url = props.turnId ? `/w/${props.slug}/logs/context?turn=${props.turnId}${props.raw ? "&raw=1" : ""}` : null;
  const { load } = fetcher;
  useEffect(() => {
    if (url) load(url);
  }, [load, url]);
  const d = fetcher.data;
  return (
    <Drawer open={props.turnId !== null} onClose={props.onClose} title={t("logs.inbox.contextTitle", { session: d?.sessionKey ?? "" })} size="large">
      {d?.turns.map((turn) => (
        <div
          key={turn.id}
          style={{
            margin: "8px 0",
            padding: "8px 12px",
            borderRadius: 8,
            background: turn.current ? "#e6f4ff" : turn.role === "customer" ? "#fafafa" : "#f6ffed",
            border: turn.current ? "1px solid #1677ff" : "1px solid #f0f0f0",
            marginLeft: turn.role === "customer" ? 0 : 48,
            marginRight: turn.role === "customer" ? 48 : 0,
          }}
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`logs.role.${turn.role}`)} · {t.date(turn.time)}
            {turn.noise ? ` · ${t("logs.inbox.noise")}` : ""}
          </Typography.Text>
          <div>{turn.text || "—"}</div>
          {turn.rawText !== null ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t("logs.inbox.raw")}：{turn.rawText}
            </Typography.Text>
          ) : null}
        </div>
      ))}
    </Drawer>
  );
}

export default function Inbox() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const { message } = App.useApp();

  const location = useLocation();
  const [params] = useSearchParams();
  const act = useFetcher<typeof action>();
  const [focus, setFocus] = useState(0);
  const [selClusters, setSelClusters] = useState<Set<string>>(new Set());
  const [selTurns, setSelTurns] = useState<Set<number>>(new Set());
  const [expanded, setExpanded] = useState<string[]>([]);
  const [picker, setPicker] = useState<null | { kind: "variant" | "wrong" }>(null);
  const [contextTurn, setContextTurn] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const raw = d.canReadRaw && params.get("raw") === "1";
  const clusters = d.clusters;
  const current: ClusterRow | undefined = clusters[Math.min(focus, clusters.length - 1)];
  const search = useMemo(() => {
    const p = new URLSearchParams(params);
    p.delete("raw");
    return p.toString();
  }, [params]);

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

  const submit = (kind: LabelKind, faqId?: number) => {
    const tg = target();
    if (!tg || !d.canLabel) return;
    const fd = new FormData();
    fd.set("intent", "label");
    fd.set("kind", kind);
    fd.set("clusters", JSON.stringify(tg.clusters));
    fd.set("turns", tg.turns.join(","));
    if (faqId) fd.set("faqId", String(faqId));
    act.submit(fd, { method: "post", action: `${location.pathname}${location.search}` });
    setSelClusters(new Set());
    setSelTurns(new Set());
    setPicker(null);
  };
  const undoLast = () => {
    const last = (act.data && act.data.ok && act.data.intent === "label" ? act.data.actionId : null) ?? d.actions[0]?.actionId;
    if (!last || !d.canLabel) return;
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

  // A new view starts at its first row, collapsed.
  const go = useSearchParamsNav(() => {
    setFocus(0);
    setExpanded([]);
  });

  const toggleExpand = (id: string) => setExpanded((e) => (e.includes(id) ? e.filter((x) => x !== id) : [...e, id]));
  const can = d.canLabel && !picker;
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
    "]": () => d.query.page * (d.query.pageSize ?? 20) < d.totalClusters && go({ page: d.query.page + 1 }),
    "[": () => d.query.page > 1 && go({ page: d.query.page - 1 }),
  });

  const pickerCluster = selClusters.size === 1 ? clusters.find((c) => selClusters.has(c.id)) : current;
  const pickerSuggestions = (() => {
    const list = [...(pickerCluster?.suggestions ?? [])];
    const best = pickerCluster?.bestFaq;
    if (best && !list.some((s) => s.faqId === best.id))
      list.unshift({ faqId: best.id, question: best.question, confidence: pickerCluster?.maxConfidence ?? 0 });
    return list;
  })();
  const tg = target();
  const busy = act.state !== "idle";

  const actionButtons = (
    <Space wrap size={4}>
      <Tooltip title="v">
        <Button size="small" type="primary" disabled={!d.canLabel || !tg} onClick={() => setPicker({ kind: "variant" })}>
          {t("logs.action.variant")}
        </Button>
      </Tooltip>
      <Tooltip title="n">
        <Button size="small" disabled={!d.canLabel || !tg} onClick={() => submit("new_faq")}>
          {t("logs.action.new_faq")}
        </Button>
      </Tooltip>
      <Tooltip title="c">
        <Button size="small" disabled={!d.canLabel || !tg} onClick={() => submit("chitchat")}>
          {t("logs.action.chitchat")}
        </Button>
      </Tooltip>
      <Tooltip title="t">
        <Button size="small" disabled={!d.canLabel || !tg} onClick={() => submit("transfer")}>
          {t("logs.action.transfer")}
        </Button>
      </Tooltip>
      <Tooltip title="y">
        <Button size="small" disabled={!d.canLabel || !tg} onClick={() => submit("correct")}>
          {t("logs.action.correct")}
        </Button>
      </Tooltip>
      <Tooltip title="w">
        <Button size="small" disabled={!d.canLabel || !tg} onClick={() => setPicker({ kind: "wrong" })}>
          {t("logs.action.wrong")}
        </Button>
      </Tooltip>
      <Tooltip title="i">
        <Button size="small" disabled={!d.canLabel || !tg} onClick={() => submit("ignore")}>
          {t("logs.action.ignore")}
        </Button>
      </Tooltip>
      <Tooltip title="u">
        <Button size="small" icon={<UndoOutlined />} disabled={!d.canLabel || !d.actions.length} onClick={undoLast}>
          {t("logs.action.undo")}
        </Button>
      </Tooltip>
    </Space>
  );

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
      <Segmented
        style={{ marginBottom: 12 }}
        value={d.query.queue}
        onChange={(v) => go({ queue: String(v) })}
        options={(["unmatched", "near", "sample"] as const).map((q) => ({ value: q, label: `${t(`logs.queue.${q}`)} (${t.num(d.counts[q])})` }))}
      />
      <Typography.Paragraph type="secondary">{t(`logs.queue.${d.query.queue}.help`, { threshold: d.answerThreshold.toFixed(2) })}</Typography.Paragraph>
      <div className="kb-toolbar">
        <Input.Search
          name="q"
          defaultValue={d.query.q ?? ""}
          placeholder={t("logs.filter.q")}
          aria-label={t("logs.filter.q")}
          allowClear
          style={{ width: 240 }}
          onSearch={(v) => go({ q: v })}
        />
        <Select
          aria-label={t("logs.filter.batch")}
          style={{ width: 200 }}
          value={d.query.batch ?? 0}
          onChange={(v) => go({ batch: v || undefined })}
          options={[
            { value: 0, label: `${t("logs.filter.batch")}：${t("common.all")}` },
            ...d.batches.map((b) => ({ value: b.id, label: `#${b.id} ${b.fileName}` })),
          ]}
        />
        <Select
          aria-label={t("logs.filter.decision")}
          style={{ width: 180 }}
          value={d.query.decision ?? ""}
          onChange={(v) => go({ decision: v || undefined })}
          options={[
            { value: "", label: `${t("logs.filter.decision")}：${t("common.all")}` },
            ...DECISIONS.map((x) => ({ value: x, label: t(`bot.decision.${x}`) })),
          ]}
        />
        <Select
          aria-label={t("logs.filter.category")}
          style={{ width: 160 }}
          value={d.query.category ?? 0}
          onChange={(v) => go({ category: v || undefined })}
          options={[{ value: 0, label: `${t("logs.filter.category")}：${t("common.all")}` }, ...d.categories.map((c) => ({ value: c.id, label: c.name }))]}
        />
        <Input
          type="date"
          aria-label={t("logs.filter.from")}
          style={{ width: 150 }}
          defaultValue={d.query.from ?? ""}
          onChange={(e) => go({ from: e.target.value })}
        />
        <Input
          type="date"
          aria-label={t("logs.filter.to")}
          style={{ width: 150 }}
          defaultValue={d.query.to ?? ""}
          onChange={(e) => go({ to: e.target.value })}
        />
        <Space.Compact>
          <InputNumber
            aria-label={t("logs.filter.min")}
            placeholder={t("logs.filter.min")}
            min={0}
            max={1}
            step={0.05}
            style={{ width: 110 }}
            defaultValue={d.query.min}
            onPressEnter={(e) => go({ min: (e.target as HTMLInputElement).value })}
            onBlur={(e) => (e.target.value || "") !== String(d.query.min ?? "") && go({ min: e.target.value })}
          />
          <InputNumber
            aria-label={t("logs.filter.max")}
            placeholder={t("logs.filter.max")}
            min={0}
            max={1}
            step={0.05}
            style={{ width: 110 }}
            defaultValue={d.query.max}
            onPressEnter={(e) => go({ max: (e.target as HTMLInputElement).value })}
            onBlur={(e) => (e.target.value || "") !== String(d.query.max ?? "") && go({ max: e.target.value })}
          />
        </Space.Compact>
      </div>
      <div className="kb-toolbar" style={{ alignItems: "center" }}>
        <Typography.Text>
          {selTurns.size
            ? t("logs.inbox.selectedTurns", { n: selTurns.size })
            : selClusters.size
              ? t("logs.inbox.selectedClusters", { n: selClusters.size })
              : current
                ? t("logs.inbox.focused", { text: current.representative.slice(0, 30), n: current.count })
                : ""}
        </Typography.Text>
        {actionButtons}
        {busy ? <Typography.Text type="secondary">{t("common.loading")}</Typography.Text> : null}
      </div>
      <Table
        rowKey="id"
        size="middle"
        dataSource={clusters}
        onRow={(r, i) => ({
          onClick: () => setFocus(i ?? 0),
          "aria-current": i === focus ? "true" : undefined,
          style: i === focus ? { background: "#e6f4ff", boxShadow: "inset 3px 0 0 #1677ff" } : undefined,
        })}
        rowSelection={{
          selectedRowKeys: [...selClusters],
          onChange: (keys) => setSelClusters(new Set(keys.map(String))),
        }}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (_open, r) => toggleExpand(r.id),
          expandedRowRender: (r) => (
            <Members
              slug={d.slug}
              clusterId={r.id}
              search={search}
              raw={raw}
              selected={selTurns}
              onSelect={(ids, on) =>
                setSelTurns((s) => {
                  const n = new Set(s);
                  for (const id of ids) {
                    if (on) n.add(id);
                    else n.delete(id);
                  }
                  return n;
                })
              }
              onContext={setContextTurn}
            />
          ),
        }}
        locale={{
          emptyText: (
            <Empty
              description={
                <span>
                  {d.totalTurns === 0 && d.counts.unmatched + d.counts.near + d.counts.sample === 0 ? t("logs.inbox.emptyAll") : t("logs.inbox.empty")}{" "}
                  <Link to={`/w/${d.slug}/logs`}>{t("logs.inbox.emptyLink")}</Link>
                </span>
              }
            />
          ),
        }}
        pagination={{
          current: d.query.page,
          pageSize: d.query.pageSize ?? 20,
          total: d.totalClusters,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t("logs.inbox.total", { clusters: t.num(total), turns: t.num(d.totalTurns) }),
          onChange: (page, pageSize) => go({ page, pageSize }),
        }}
        columns={[
          {
            title: t("logs.inbox.col.question"),
            dataIndex: "representative",
            render: (_: unknown, r) => (
              <div>
                <Typography.Text strong>{r.representative}</Typography.Text>
                <div style={{ marginTop: 4 }}>
                  {r.texts.slice(1, 6).map((x) => (
                    <Tag key={x.text} style={{ marginBottom: 2 }}>
                      {x.text} ×{x.count}
                    </Tag>
                  ))}
                </div>
              </div>
            ),
          },
          { title: t("logs.inbox.col.count"), dataIndex: "count", width: 80, render: (v: number) => <Typography.Text strong>{t.num(v)}</Typography.Text> },
          {
            title: t("logs.inbox.col.bot"),
            width: 260,
            render: (_: unknown, r) => (
              <div>
                <DecisionTag decision={r.decision} />
                {r.maxConfidence !== null ? <Typography.Text type="secondary">{(r.maxConfidence * 100).toFixed(0)}%</Typography.Text> : null}
                {r.bestFaq ? (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t("logs.inbox.bestGuess")}
                    </Typography.Text>
                    <Link to={`/w/${d.slug}/faqs/${r.bestFaq.id}`}>{r.bestFaq.question}</Link>
                    {r.bestFaq.category ? <Tag style={{ marginLeft: 4 }}>{r.bestFaq.category}</Tag> : null}
                  </div>
                ) : null}
              </div>
            ),
          },
        ]}
      />
      {d.actions.length ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t("logs.inbox.recent")}</Typography.Text>
          {d.actions.map((a) => (
            <Tag key={a.actionId} style={{ marginLeft: 6 }}>
              {t(`logs.kind.${a.kind}`)} ×{a.n}
              {a.faq ? ` → ${a.faq}` : ""}
            </Tag>
          ))}
        </div>
      ) : null}
      <FaqPicker
        slug={d.slug}
        open={!!picker}
        title={picker?.kind === "wrong" ? t("logs.picker.wrongTitle") : t("logs.picker.variantTitle")}
        question={tg?.turns.length ? t("logs.inbox.selectedTurns", { n: tg.turns.length }) : (pickerCluster?.representative ?? "")}
        suggestions={pickerSuggestions}
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

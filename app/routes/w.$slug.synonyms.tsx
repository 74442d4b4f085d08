import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Input, Space, Typography } from "antd";
import { useRef } from "react";
import { z } from "zod";

import { EngineStatus } from "~/components/EngineStatus";
import { useHotkeys } from "~/components/hotkeys";
import { useT } from "~/i18n";
import { KbError } from "~/models/faq.server";
import { listSynonymGroups, replaceSynonymGroups } from "~/models/settings.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "同义词 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const groups = await listSynonymGroups(ctx.workspace.id);
  return { slug: ctx.workspace.slug, canEdit: can(ctx.role, "trainEngine"), text: groups.map((g) => g.terms.join("/")).join("\n"), count: groups.length };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "trainEngine");
  const parsed = z.object({ synonyms: z.string().max(100_000) }).safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, error: { code: "SYNONYMS_TOO_LONG", params: {} } }, { status: 400 });
  try {
    const r = await replaceSynonymGroups({ workspaceId: ctx.workspace.id, userId: ctx.user.id, lines: parsed.data.synonyms.split(/\r?\n/) });
    return { ok: true as const, groups: r.groups, changed: r.changed };
  } catch (e) {
    if (e instanceof KbError) return data({ ok: false as const, error: { code: e.code, params: e.params } }, { status: 400 });
    throw e;
  }
}

export default function SynonymsPage() {
  const { slug, canEdit, text, count } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  useHotkeys({ "mod+s": () => canEdit && formRef.current?.requestSubmit() });
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("bot.syn.title")}</h1>
        <EngineStatus slug={slug} canTrain={canEdit} />
      </div>
      <Typography.Paragraph type="secondary">{t("bot.syn.help")}</Typography.Paragraph>
      {result ? (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={result.ok ? "success" : "error"}
          title={result.ok ? (result.changed ? t("bot.syn.saved", { n: result.groups }) : t("faq.unchanged")) : t.error(result.error.code, result.error.params)}
        />
      ) : null}
      <Card>
        <Form method="post" ref={formRef}>
          <Input.TextArea
            name="synonyms"
            defaultValue={text}
            autoSize={{ minRows: 12, maxRows: 30 }}
            disabled={!canEdit}
            placeholder={"发货/寄出/发出\n快递/物流\n退货/退掉/退回"}
            aria-label={t("bot.syn.title")}
          />
          <Space style={{ marginTop: 12 }}>
            {canEdit ? (
              <Button type="primary" htmlType="submit" loading={nav.state === "submitting"}>
                {t("common.save")}
              </Button>
            ) : null}
            <Typography.Text type="secondary">{t("bot.syn.count", { n: count })}</Typography.Text>
          </Space>
        </Form>
      </Card>
    </div>
  );
}

/**
 * 存为测试用例 in the chat simulator (issue 11 "Authoring"): the conversation so far becomes a case
 * of a chosen suite, each turn expecting what the bot did (its decision, the FAQ it answered with,
 * the transfer reason). Saved through the suite page's own action, the one door for writing cases.
 */
import { ExperimentOutlined } from "@ant-design/icons";
import { Link, useFetcher } from "@remix-run/react";
import { Alert, App, Button, Form, Input, Modal, Select } from "antd";
import { useEffect, useState } from "react";

import { type ErrorParams, useT } from "~/i18n";

import type { TurnExpect } from "../../../training/suites/check";

export interface SimTurn {
  text: string;
  reply: {
    decision: "answer" | "clarify" | "no_answer" | "transfer";
    faqId: number | null;
    reason?: string | null;
    candidates: { faqId: number; question: string }[];
  };
}

/** What a turn of the conversation expects: exactly what the bot did. */
export function expectFromReply(r: SimTurn["reply"]): TurnExpect {
  const e: TurnExpect = { decision: r.decision };
  const question = r.faqId === null ? null : r.candidates.find((c) => c.faqId === r.faqId)?.question;
  if (r.decision === "answer" && question) e.faq = question;
  if (r.decision === "transfer" && r.reason) e.reason = r.reason as TurnExpect["reason"];
  return e;
}

export function SaveAsCase({ slug, suites, turns }: { slug: string; suites: { id: number; name: string }[]; turns: SimTurn[] }) {
  const t = useT();
  const { message } = App.useApp();
  const save = useFetcher<{ ok: boolean; error?: { code: string; params: ErrorParams } }>();
  const [open, setOpen] = useState(false);
  const [suiteId, setSuiteId] = useState<number | null>(suites[0]?.id ?? null);
  const [name, setName] = useState("");
  useEffect(() => {
    if (save.state === "idle" && save.data?.ok) {
      message.success(t("suites.sim.saved"));
      setOpen(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [save.state, save.data]);
  const submit = () => {
    if (!suiteId) return;
    const input = {
      id: null,
      name: name.trim() || turns[0]?.text.slice(0, 40) || "",
      tags: [],
      note: "",
      turns: turns.map((x) => ({ text: x.text, expect: expectFromReply(x.reply) })),
    };
    save.submit({ intent: "saveCase", case: JSON.stringify(input) }, { method: "post", action: `/w/${slug}/suites/${suiteId}` });
  };
  const err = save.data && !save.data.ok ? save.data.error : null;
  return (
    <>
      <Button icon={<ExperimentOutlined />} disabled={!turns.length} onClick={() => setOpen(true)} data-testid="sim-save-case">
        {t("suites.sim.save")}
      </Button>
      <Modal
        open={open}
        title={t("suites.sim.save")}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        onOk={submit}
        okButtonProps={{ disabled: !suiteId, loading: save.state !== "idle" }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {suites.length ? (
          <Form layout="vertical">
            <Form.Item label={t("suites.col.name")}>
              <Select
                aria-label={t("suites.col.name")}
                value={suiteId ?? undefined}
                onChange={setSuiteId}
                options={suites.map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
            <Form.Item label={t("suites.case.name")} help={t("suites.sim.help", { n: turns.length })}>
              <Input
                aria-label={t("suites.case.name")}
                value={name}
                maxLength={100}
                placeholder={turns[0]?.text.slice(0, 40)}
                onChange={(e) => setName(e.target.value)}
              />
            </Form.Item>
          </Form>
        ) : (
          <Alert type="info" showIcon message={<Link to={`/w/${slug}/suites`}>{t("suites.sim.noSuites")}</Link>} />
        )}
        {err && <Alert type="error" showIcon message={t.error(err.code, err.params)} />}
      </Modal>
    </>
  );
}

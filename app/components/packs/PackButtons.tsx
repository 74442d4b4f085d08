import { AppstoreAddOutlined, ArrowUpOutlined, DisconnectOutlined } from "@ant-design/icons";
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Popconfirm, Space } from "antd";

import { useT } from "~/i18n";

import type { PackRow } from "./types";

/** Subscribe, or upgrade and unsubscribe (confirmed), for one pack of the subscription center. */
export function PackButtons({ row, canManage }: { row: PackRow; canManage: boolean }) {
  const t = useT();
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("packId") === row.id;
  if (!canManage) return null;
  if (!row.subscribed)
    return (
      <Form method="post">
        <input type="hidden" name="packId" value={row.id} />
        <Button
          type="primary"
          htmlType="submit"
          name="intent"
          value="subscribe"
          icon={<AppstoreAddOutlined />}
          loading={busy}
          aria-label={t("packs.subscribeNamed", { name: row.name })}
        >
          {t("packs.subscribe")}
        </Button>
      </Form>
    );
  const formId = `unsubscribe-${row.id}`;
  return (
    <Space wrap>
      {row.upgradeAvailable ? (
        <Link to={row.id}>
          <Button type="primary" icon={<ArrowUpOutlined />}>
            {t("packs.upgradeView")}
          </Button>
        </Link>
      ) : null}
      <Form method="post" id={formId}>
        <input type="hidden" name="packId" value={row.id} />
        <input type="hidden" name="intent" value="unsubscribe" />
      </Form>
      <Popconfirm
        title={t("packs.unsubscribeConfirm", { name: row.name })}
        description={t("packs.unsubscribeHelp")}
        okText={t("packs.unsubscribe")}
        cancelText={t("common.cancel")}
        onConfirm={() => (document.getElementById(formId) as HTMLFormElement | null)?.requestSubmit()}
      >
        <Button danger icon={<DisconnectOutlined />} loading={busy} aria-label={t("packs.unsubscribeNamed", { name: row.name })}>
          {t("packs.unsubscribe")}
        </Button>
      </Popconfirm>
    </Space>
  );
}

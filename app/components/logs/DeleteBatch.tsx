/** Deleting an imported batch, with the turns and labels it takes along in the confirmation. */

import { useNavigation, useSubmit } from "@remix-run/react";
import { Button, Popconfirm } from "antd";

import { useT } from "~/i18n";

export function DeleteBatch({ batch }: { batch: { id: number; fileName: string; turns: number; labels: number } }) {
  const t = useT();
  const submit = useSubmit();
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "delete" && nav.formData?.get("batchId") === String(batch.id);
  return (
    <Popconfirm
      title={t("logs.batches.deleteTitle", { file: batch.fileName })}
      description={t("logs.batches.deleteConfirm", { turns: t.num(batch.turns), labels: t.num(batch.labels) })}
      okText={t("common.delete")}
      okButtonProps={{ danger: true }}
      cancelText={t("common.cancel")}
      onConfirm={() => submit({ intent: "delete", batchId: String(batch.id) }, { method: "post" })}
    >
      <Button type="link" danger size="small" style={{ padding: 0 }} loading={busy} data-testid={`delete-batch-${batch.id}`}>
        {t("common.delete")}
      </Button>
    </Popconfirm>
  );
}

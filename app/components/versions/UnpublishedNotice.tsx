import { Link } from "@remix-run/react";
import { Alert, Button } from "antd";

import { useT } from "~/i18n";

/** Shown where the bot answers from the draft because nothing is published yet, with a 发布 call to action. */
export function UnpublishedNotice({ slug }: { slug: string }) {
  const t = useT();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="unpublished"
      message={t("versions.none.short")}
      action={
        <Link to={`/w/${slug}/versions`}>
          <Button size="small" type="primary">
            {t("versions.none.cta")}
          </Button>
        </Link>
      }
    />
  );
}

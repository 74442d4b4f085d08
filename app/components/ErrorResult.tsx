import { isRouteErrorResponse } from "@remix-run/react";
import { Button, Result } from "antd";

import { type Locale, translate } from "~/i18n";

/** An error as the user reads it: 404, 403 or anything else, in their language, with the way home. */
export function ErrorResult({ error, locale }: { error: unknown; locale: Locale }) {
  const t = (k: string) => translate(locale, k);
  let status: "404" | "403" | "500" = "500";
  let title = t("error.generic.title");
  let body = t("error.generic.body");
  if (isRouteErrorResponse(error) && error.status === 404) {
    status = "404";
    title = t("error.notFound.title");
    body = t("error.notFound.body");
  } else if (isRouteErrorResponse(error) && error.status === 403) {
    status = "403";
    title = t("error.forbidden.title");
    body = t("error.forbidden.body");
  }
  return (
    <Result
      status={status}
      title={title}
      subTitle={body}
      extra={
        <Button type="primary" href="/">
          {t("error.home")}
        </Button>
      }
    />
  );
}

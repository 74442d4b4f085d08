import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { App as AntApp, Button, ConfigProvider, Result } from "antd";
import enUSLocale from "antd/locale/en_US.js";
import zhCNLocale from "antd/locale/zh_CN.js";
import { useEffect } from "react";

import { type Locale, LocaleContext, localeFromCookieHeader, translate } from "./i18n";
import { theme } from "./theme";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/antd.css" },
  { rel: "stylesheet", href: "/styles/app.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "KB Studio 知识库训练工作台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: localeFromCookieHeader(request.headers.get("Cookie")) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "zh-CN";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <LocaleContext.Provider value={locale}>
          <ConfigProvider locale={locale === "en" ? enUSLocale : zhCNLocale} theme={theme}>
            <AntApp>{children}</AntApp>
          </ConfigProvider>
        </LocaleContext.Provider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  // Marks the document as interactive: browser tests wait for it before typing.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "1";
  }, []);
  return <Outlet />;
}

/** The one error boundary: 404, 403 and everything else, in the user's language. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "zh-CN";
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

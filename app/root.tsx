import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useNavigation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { App as AntApp, ConfigProvider } from "antd";
import enUSLocale from "antd/locale/en_US.js";
import zhCNLocale from "antd/locale/zh_CN.js";
import { useEffect } from "react";

import { ErrorResult } from "./components/ErrorResult";
import { type Locale, LocaleContext, localeFromCookieHeader } from "./i18n";
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
  useDropIndexParam();
  return <Outlet />;
}

/**
 * A form posted to an index route (对话日志, 知识库 …) goes to "?index", Remix's marker for "the
 * index route, not its layout", and the address bar keeps it (issue 15 item 14). Once the action
 * has answered, the marker is dropped from the address bar only: history.replaceState keeps the
 * router's state and the page's action data, which a navigation would clear.
 */
function useDropIndexParam() {
  const location = useLocation();
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state !== "idle") return;
    const url = new URL(window.location.href);
    if (!url.searchParams.has("index")) return;
    url.searchParams.delete("index");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }, [location, navigation.state]);
}

/** Errors outside a workspace (and a workspace that cannot be opened): the workspace layout has its own. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  return <ErrorResult error={error} locale={data?.locale ?? "zh-CN"} />;
}

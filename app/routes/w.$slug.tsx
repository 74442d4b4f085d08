import { data as withInit, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { App } from "antd";
import { useEffect } from "react";

import { AppShell } from "~/components/AppShell";
import { ErrorResult } from "~/components/ErrorResult";
import { useT } from "~/i18n";
import { listUserWorkspaces } from "~/models/workspace.server";
import { readFlash, requireWorkspace } from "~/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug);
  const workspaces = await listUserWorkspaces(ctx.user.id);
  const { notice, setCookie } = await readFlash(request);
  const data = {
    user: { email: ctx.user.email, name: ctx.user.name },
    workspace: { slug: ctx.workspace.slug, name: ctx.workspace.name },
    role: ctx.role,
    workspaces: workspaces.map((w) => ({ slug: w.slug, name: w.name, role: w.role })),
    notice,
  };
  return withInit(data, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export default function WorkspaceLayout() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const { message } = App.useApp();
  useEffect(() => {
    if (data.notice) message.success(t(data.notice.key, data.notice.params));
    // Once per flash notice: with `message` and `t` as dependencies, switching the language
    // would show the notice again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.notice]);
  return (
    <AppShell user={data.user} workspace={data.workspace} role={data.role} workspaces={data.workspaces}>
      <Outlet />
    </AppShell>
  );
}

/**
 * An error in a workspace page (a 404 FAQ, a refused action, a failed loader) shows in the page's
 * place, with the sidebar still there: the trainer goes on from it instead of starting over, and
 * the document is not rebuilt from the root for an error the workspace can show.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const data = useRouteLoaderData<typeof loader>("routes/w.$slug");
  const result = <ErrorResult error={error} locale={t.locale} />;
  // The layout's own loader failed (no such workspace, not a member): no shell to show it in.
  if (!data) return result;
  return (
    <AppShell user={data.user} workspace={data.workspace} role={data.role} workspaces={data.workspaces}>
      {result}
    </AppShell>
  );
}

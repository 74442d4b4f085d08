import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Result } from "antd";

import { useT } from "~/i18n";
import { listUserWorkspaces } from "~/models/workspace.server";
import { requireUser } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const list = await listUserWorkspaces(user.id);
  if (list.length) throw redirect(`/w/${list[0].slug}/faqs`);
  return null;
}

export default function Home() {
  const t = useT();
  return <Result status="info" title={t("app.name")} subTitle={t("home.noWorkspace")} />;
}

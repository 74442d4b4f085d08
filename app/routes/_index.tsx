import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Result } from "antd";

import { getDb } from "~/db.server";
import { useT } from "~/i18n";
import { requireUser } from "~/session.server";

import { listUserWorkspaces } from "../../db/queries/workspaces";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const list = await listUserWorkspaces(getDb(), user.id);
  if (list.length) throw redirect(`/w/${list[0].slug}/faqs`);
  return null;
}

export default function Home() {
  const t = useT();
  return <Result status="info" title={t("app.name")} subTitle={t("home.noWorkspace")} />;
}

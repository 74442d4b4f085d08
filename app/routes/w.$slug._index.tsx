import { type LoaderFunctionArgs, redirect } from "@remix-run/node";

import { requireWorkspace } from "~/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireWorkspace(request, params.slug);
  throw redirect(`/w/${params.slug}/faqs`);
}

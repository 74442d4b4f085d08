import type { LoaderFunctionArgs } from "@remix-run/node";

import { searchFaqTitles } from "~/models/faq.server";
import { requireWorkspace } from "~/session.server";

/** Search-as-you-type for FAQ pickers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const url = new URL(request.url);
  const exclude = Number(url.searchParams.get("exclude"));
  const items = await searchFaqTitles({
    workspaceId: ctx.workspace.id,
    q: (url.searchParams.get("q") ?? "").slice(0, 100),
    excludeId: Number.isInteger(exclude) && exclude > 0 ? exclude : undefined,
    limit: 20,
  });
  return { items };
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireWorkspace } from "~/session.server";
import { searchFaqTitles } from "~/models/faq.server";

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

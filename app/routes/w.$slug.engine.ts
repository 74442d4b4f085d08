import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { engineStatus, getEngine, retrainNow } from "~/models/engine.server";
import { requireWorkspace } from "~/session.server";

/** The engine's state for the status badge (polled while training). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const status = await engineStatus(ctx.workspace.id);
  // First visit after a start: begin loading or training in the background.
  if (status.state === "empty") void getEngine(ctx.workspace.id).catch(() => undefined);
  return status;
}

/** 重新训练: retrain now, in the background; the badge shows the progress. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "trainEngine");
  void retrainNow(ctx.workspace.id).catch(() => undefined);
  return { started: true };
}

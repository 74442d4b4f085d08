import { getDb } from "~/db.server";

import * as settings from "../../db/queries/settings";
import * as syn from "../../db/queries/synonyms";
import { onKnowledgeChanged } from "./knowledge-events.server";

export type { WorkspaceSettings } from "../../db/queries/settings";
export const getSettings = (workspaceId: number) => settings.getSettings(getDb(), workspaceId);

export async function updateSettings(opts: Parameters<typeof settings.updateSettings>[1]) {
  const r = await settings.updateSettings(getDb(), opts);
  // Thresholds and the default answer change what the engine is built from.
  onKnowledgeChanged(opts.workspaceId);
  return r;
}

export const listSynonymGroups = (workspaceId: number) => syn.listSynonymGroups(getDb(), workspaceId);
export async function replaceSynonymGroups(opts: Parameters<typeof syn.replaceSynonymGroups>[1]) {
  const r = await syn.replaceSynonymGroups(getDb(), opts);
  if (r.changed) onKnowledgeChanged(opts.workspaceId);
  return r;
}

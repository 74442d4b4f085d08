import { getDb } from "~/db.server";

import * as bot from "../../db/queries/bot";

export const createApiKey = (opts: Parameters<typeof bot.createApiKey>[1]) => bot.createApiKey(getDb(), opts);
export const revokeApiKey = (opts: Parameters<typeof bot.revokeApiKey>[1]) => bot.revokeApiKey(getDb(), opts);
export const listApiKeys = (workspaceId: number) => bot.listApiKeys(getDb(), workspaceId);
export const workspaceForKey = (key: string) => bot.workspaceForKey(getDb(), key);

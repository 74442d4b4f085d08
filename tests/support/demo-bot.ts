/**
 * The demo shop as the tests that publish and ask it use it: one FAQ whose answer they change, and
 * the bot API that answers it.
 */
import type { Db } from "../../db/client";
import { createApiKey } from "../../db/queries/bot";
import { listFaqs } from "../../db/queries/faqs";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";

/** The demo question whose FAQ the tests edit, publish and ask about. */
export const DEMO_QUESTION = "什么时候发货";

export interface DemoBot {
  wsId: number;
  /** A bearer key of its own for the bot API. */
  key: string;
  /** The FAQ of DEMO_QUESTION. */
  faqId: number;
}

/** The demo workspace, a new API key named `keyName` for it, and the FAQ of DEMO_QUESTION. */
export async function demoBot(db: Db, keyName: string): Promise<DemoBot> {
  const wsId = (await getWorkspaceBySlug(db, "demo"))!.id;
  const key = (await createApiKey(db, { workspaceId: wsId, name: keyName, userId: null })).key;
  const faqs = await listFaqs(db, { workspaceId: wsId, q: DEMO_QUESTION, pageSize: 50 });
  return { wsId, key, faqId: faqs.rows.find((r) => r.question === DEMO_QUESTION)!.id };
}

/** One question to the bot API of the server at `url`, each in a new session (`sessionPrefix` + a random number). */
export async function askBot(url: string, key: string, text: string, sessionPrefix: string) {
  const res = await fetch(`${url}/api/v1/bot/reply`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ sessionId: `${sessionPrefix}${Math.random()}`, text }),
  });
  return { status: res.status, body: (await res.json()) as { faqId: number | null; answer: string | null } };
}

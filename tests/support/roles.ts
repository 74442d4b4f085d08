/**
 * The role matrix the route tests share: one client per role of the demo shop (seeded members,
 * DEMO_PASSWORD), an outsider who owns another shop, and an anonymous visitor; the statuses a
 * route answers each with; and the describe/it table that asks every route as every one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { createShopWithOwner } from "./fixtures";
import { Client, startTestServer, type TestServer } from "./server";

export type Who = "admin" | "trainer" | "qa" | "manager" | "outsider" | "anonymous";
export const WHO: Who[] = ["admin", "trainer", "qa", "manager", "outsider", "anonymous"];
export const MEMBER_EMAIL = {
  admin: "admin@kbstudio.dev",
  trainer: "trainer@kbstudio.dev",
  qa: "qa@kbstudio.dev",
  manager: "manager@kbstudio.dev",
} as const;

export type Expect = Record<Who, number>;
/** Every member reads; another shop's member gets a 404 (never a 403: it must not learn the shop exists). */
export const readAll: Expect = { admin: 200, trainer: 200, qa: 200, manager: 200, outsider: 404, anonymous: 302 };
/** `ok` for the members named, 403 for the other members. */
export function allowed(ok: number, who: Exclude<Who, "outsider" | "anonymous">[]): Expect {
  const member = (w: keyof typeof MEMBER_EMAIL) => (who.includes(w) ? ok : 403);
  return { admin: member("admin"), trainer: member("trainer"), qa: member("qa"), manager: member("manager"), outsider: 404, anonymous: 302 };
}

/** Signs in a client for every role; the outsider (who must own a shop already) by its email. */
export async function signInEveryone(url: string, outsiderEmail: string): Promise<Record<Who, Client>> {
  const clients = {} as Record<Who, Client>;
  const email: Record<Exclude<Who, "anonymous">, string> = { ...MEMBER_EMAIL, outsider: outsiderEmail };
  for (const w of WHO) {
    clients[w] = new Client(url);
    if (w !== "anonymous") await clients[w].login(email[w], DEMO_PASSWORD);
  }
  return clients;
}

/**
 * A route test file's set-up: the built server with the demo shop, another shop "other" owned by
 * `outsiderEmail` (and whatever else `prepare` writes), then a client signed in for every role;
 * the server stops after the file. Read `server` and `clients` inside tests, once beforeAll ran.
 */
export function roleServer(outsiderEmail: string, prepare?: (db: Db, other: { workspaceId: number; userId: number }) => Promise<void>) {
  const env = {} as { server: TestServer; clients: Record<Who, Client> };
  beforeAll(async () => {
    env.server = await startTestServer();
    const db = createDb(env.server.databaseUrl);
    try {
      const other = await createShopWithOwner(db, { slug: "other", name: "别家小店", email: outsiderEmail });
      await prepare?.(db, other);
    } finally {
      db.$client.close();
    }
    env.clients = await signInEveryone(env.server.url, outsiderEmail);
  });
  afterAll(async () => {
    await env.server?.stop();
  });
  return env;
}

export interface RoleCase {
  name: string;
  method: "GET" | "POST";
  path: string | ((who: Who) => string);
  body?: (who: Who) => Record<string, string | string[]> | FormData;
  expect: Expect;
}

/** One test per route and role: the status each role gets. */
export function roleMatrix(cases: RoleCase[], clients: () => Record<Who, Client>) {
  describe.each(cases)("$method $name", (c) => {
    it.each(WHO)("as %s", async (who) => {
      const path = typeof c.path === "string" ? c.path : c.path(who);
      const client = clients()[who];
      const res = c.method === "GET" ? await client.get(path) : await client.post(path, c.body?.(who));
      expect(res.status, `${c.method} ${path} as ${who}`).toBe(c.expect[who]);
      if (res.status === 302 && who === "anonymous") expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    });
  });
}

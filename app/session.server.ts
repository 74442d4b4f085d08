/**
 * Sessions: an httpOnly, sameSite=lax cookie signed with SESSION_SECRET, holding the user id.
 * Guards that throw start with `require`: a missing session redirects to /login; a workspace the
 * user is not a member of is a 404 (never reveal that it exists); a missing role is a 403.
 */
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";

import { getMembership, getWorkspaceBySlug } from "../db/queries/workspaces";
import type { Role } from "../db/schema";
import { users } from "../db/schema";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { invariantResponse } from "./invariant";
import { can, type Permission } from "./permissions";

type SessionData = { userId: number };
type FlashData = { notice: string };
let storage: ReturnType<typeof createCookieSessionStorage<SessionData, FlashData>> | null = null;

export function sessionStorage() {
  if (!storage) {
    const env = getEnv();
    storage = createCookieSessionStorage<SessionData, FlashData>({
      cookie: {
        name: "__kb_session",
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: env.SECURE_COOKIES === "true",
        secrets: [env.SESSION_SECRET],
        maxAge: 60 * 60 * 24 * 14,
      },
    });
  }
  return storage;
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export async function commitSession(session: Awaited<ReturnType<typeof getSession>>) {
  return sessionStorage().commitSession(session);
}

export async function getUserId(request: Request): Promise<number | null> {
  const session = await getSession(request);
  const id = session.get("userId");
  return typeof id === "number" ? id : null;
}

export async function getUser(request: Request) {
  const id = await getUserId(request);
  if (id === null) return null;
  const u = await getDb().query.users.findFirst({
    where: eq(users.id, id),
    columns: { id: true, email: true, name: true, locale: true },
  });
  return u ?? null;
}

function safeRedirectTo(to: string | null | undefined, fallback = "/") {
  if (!to || !to.startsWith("/") || to.startsWith("//")) return fallback;
  return to;
}

export async function requireUser(request: Request) {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

export interface WorkspaceContext {
  user: { id: number; email: string; name: string };
  workspace: { id: number; slug: string; name: string; settings: Record<string, unknown> };
  role: Role;
}

/**
 * The guard every workspace loader and action starts with. Non-members get the same 404 as a
 * workspace that does not exist.
 */
export async function requireWorkspace(request: Request, slug: string | undefined, permission: Permission = "readKnowledge"): Promise<WorkspaceContext> {
  const user = await requireUser(request);
  const db = getDb();
  const ws = slug ? await getWorkspaceBySlug(db, slug) : undefined;
  const membership = ws ? await getMembership(db, user.id, ws.id) : undefined;
  invariantResponse(ws && membership);
  if (!can(membership.role, permission)) throw new Response("Forbidden", { status: 403 });
  return {
    user: { id: user.id, email: user.email, name: user.name },
    workspace: { id: ws.id, slug: ws.slug, name: ws.name, settings: ws.settings },
    role: membership.role,
  };
}

export async function createUserSession(request: Request, userId: number, redirectTo: string | null) {
  const session = await getSession(request);
  session.set("userId", userId);
  return redirect(safeRedirectTo(redirectTo), { headers: { "Set-Cookie": await commitSession(session) } });
}

export async function logout(request: Request) {
  const session = await getSession(request);
  return redirect("/login", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}

/** One-shot notices shown after a redirect ("已保存"). */
export async function flash(request: Request, key: string, params?: Record<string, string | number>) {
  const session = await getSession(request);
  session.flash("notice", JSON.stringify({ key, params: params ?? {} }));
  return commitSession(session);
}

export async function readFlash(request: Request) {
  const session = await getSession(request);
  const raw = session.get("notice");
  if (!raw) return { notice: null, setCookie: null };
  return { notice: JSON.parse(String(raw)) as { key: string; params: Record<string, string | number> }, setCookie: await commitSession(session) };
}

/**
 * Sessions: an httpOnly, sameSite=lax cookie signed with SESSION_SECRET, holding a random token
 * whose hash is a row of user_sessions (db/queries/auth.ts): logout, a password change or a
 * removal deletes the row and the cookie is worthless on every instance (issue 14 item 11).
 * Guards that throw start with `require`: a missing session redirects to /login; a workspace the
 * user is not a member of is a 404 (never reveal that it exists); a missing role is a 403.
 */
import { createCookieSessionStorage, redirect } from "@remix-run/node";

import { createSession, revokeSession, SESSION_TTL_MS, sessionUser } from "../db/queries/auth";
import { getMembership, getWorkspaceBySlug } from "../db/queries/workspaces";
import type { Role } from "../db/schema";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { invariantResponse } from "./invariant";
import { can, type Permission } from "./permissions";
import { safeRedirect } from "./safe-redirect";

type SessionData = { token: string };
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
        maxAge: SESSION_TTL_MS / 1000,
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

export async function getUser(request: Request) {
  const token = (await getSession(request)).get("token");
  if (typeof token !== "string" || !token) return null;
  return sessionUser(getDb(), token);
}

export async function getUserId(request: Request): Promise<number | null> {
  return (await getUser(request))?.id ?? null;
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
  session.set("token", await createSession(getDb(), userId));
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": await commitSession(session) } });
}

export async function logout(request: Request) {
  const session = await getSession(request);
  const token = session.get("token");
  if (typeof token === "string" && token) await revokeSession(getDb(), token);
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

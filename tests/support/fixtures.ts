/**
 * Shared set-up for tests that need a second shop: another workspace with its own admin, used to
 * prove that one workspace's pages and data are a 404 to members of another.
 */
import type { Db } from "../../db/client";
import { createUser, ensureWorkspace, setMembership } from "../../db/queries/workspaces";
import { DEMO_PASSWORD } from "../../db/seed/seed";

export async function createShopWithOwner(
  db: Db,
  opts: { slug: string; name: string; email: string; defaultPacks?: boolean },
): Promise<{ workspaceId: number; userId: number }> {
  const ws = await ensureWorkspace(db, { slug: opts.slug, name: opts.name, defaultPacks: opts.defaultPacks });
  const u = await createUser(db, { email: opts.email, password: DEMO_PASSWORD });
  await setMembership(db, { userId: u.id, workspaceId: ws.id, role: "admin" });
  return { workspaceId: ws.id, userId: u.id };
}

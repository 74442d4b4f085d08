/** The routes' door to workspaces, members and the audit log. */
import { getDb } from "~/db.server";

import { AUDIT_ENTITIES, listAudit as listAuditQuery } from "../../db/queries/audit";

export { AUDIT_ENTITIES };
import * as w from "../../db/queries/workspaces";

export const listMembers = (workspaceId: number) => w.listMembers(getDb(), workspaceId);
export const countAdmins = (workspaceId: number) => w.countAdmins(getDb(), workspaceId);
export const getUserByEmail = (email: string) => w.getUserByEmail(getDb(), email);
export const createUser = (opts: Parameters<typeof w.createUser>[1]) => w.createUser(getDb(), opts);
export const setMembership = (opts: Parameters<typeof w.setMembership>[1]) => w.setMembership(getDb(), opts);
export const removeMembership = (opts: Parameters<typeof w.removeMembership>[1]) => w.removeMembership(getDb(), opts);
export const listUserWorkspaces = (userId: number) => w.listUserWorkspaces(getDb(), userId);
export const getMembership = (userId: number, workspaceId: number) => w.getMembership(getDb(), userId, workspaceId);
export const listAudit = (opts: Parameters<typeof listAuditQuery>[1]) => listAuditQuery(getDb(), opts);

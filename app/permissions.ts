/** Who may do what, in one table (issue 2: admin, trainer, qa, manager). */
import type { Role } from "../db/schema";

export type { Role };
export const ALL_ROLES: readonly Role[] = ["admin", "trainer", "qa", "manager"];

export const PERMISSIONS = {
  readKnowledge: ["admin", "trainer", "qa", "manager"],
  editKnowledge: ["admin", "trainer"],
  importKnowledge: ["admin", "trainer"],
  readAudit: ["admin", "trainer", "qa", "manager"],
  manageMembers: ["admin"],
  manageSettings: ["admin"],
  /** Talk to the bot in the simulator. */
  useSimulator: ["admin", "trainer", "qa", "manager"],
  /** Retrain the engine on demand, edit synonyms. */
  trainEngine: ["admin", "trainer"],
  readLogs: ["admin", "trainer", "qa", "manager"],
  importLogs: ["admin", "trainer"],
  labelLogs: ["admin", "trainer"],
  /** The raw, unmasked text of imported chat logs. */
  readRawLogs: ["admin"],
  managePacks: ["admin", "trainer"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

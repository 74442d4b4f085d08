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
  /** The manager dashboard, its drill-downs and FAQ health (issue 12). */
  readMetrics: ["admin", "trainer", "qa", "manager"],
  /**
   * Publish the draft and roll back (issue 13). Trainers only when the workspace allows it
   * (settings.trainersCanPublish, checked by assertMayPublish in app/models/versions.server.ts).
   */
  publishKnowledge: ["admin", "trainer"],
  /** Scenario test suites (issue 11): everyone reads the reports, qa and admins write, trainers also run. */
  readSuites: ["admin", "trainer", "qa", "manager"],
  writeSuites: ["admin", "qa"],
  runSuites: ["admin", "trainer", "qa"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

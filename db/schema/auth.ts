/**
 * Sign-in state that must outlive one process and be revocable (issue 14 items 11 and 12):
 * sessions are rows, so logout, a password change or a removal ends them on every instance; login
 * failures are counted here, so throttling holds across instances too.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

import { now } from "./columns";
import { users } from "./core";

export const userSessions = sqliteTable(
  "user_sessions",
  {
    /** sha256 (hex) of the token in the cookie: a stolen database does not yield live cookies. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull().default(now),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("user_sessions_user").on(t.userId)],
);

export const loginFailures = sqliteTable("login_failures", {
  /** `account:<email>` or `address:<ip>`. */
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: integer("last_failure_at").notNull(),
  /** No attempt for this key is checked before this time (ms). */
  lockedUntil: integer("locked_until").notNull().default(0),
});

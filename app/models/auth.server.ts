/**
 * Signing in: the password check and its throttle (issue 14 item 12), per account and per client
 * address, counted in the database so that every instance sees the same failures.
 */
import { verifyPassword } from "../../db/password";
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from "../../db/queries/auth";
import { getUserByEmail, setPassword } from "../../db/queries/workspaces";
import { KbError } from "../../training/errors";
import { getDb } from "../db.server";

// A real hash to compare against when the email is unknown, so both paths take the same time.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

export type SignIn = { ok: true; userId: number } | { ok: false; error: "login.invalid" } | { ok: false; error: "LOGIN_THROTTLED"; retryAfterSeconds: number };

export async function signIn(opts: { email: string; password: string; address: string | null }): Promise<SignIn> {
  const db = getDb();
  const keys = { email: opts.email, address: opts.address };
  const wait = await loginRetryAfter(db, keys);
  // While locked, the password is not even checked: a guesser learns nothing from a right guess.
  if (wait > 0) return { ok: false, error: "LOGIN_THROTTLED", retryAfterSeconds: Math.ceil(wait / 1000) };
  const user = await getUserByEmail(db, opts.email);
  const ok = await verifyPassword(opts.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    await recordLoginFailure(db, keys);
    return { ok: false, error: "login.invalid" };
  }
  await clearLoginFailures(db, opts.email);
  return { ok: true, userId: user.id };
}

/** Changes one's own password; every other session of the user ends. */
export async function changePassword(opts: { userId: number; email: string; current: string; next: string; keepToken: string | null }) {
  const db = getDb();
  const user = await getUserByEmail(db, opts.email);
  if (!user || user.id !== opts.userId || !(await verifyPassword(opts.current, user.passwordHash))) throw new KbError("PASSWORD_WRONG");
  await setPassword(db, user.id, opts.next, { keepToken: opts.keepToken ?? undefined });
}

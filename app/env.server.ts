/** Environment, parsed once at start-up, with defaults that make `npm start` work on a fresh machine. */
import crypto from "node:crypto";
import path from "node:path";

import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** Default: the embedded file DATA_DIR/kb-studio.db. */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SESSION_SECRET: z.string().optional(),
  DATA_DIR: z.string().default("./data"),
  MODELS_DIR: z.string().default("./models"),
  /** Cookies marked Secure (set when the studio is served over HTTPS). */
  SECURE_COOKIES: z.enum(["true", "false"]).default("false"),
  /**
   * Behind a reverse proxy: trust its X-Forwarded-Host / -Proto / -For headers (the CSRF origin
   * check and login throttling use them). Off by default, since anyone can send those headers.
   */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
});

export type Env = z.infer<typeof EnvSchema> & { DATABASE_URL: string; SESSION_SECRET: string; SESSION_SECRET_SET: boolean; dataDir: string };

let cached: Env | null = null;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.parse(process.env);
  let secret = parsed.SESSION_SECRET;
  if (!secret) {
    // No secret configured: a random one per process keeps sessions safe; it only means that a
    // restart logs everyone out. Production deployments set SESSION_SECRET.
    // (scripts/start.ts says so when the server starts; the CLI has no sessions to lose.)
    secret = crypto.randomBytes(32).toString("hex");
  }
  const dataDir = path.resolve(parsed.DATA_DIR);
  // The embedded database lives in DATA_DIR like everything else the studio stores (issue 14 item 17).
  const databaseUrl = parsed.DATABASE_URL ?? `file:${path.join(dataDir, "kb-studio.db")}`;
  cached = { ...parsed, DATABASE_URL: databaseUrl, SESSION_SECRET: secret, SESSION_SECRET_SET: !!parsed.SESSION_SECRET, dataDir };
  return cached;
}

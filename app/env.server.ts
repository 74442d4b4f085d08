/** Environment, parsed once at start-up, with defaults that make `npm start` work on a fresh machine. */
import crypto from "node:crypto";
import path from "node:path";

import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z.string().default("file:./data/kb-studio.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SESSION_SECRET: z.string().optional(),
  DATA_DIR: z.string().default("./data"),
  MODELS_DIR: z.string().default("./models"),
  /** Cookies marked Secure (set when the studio is served over HTTPS). */
  SECURE_COOKIES: z.enum(["true", "false"]).default("false"),
});

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; SESSION_SECRET_SET: boolean; dataDir: string };

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
  cached = { ...parsed, SESSION_SECRET: secret, SESSION_SECRET_SET: !!parsed.SESSION_SECRET, dataDir: path.resolve(parsed.DATA_DIR) };
  return cached;
}

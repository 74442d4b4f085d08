/**
 * KbErrors at the edge of an action: the one shape an action answers a refused change with,
 * `{ ok: false, error: { code, params } }` (status 400), which pages show with `t.error(code, params)`.
 */
import { data } from "@remix-run/node";

import { type ErrorParams, KbError, type KbErrorCode } from "../../training/errors";

export { KbError };

export interface ActionError {
  code: KbErrorCode;
  params: ErrorParams;
}

/** Runs a change; a KbError it throws becomes the 400 answer, anything else stays a 500. */
export async function refusedAsData<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof KbError) return data({ ok: false as const, error: { code: e.code, params: e.params } satisfies ActionError }, { status: 400 });
    throw e;
  }
}

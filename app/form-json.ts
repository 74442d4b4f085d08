import type { z } from "zod";

/**
 * A form field that carries a JSON object (an editor's whole state: a suite case, an external bot),
 * checked against its schema; anything else is a 400, as a malformed form is.
 */
export function jsonFormField<S extends z.ZodTypeAny>(form: FormData, name: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get(name) ?? ""));
  } catch {
    throw new Response("Bad request", { status: 400 });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  return parsed.data;
}

/**
 * Guards for loaders and actions (conventions.md, after epic-stack's `invariantResponse`): when the
 * condition fails, throw a Response that the one shared error boundary renders (404 by default:
 * a thing that is missing, or in another workspace, is "not found", never "forbidden").
 */
export function invariantResponse(condition: unknown, message = "Not found", init: ResponseInit = { status: 404 }): asserts condition {
  if (!condition) throw new Response(message, init);
}

/** A positive integer id from a route or search param, or a 404. */
export function requireId(raw: string | null | undefined): number {
  const id = Number(raw);
  invariantResponse(Number.isInteger(id) && id > 0);
  return id;
}

/**
 * GET /api/v1/openapi.json — the bot API's OpenAPI 3.1 document, generated from the schemas the
 * API validates with (app/bot-api.ts). Public like any API description: it holds no shop data.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { openApiDocument } from "~/bot-api";

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  return Response.json(openApiDocument(origin), { headers: { "Cache-Control": "public, max-age=300" } });
}

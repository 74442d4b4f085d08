/**
 * The bot API's OpenAPI document (issue 15 item 17) over real HTTP: it is a valid OpenAPI 3.1
 * document, it is public, and what the real API answers matches what it describes.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ApiErrorSchema, BotReplyResponseSchema } from "../../app/bot-api";
import { createDb } from "../../db/client";
import { createApiKey } from "../../db/queries/bot";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  const db = createDb(server.databaseUrl);
  const demo = (await getWorkspaceBySlug(db, "demo"))!;
  key = (await createApiKey(db, { workspaceId: demo.id, name: "openapi", userId: null })).key;
  db.$client.close();
});

afterAll(async () => {
  await server?.stop();
});

async function doc() {
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as Record<string, any>;
}

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document, without a session", async () => {
    const d = await doc();
    expect(d.openapi).toBe("3.1.0");
    expect(d.servers[0].url).toBe(server.url);
    // Throws with the offending path when the document is not valid OpenAPI.
    await SwaggerParser.validate(structuredClone(d) as never);
    expect(Object.keys(d.paths)).toEqual(["/api/v1/bot/reply"]);
  });

  it("describes exactly the fields the API answers with", async () => {
    const d = await doc();
    const res = await fetch(`${server.url}/api/v1/bot/reply`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ sessionId: "openapi-1", text: "什么时候发货" }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    // strict(): a field the API sends that the document does not describe fails here.
    BotReplyResponseSchema.strict().parse(body);
    const described = d.components.schemas.BotReplyResponse;
    expect(Object.keys(described.properties).sort()).toEqual(Object.keys(body).sort());
    expect([...described.required].sort()).toEqual(Object.keys(body).sort());
  });

  it("describes the error bodies the API sends", async () => {
    const bad = await fetch(`${server.url}/api/v1/bot/reply`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ sessionId: "", text: "x" }),
    });
    expect(bad.status).toBe(400);
    ApiErrorSchema.strict().parse(await bad.json());
    const unauthorized = await fetch(`${server.url}/api/v1/bot/reply`, { method: "POST", body: "{}" });
    expect(unauthorized.status).toBe(401);
    ApiErrorSchema.strict().parse(await unauthorized.json());
    const big = await fetch(`${server.url}/api/v1/bot/reply`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ sessionId: "s", text: "啊".repeat(70_000) }),
    });
    expect(big.status).toBe(413);
    ApiErrorSchema.strict().parse(await big.json());
  });
});

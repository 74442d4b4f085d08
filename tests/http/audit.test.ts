/**
 * 操作日志 in words (issue 15 item 3: the page showed raw keys — `audit.entity.log_label`,
 * `audit.action.ignore`, `pack: apparel`, `synonymsAdded` — and "导入导入…"). One entry of every
 * kind in AUDIT_KINDS, carrying every field of AUDIT_FIELDS, is rendered by the real page in both
 * languages; no key-shaped string may show.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { AUDIT_FIELDS, AUDIT_KINDS, type AuditEntity, writeAudit } from "../../db/queries/audit";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { auditLog } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let db: Db;
let admin: Client;
let kinds = 0;

const SAMPLE: Record<string, unknown> = { shopProfile: { 发货时间: "48小时" }, enabled: true, welcomeCards: [1, 2], variants: ["几天发货"] };

beforeAll(async () => {
  server = await startTestServer();
  db = createDb(server.databaseUrl);
  const ws = (await getWorkspaceBySlug(db, "demo"))!.id;
  await db.delete(auditLog);
  const before = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, SAMPLE[f] === undefined ? 1 : null]));
  const after = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, SAMPLE[f] ?? 2]));
  for (const [entity, actions] of Object.entries(AUDIT_KINDS) as [AuditEntity, readonly string[]][])
    for (const action of actions) {
      kinds++;
      // `summary` is data (a name, a file): a marker the check below can strip.
      await writeAudit(db, { workspaceId: ws, userId: null, entity, action: action as never, summary: "SUMMARY", before, after });
    }
  admin = await new Client(server.url).login("admin@kbstudio.dev", DEMO_PASSWORD);
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

function visibleText(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z#0-9]+;/g, " ")
    .replace(/SUMMARY/g, " ");
}

describe("the audit page words every kind of entry", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`in ${locale}`, async () => {
      admin.cookie = admin.cookie.replace(/;?\s*kb_lang=[^;]*/, "") + `; kb_lang=${locale}`;
      let text = "";
      let rows = 0;
      for (let page = 1; page <= 10 && rows < kinds; page++) {
        const res = await admin.get(`/w/demo/audit?page=${page}`);
        expect(res.status).toBe(200);
        const html = await res.text();
        rows += (html.match(/<tr[^>]*data-row-key/g) ?? []).length;
        text += visibleText(html.slice(html.indexOf("<main") >= 0 ? html.indexOf("<main") : 0));
      }
      expect(rows).toBe(kinds);
      const keyShaped = [
        ...(text.match(/\baudit\.[\w.]+/g) ?? []),
        // raw entity names and camelCase / snake_case field names
        ...(text.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? []),
        ...(text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? []),
        ...(text.match(/\[object Object\]/g) ?? []),
      ];
      expect([...new Set(keyShaped)]).toEqual([]);
      if (locale === "zh-CN") {
        // Every field by its label, not its key (in English some labels are the key's own word).
        for (const f of AUDIT_FIELDS) expect(text.includes(`${f}：`), f).toBe(false);
        expect(text).not.toMatch(/导入\s*导入/);
      }
    });
  }
});

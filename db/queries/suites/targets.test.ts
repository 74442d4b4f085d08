import { beforeEach, describe, expect, it } from "vitest";

import { KbError } from "../../../training/errors";
import { createTestDb, type Db } from "../../client";
import { listAudit } from "../audit";
import { createWorkspace } from "../workspaces";
import { deleteTarget, findTargetByName, listTargets, saveTarget } from "./targets";

let db: Db;
let ws: number;
let other: number;

beforeEach(async () => {
  db = await createTestDb();
  ws = (await createWorkspace(db, { slug: "shop", name: "店" })).id;
  other = (await createWorkspace(db, { slug: "other", name: "别家" })).id;
});

const vendor = {
  url: "https://bot.example.com/chat",
  headers: { "X-App-Key": "${VENDOR_KEY}" },
  bodyTemplate: '{"q": "{{text}}", "uid": "{{sessionId}}"}',
  paths: { decision: "data.type", answer: "data.answer", faq: "data.hit" },
  decisionMap: { faq: "answer" as const, human: "transfer" as const },
};

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e instanceof KbError ? e.code : String(e);
  }
  return "no error";
}

describe("saved external bots (外部机器人)", () => {
  it("saves, renames and deletes a target, one name per workspace, each change audited", async () => {
    const id = await saveTarget(db, { workspaceId: ws, userId: null, name: " 旧客服系统 ", config: vendor });
    expect((await findTargetByName(db, ws, "旧客服系统"))?.config).toEqual(vendor);
    // The same name in another workspace is another target.
    await saveTarget(db, { workspaceId: other, userId: null, name: "旧客服系统", config: vendor });
    expect(await codeOf(saveTarget(db, { workspaceId: ws, userId: null, name: "旧客服系统", config: vendor }))).toBe("SUITE_TARGET_EXISTS");

    await saveTarget(db, { workspaceId: ws, userId: null, id, name: "旧系统", config: { ...vendor, url: "https://bot.example.com/v2" } });
    expect((await listTargets(db, ws)).map((t) => [t.name, t.config.url])).toEqual([["旧系统", "https://bot.example.com/v2"]]);
    // Another workspace's target is not this one's to edit or delete.
    const theirs = (await findTargetByName(db, other, "旧客服系统"))!.id;
    expect(await codeOf(saveTarget(db, { workspaceId: ws, userId: null, id: theirs, name: "偷改", config: vendor }))).toBe("NOT_FOUND");
    expect(await deleteTarget(db, { workspaceId: ws, id: theirs, userId: null })).toBeNull();

    expect((await deleteTarget(db, { workspaceId: ws, id, userId: null }))?.name).toBe("旧系统");
    expect(await listTargets(db, ws)).toEqual([]);
    const audit = await listAudit(db, { workspaceId: ws, entity: "suite_target" });
    expect(audit.rows.map((r) => [r.action, r.summary])).toEqual([
      ["delete", "旧系统"],
      ["update", "旧系统"],
      ["create", "旧客服系统"],
    ]);
    expect(audit.rows[1].before).toMatchObject({ url: "https://bot.example.com/chat", headers: "X-App-Key" });
  });

  it("stores no secret and no config that a run would fail on", async () => {
    const bad = (patch: object) => saveTarget(db, { workspaceId: ws, userId: null, name: "坏", config: { ...vendor, ...patch } });
    expect(await codeOf(bad({ headers: { "X-App-Key": "sk-live-123" } }))).toBe("SUITE_TARGET_SECRET_LITERAL");
    expect(await codeOf(bad({ url: "ftp://bot.example.com" }))).toBe("SUITE_TARGET_INVALID");
    expect(await codeOf(bad({ bodyTemplate: '{"q": {{text}}}' }))).toBe("SUITE_TARGET_INVALID");
    expect(await codeOf(bad({ paths: { decision: "" } }))).toBe("SUITE_TARGET_INVALID");
    expect(await codeOf(bad({ decisionMap: { faq: "maybe" } }))).toBe("SUITE_DECISION_UNKNOWN");
    expect(await codeOf(saveTarget(db, { workspaceId: ws, userId: null, name: "  ", config: vendor }))).toBe("SUITE_NAME_EMPTY");
    expect(await listTargets(db, ws)).toEqual([]);
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createTestDb } from "../client";
import { kbVersions } from "../schema";
import { seedDemo } from "../seed/seed";
import { loadBotContent } from "./bot-content";
import { engineInputFromContent } from "./engine-input";
import { commitVersion, diffContent, getVersion, listVersions } from "./versions";
import { auditKindsOf } from "./versions.test-support";

describe("knowledge-base versions", () => {
  it("commits numbered immutable snapshots and diffs the draft against them", async () => {
    const db = await createTestDb();
    const ws = await seedDemo(db);
    const content = await loadBotContent(db, ws.id);
    const fp = engineInputFromContent(content).fingerprint;
    const v1 = await commitVersion(db, {
      workspaceId: ws.id,
      userId: null,
      note: "first",
      content,
      fingerprint: fp,
      files: { engine: null, ann: null, annMeta: null },
    });
    const v2 = await commitVersion(db, {
      workspaceId: ws.id,
      userId: null,
      note: "",
      content,
      fingerprint: fp,
      files: { engine: null, ann: null, annMeta: null },
      restores: 1,
    });
    expect([v1.number, v2.number]).toEqual([1, 2]);
    expect((await getVersion(db, { workspaceId: ws.id, version: "published" }))?.number).toBe(2);
    expect((await listVersions(db, { workspaceId: ws.id })).total).toBe(2);
    await expect(db.update(kbVersions).set({ note: "changed" }).where(eq(kbVersions.id, v1.id))).rejects.toThrow();
    expect(await auditKindsOf(db, ws.id)).toEqual(["publish", "rollback"]);

    const edited = structuredClone(content);
    edited.faqs[0].answer = "新的答案";
    edited.faqs[0].variants.push("新问法");
    edited.faqs.pop();
    const d = diffContent(content, edited);
    expect(d.same).toBe(false);
    expect(d.faqsChanged[0].fields.map((f) => f.field)).toEqual(["answer"]);
    expect(d.faqsChanged[0].variantsAdded).toEqual(["新问法"]);
    expect(d.faqsRemoved).toHaveLength(1);
    expect(diffContent(content, content).same).toBe(true);
  }, 60_000);
});

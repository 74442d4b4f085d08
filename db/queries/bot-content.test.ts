import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { buildEngine } from "../../training/engine";
import { createTestDb } from "../client";
import { logLabels } from "../schema";
import { seedDemo } from "../seed/seed";
import { LABEL_STEP, labeledQuestions, loadBotContent } from "./bot-content";
import { engineInputFromContent } from "./engine-input";

describe("labeled questions calibrate the bot", () => {
  it("reads the inbox labels that name an outcome, in steps, and the engine's thresholds follow them", async () => {
    const db = await createTestDb();
    const ws = await seedDemo(db);
    const all = await db
      .select({ kind: logLabels.kind, faqId: logLabels.faqId, botFaqId: logLabels.botFaqId })
      .from(logLabels)
      .where(and(eq(logLabels.workspaceId, ws.id), isNull(logLabels.undoneAt)));
    const usable = all.filter(
      (l) => l.kind === "chitchat" || (l.kind === "correct" && l.botFaqId) || (["variant", "new_faq", "wrong"].includes(l.kind) && l.faqId),
    );
    const labeled = await labeledQuestions(db, ws.id);
    expect(labeled.length % LABEL_STEP).toBe(0);
    expect(labeled.length).toBe(Math.floor(usable.length / LABEL_STEP) * LABEL_STEP);
    expect(labeled.length).toBeGreaterThanOrEqual(20);

    const content = await loadBotContent(db, ws.id);
    expect(content.labeled).toEqual(labeled);
    const input = engineInputFromContent(content);
    const engine = await buildEngine(input.kb, { encoders: "lexical" });
    expect(engine.calibration.thresholdsFrom).toBe("labels");
    expect(engine.calibration.labels!.inScope).toBeGreaterThanOrEqual(20);
    // Without them the same KB calibrates from its held-out variants alone.
    const plain = await buildEngine({ ...input.kb, labeled: [] }, { encoders: "lexical" });
    expect(plain.calibration.thresholdsFrom).toBe("held-out");
  });
});

/**
 * Issue 10's invariant: subscribing an industry pack never turns an answered question of the
 * shop's own FAQs into clarify or no_answer. Checked on the demo shop's own phrasings and on its
 * held-out customer questions, through the one policy with the workspace's rules.
 */
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { buildEngine } from "../../training/engine";
import { decide } from "../../training/policy";
import { createTestDb } from "../client";
import { insertFaqs, readDemoFaqs, readDemoSynonyms } from "../seed/seed";
import { loadEngineInput } from "./engine-input";
import { subscribePack } from "./packs";
import { getSettings, policyRules } from "./settings";
import { replaceSynonymGroups } from "./synonyms";
import { createWorkspace } from "./workspaces";

const HELD_OUT = JSON.parse(fs.readFileSync(path.join(__dirname, "../seed/demo-test-questions.json"), "utf8")) as { question: string; expected: string }[];

describe("a shop subscribing an industry pack", () => {
  it("keeps every own FAQ question it answered answered with the same FAQ", async () => {
    const db = await createTestDb();
    const ws = await createWorkspace(db, { slug: "shop", name: "木棉小铺" });
    const demo = readDemoFaqs();
    await insertFaqs(db, ws.id, demo, null);
    await replaceSynonymGroups(db, { workspaceId: ws.id, userId: null, lines: readDemoSynonyms().map((g) => g.join("/")) });
    const texts = [...demo.flatMap((f) => [f.question, ...f.variants]), ...HELD_OUT.map((q) => q.question)];

    const answered = async () => {
      const input = await loadEngineInput(db, ws.id);
      const engine = await buildEngine(input.kb, { parallel: false });
      const rules = policyRules(await getSettings(db, ws.id));
      const out = new Map<string, string>();
      for (const text of texts) {
        const r = decide(engine, text, { turns: [] }, rules);
        const q = (id: string | null) => (id ? input.questions.get(Number(id))! : "");
        if (r.decision === "answer" && r.faqId) out.set(text, q(r.faqId));
        else if (r.decision === "clarify") out.set(text, `clarify:${r.suggestions.map(q).join("|")}`);
        else out.set(text, r.decision);
      }
      return out;
    };
    const before = await answered();
    // Every phrasing the shop itself holds is answered with its own FAQ (a request for a human,
    // such as the shop's own 转人工客服, is transferred: the transfer rules come first).
    for (const f of demo)
      for (const t of [f.question, ...f.variants]) if (before.get(t) !== "transfer") expect({ t, faq: before.get(t) }).toEqual({ t, faq: f.question });
    expect(demo.flatMap((f) => [f.question, ...f.variants]).filter((t) => before.get(t) === "transfer").length).toBeLessThan(15);

    await subscribePack(db, { workspaceId: ws.id, packId: "apparel", userId: null });
    const after = await answered();
    // The shop's own phrasings: still answered with the same FAQ.
    const ownLost = demo.flatMap((f) => [f.question, ...f.variants]).filter((t) => after.get(t) !== before.get(t));
    expect(ownLost.map((t) => `${t}: ${before.get(t)} → ${after.get(t)}`)).toEqual([]);
    // Customer questions it answered: answered with the same FAQ, or at worst that FAQ offered in a
    // clarify — never the fallback reply, never another FAQ.
    const lost = HELD_OUT.map((q) => q.question)
      .filter((t) => {
        const was = before.get(t)!;
        if (was.startsWith("clarify:") || ["no_answer", "transfer"].includes(was)) return false;
        const now = after.get(t)!;
        return now !== was && !(now.startsWith("clarify:") && now.slice(8).split("|").includes(was));
      })
      .map((t) => `${t} → ${before.get(t)}: now ${after.get(t)}`);
    expect(lost).toEqual([]);
    // The pack's own duplicates of the shop's FAQs are shadowed, not matched.
    const input = await loadEngineInput(db, ws.id);
    expect(input.kb.faqs.map((f) => f.question)).not.toContain("衣服尺码怎么选");
    db.$client.close();
  }, 120_000);
});

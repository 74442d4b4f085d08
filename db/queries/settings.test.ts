/** Settings become the policy's rules in one place: the transfer reply travels like the fallback reply. */
import { describe, expect, it } from "vitest";

import { DEFAULT_TRANSFER_REPLY, parseSettings, policyRules } from "./settings";

describe("policyRules", () => {
  it("carries the transfer reply: the default for old rows, the workspace's when set", () => {
    expect(parseSettings({}).transferReply).toBe(DEFAULT_TRANSFER_REPLY);
    expect(policyRules(parseSettings({})).transferReply).toBe(DEFAULT_TRANSFER_REPLY);
    expect(policyRules(parseSettings({ transferReply: "稍等，马上为您转接～" })).transferReply).toBe("稍等，马上为您转接～");
    // A broken value reads as the default, as every other setting does.
    expect(parseSettings({ transferReply: 42 }).transferReply).toBe(DEFAULT_TRANSFER_REPLY);
  });

  it("adds the workspace's keywords to the built-in lists", () => {
    const rules = policyRules(parseSettings({ humanKeywords: ["店长"] }));
    expect(rules.humanKeywords).toContain("转人工");
    expect(rules.humanKeywords).toContain("店长");
  });
});

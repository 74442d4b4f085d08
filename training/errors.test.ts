import { ERROR_MESSAGES, formatError, isKbErrorCode, KbError, type KbErrorCode, toErrorInfo } from "./errors";

const codes = Object.keys(ERROR_MESSAGES) as KbErrorCode[];

describe("the error table", () => {
  it("has a zh-CN and an en message for every code, with the same placeholders", () => {
    for (const code of codes) {
      const { "zh-CN": zh, en } = ERROR_MESSAGES[code];
      expect(zh.trim(), code).not.toBe("");
      expect(en.trim(), code).not.toBe("");
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(zh), code).toEqual(names(en));
      // Chinese messages are Chinese: at least one CJK character each.
      expect(/[\u4e00-\u9fff]/.test(zh), code).toBe(true);
    }
  });

  it("fills params and keeps unknown placeholders visible", () => {
    expect(formatError("FAQ_VARIANT_CONFLICT", { text: "不喜欢能退吗", faqId: 38, question: "七天无理由退货" }, "zh-CN")).toBe(
      "“不喜欢能退吗”已是问题 #38「七天无理由退货」的问法",
    );
    expect(formatError("FAQ_QUESTION_TOO_LONG", {}, "en")).toContain("{max}");
  });

  it("KbError carries code and params; a bare string is the detail and the message", () => {
    const e = new KbError("PACK_NOT_FOUND", { packId: "toys" });
    expect(e.message).toBe('no pack "toys"');
    expect(e.messageIn("zh-CN")).toBe("没有行业包“toys”");
    const d = new KbError("DIMENSION_MISMATCH", "expected 384, got 12");
    expect(d.message).toBe("expected 384, got 12");
    expect(d.params).toEqual({ detail: "expected 384, got 12" });
    expect(toErrorInfo(new Error("boom"))).toMatchObject({ code: "INTERNAL", params: { detail: "boom" } });
    expect(isKbErrorCode("NOPE")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";

import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/w/demo/faqs?page=2", "/w/demo/faqs?page=2"],
    ["/w/demo/faqs#x", "/w/demo/faqs#x"],
    ["/", "/"],
  ])("keeps the site path %s", (to, want) => expect(safeRedirect(to)).toBe(want));

  it.each([
    "/\\127.0.0.1:4999/phish",
    "/\\/evil.com",
    "//evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "https://evil.com",
    "javascript:alert(1)",
    "evil.com",
    "",
    "/%5C%5Cevil.com/../x\\",
  ])("refuses %j", (to) => expect(safeRedirect(to)).toBe("/"));

  it("refuses what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/login")).toBe("/login");
  });
});

import { describe, expect, it } from "vitest";

import { clampPage, pageWindow } from "./paging";

describe("pageWindow", () => {
  it("starts at page 1 of 20 and clamps the size to 5..100", () => {
    expect(pageWindow({})).toEqual({ page: 1, pageSize: 20, offset: 0 });
    expect(pageWindow({ page: 3, pageSize: 50 })).toEqual({ page: 3, pageSize: 50, offset: 100 });
    expect(pageWindow({ page: -2, pageSize: 1_000_000 })).toEqual({ page: 1, pageSize: 100, offset: 0 });
    expect(pageWindow({ pageSize: 1 }).pageSize).toBe(5);
    expect(pageWindow({ pageSize: 1 }, { min: 1, max: 200 }).pageSize).toBe(1);
  });
});

describe("clampPage", () => {
  it("keeps a page within the list, and page 1 for an empty one", () => {
    expect(clampPage(7, 20, 45)).toBe(3);
    expect(clampPage(2, 20, 45)).toBe(2);
    expect(clampPage(4, 20, 0)).toBe(1);
  });
});

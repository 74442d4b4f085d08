import { describe, expect, it } from "vitest";

import { createBatchReport, recordRow } from "./report";

describe("the batch report adds up (issue 15 item 8)", () => {
  it("counts noise reasons per noise row, like 无效消息, not per split turn", () => {
    const r = createBatchReport();
    // A row split into a greeting and a question is imported; its greeting is not a noise row.
    recordRow(r, {
      kind: "turns",
      row: 2,
      turns: [
        { noise: "greeting", masked: {}, steps: [] },
        { noise: false, masked: {}, steps: [] },
      ],
    });
    recordRow(r, { kind: "turns", row: 3, turns: [{ noise: "emoji_only", masked: {}, steps: [] }] });
    recordRow(r, {
      kind: "turns",
      row: 4,
      turns: [
        { noise: "greeting", masked: {}, steps: [] },
        { noise: "emoji_only", masked: {}, steps: [] },
      ],
    });
    expect(r).toMatchObject({ read: 3, imported: 1, noise: 2, turns: { imported: 1, noise: 4 } });
    expect(r.noiseReasons).toEqual({ emoji_only: 1, greeting: 1 });
  });
});

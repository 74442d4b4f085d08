import { beforeEach, describe, expect, it } from "vitest";

import { KbError } from "../../../training/errors";
import { createTestDb, type Db } from "../../client";
import { createWorkspace } from "../workspaces";
import {
  caseOutcomes,
  compareRuns,
  createRun,
  createSuite,
  deleteCase,
  duplicateCase,
  insertRunTurns,
  listCases,
  listSuites,
  runReport,
  saveCase,
  updateRun,
} from "./index";
import { runJunitXml } from "./junit";

let db: Db;
let ws: number;

beforeEach(async () => {
  db = await createTestDb();
  ws = (await createWorkspace(db, { slug: "shop", name: "店" })).id;
});

const twoTurns = {
  name: "运费追问",
  tags: ["物流", "回归"],
  turns: [
    { text: "多久发货", expect: { decision: "answer" as const, faq: "多久发货" } },
    { text: "那运费呢", expect: { decision: "answer" as const, contains: "包邮" } },
  ],
};

function code(fn: () => Promise<unknown>) {
  return fn().then(
    () => null,
    (e) => (e instanceof KbError ? e.code : String(e)),
  );
}

describe("suites and cases", () => {
  it("creates suites with unique names and lists them with their size", async () => {
    const id = await createSuite(db, { workspaceId: ws, name: " 回归测试 " });
    expect(await code(() => createSuite(db, { workspaceId: ws, name: "回归测试" }))).toBe("SUITE_EXISTS");
    expect(await code(() => createSuite(db, { workspaceId: ws, name: "  " }))).toBe("SUITE_NAME_EMPTY");
    await saveCase(db, { suiteId: id, input: twoTurns });
    const list = await listSuites(db, { workspaceId: ws });
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ name: "回归测试", cases: 1, turns: 2, lastRun: null });
  });

  it("saves a case with ordered turns, replaces it on edit, refuses bad expectations", async () => {
    const suiteId = await createSuite(db, { workspaceId: ws, name: "s" });
    const caseId = await saveCase(db, { suiteId, input: twoTurns });
    let [c] = await listCases(db, suiteId);
    expect(c.turns.map((t) => [t.position, t.text])).toEqual([
      [1, "多久发货"],
      [2, "那运费呢"],
    ]);
    await saveCase(db, { suiteId, caseId, input: { ...twoTurns, turns: [{ text: "在吗", expect: { minConfidence: 0.5, faq: "" } }] } });
    [c] = await listCases(db, suiteId);
    expect(c.turns).toHaveLength(1);
    expect(c.turns[0].expect).toEqual({ minConfidence: 0.5 });
    expect(await code(() => saveCase(db, { suiteId, input: { ...twoTurns, name: "x", turns: [] } }))).toBe("SUITE_CASE_NO_TURNS");
    expect(await code(() => saveCase(db, { suiteId, input: { name: "y", tags: [], turns: [{ text: "a", expect: { decision: "maybe" as never } }] } }))).toBe(
      "SUITE_DECISION_UNKNOWN",
    );
    expect(await code(() => saveCase(db, { suiteId, input: { name: "z", tags: [], turns: [{ text: "a", expect: { minConfidence: 2 } }] } }))).toBe(
      "SUITE_CONFIDENCE_INVALID",
    );
    expect(await code(() => saveCase(db, { suiteId, input: { ...twoTurns } }))).toBe("SUITE_CASE_EXISTS");
    // Nothing half-written by the refused saves.
    expect(await listCases(db, suiteId)).toHaveLength(1);
  });

  it("duplicates a case under a free name and deletes it", async () => {
    const suiteId = await createSuite(db, { workspaceId: ws, name: "s" });
    const id = await saveCase(db, { suiteId, input: twoTurns });
    const copy = await duplicateCase(db, suiteId, id);
    const copy2 = await duplicateCase(db, suiteId, id);
    const names = (await listCases(db, suiteId)).map((c) => c.name);
    expect(names).toEqual(["运费追问", "运费追问 副本", "运费追问 副本2"]);
    await deleteCase(db, suiteId, copy);
    await deleteCase(db, suiteId, copy2);
    expect((await listCases(db, suiteId)).map((c) => c.turns.length)).toEqual([2]);
  });
});

describe("runs", () => {
  async function fakeRun(suiteId: number, passes: Record<string, boolean>) {
    const runId = await createRun(db, { workspaceId: ws, suiteId });
    await insertRunTurns(
      db,
      Object.entries(passes).map(([caseName, passed]) => ({
        runId,
        caseName,
        position: 1,
        text: "t",
        expect: { decision: "answer" as const },
        actual: null,
        passed,
        failures: passed ? [] : [{ field: "decision" as const, expected: "answer", actual: "no_answer" }],
      })),
    );
    await updateRun(db, runId, { status: "done", cases: Object.keys(passes).length, durationMs: 12 });
    return runId;
  }

  it("compares a run with the previous one: new failures, fixed, still failing, failures first", async () => {
    const suiteId = await createSuite(db, { workspaceId: ws, name: "s" });
    await fakeRun(suiteId, { a: true, b: false, c: false });
    const second = await fakeRun(suiteId, { a: false, b: true, c: false, d: false });
    const r = (await runReport(db, ws, second))!;
    expect(r.newFailures.sort()).toEqual(["a", "d"]);
    expect(r.fixed).toEqual(["b"]);
    expect(r.stillFailing).toEqual(["c"]);
    expect(r.cases.map((c) => c.caseName)).toEqual(["a", "d", "c", "b"]);
    expect((await listSuites(db, { workspaceId: ws })).rows[0].lastRun?.id).toBe(second);
    // A first run has no previous one: every failure is new.
    expect(compareRuns(caseOutcomes([]), null)).toEqual({ newFailures: [], fixed: [], stillFailing: [] });
  });

  it("exports a run as JUnit XML with one testcase per case and escaped failures", async () => {
    const suiteId = await createSuite(db, { workspaceId: ws, name: "售后 <回归>" });
    const runId = await fakeRun(suiteId, { "退款 & 换货": false, ok: true });
    const xml = runJunitXml((await runReport(db, ws, runId))!);
    const { XMLParser, XMLValidator } = await import("fast-xml-parser");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const cases = doc.testsuites.testsuite.testcase;
    expect(doc.testsuites.testsuite["@_name"]).toBe("售后 <回归>");
    expect(doc.testsuites["@_failures"]).toBe("1");
    expect(cases).toHaveLength(2);
    expect(cases[0]["@_name"]).toBe("退款 & 换货");
    expect(cases[0].failure["#text"]).toContain("decision: expected answer, actual no_answer");
    expect(cases[1].failure).toBeUndefined();
  });
});

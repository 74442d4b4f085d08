import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";

import { parseCsv, parseXlsx, writeCsv } from "./table";

describe("formula cells (issue 14 items 3 and 14)", () => {
  it("escapes cells a spreadsheet would run, and reads them back as written", () => {
    const cells = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "普通文本", "a=b"];
    const csv = writeCsv(
      ["x"],
      cells.map((c) => [c]),
      "utf-8",
    );
    const text = csv.toString("utf8");
    expect(text).toContain("'=cmd");
    for (const line of text.split("\r\n").slice(1)) expect(line.replace(/^"/, "")).not.toMatch(/^[=+\-@\t]/);
    const back = parseCsv(csv, "x.csv");
    expect(back.rows.map((r) => r.cells[0])).toEqual(cells);
  });

  it("reads a formula's cached value, and names the cell of a formula without one", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    ws.addRow(["分类", "答案"]);
    ws.addRow(["物流", { formula: "1+1", result: 2 }]);
    const ok = await parseXlsx(new Uint8Array(await wb.xlsx.writeBuffer()), "a.xlsx");
    expect(ok.rows[0].cells[1]).toBe("2");
    ws.addRow(["物流", { formula: "A1&A2" }]);
    await expect(parseXlsx(new Uint8Array(await wb.xlsx.writeBuffer()), "a.xlsx")).rejects.toThrow(/第 3 行「答案」/);
  });
});

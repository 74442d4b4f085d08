import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { KbError } from "../errors";
import { normalizeKey } from "../normalize";
import {
  defaultPacksDir,
  fillTemplate,
  findPackProblems,
  getPack,
  loadPacks,
  MIN_VARIANTS,
  type Pack,
  PACK_CATEGORIES,
  PACK_PLACEHOLDERS,
  type PackCategory,
  parsePack,
  templatePlaceholders,
} from "./load";

const packsDir = path.dirname(new URL(import.meta.url).pathname);
const packFolders = readdirSync(packsDir).filter((name) => existsSync(path.join(packsDir, name, "pack.json")));

describe("pack files", () => {
  it("the default folder is this folder and holds packs", () => {
    expect(defaultPacksDir()).toBe(packsDir);
    expect(packFolders).toContain("generic");
  });

  it.each(packFolders)("%s/pack.json is valid JSON that passes the schema", (folder) => {
    const data: unknown = JSON.parse(readFileSync(path.join(packsDir, folder, "pack.json"), "utf8"));
    const pack = parsePack(data, `${folder}/pack.json`);
    expect(pack.id).toBe(folder);
  });

  it("loadPacks loads every pack, the default pack first", () => {
    const packs = loadPacks();
    expect(packs.map((p) => p.id).sort()).toEqual([...packFolders].sort());
    expect(packs[0].id).toBe("generic");
    expect(packs.filter((p) => p.default).map((p) => p.id)).toEqual(["generic"]);
  });
});

// Loaded at collection time so that each pack gets its own tests; a broken file must not stop
// the file from collecting (the test above reports it with file name and JSON path).
function tryLoadPacks(): Pack[] {
  try {
    return loadPacks();
  } catch {
    return [];
  }
}

describe("pack rules over every pack in the folder", () => {
  const packs = tryLoadPacks();

  it.each(packs.map((p) => [p.id, p] as const))("%s: keys are unique", (_id, pack) => {
    const keys = pack.questions.map((q) => q.key);
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dupes).toEqual([]);
  });

  it.each(packs.map((p) => [p.id, p] as const))("%s: every question has enough variants", (_id, pack) => {
    const short = pack.questions.filter((q) => q.variants.length < MIN_VARIANTS).map((q) => `${q.key}: ${q.variants.length}`);
    expect(short).toEqual([]);
  });

  it("no two questions share a text after normalizeKey, within or across packs", () => {
    expect(packs.map((p) => p.id).sort()).toEqual([...packFolders].sort());
    const owner = new Map<string, string>();
    const collisions: string[] = [];
    for (const pack of packs) {
      for (const q of pack.questions) {
        const id = `${pack.id}/${q.key}`;
        for (const text of [q.question, ...q.variants]) {
          const norm = normalizeKey(text);
          const prev = owner.get(norm);
          if (prev !== undefined && prev !== id) collisions.push(`"${text}": ${prev} vs ${id}`);
          owner.set(norm, id);
        }
      }
    }
    expect(collisions).toEqual([]);
  });

  it("findPackProblems finds nothing wrong", () => {
    expect(findPackProblems(packs)).toEqual([]);
  });
});

describe("the generic pack", () => {
  const generic = tryLoadPacks().find((p) => p.id === "generic");

  it("is the default 通用 pack with at least 85 questions over all seven categories", () => {
    expect(generic).toBeDefined();
    const pack = generic!;
    expect(pack).toMatchObject({ id: "generic", name: "通用", industry: "通用", default: true, version: "1.1.0" });
    expect(pack.questions.length).toBeGreaterThanOrEqual(85);
    expect(new Set(pack.questions.map((q) => q.category))).toEqual(new Set(PACK_CATEGORIES));
  });

  it("covers the core topics", () => {
    const keys = new Set(generic!.questions.map((q) => q.key));
    for (const key of [
      "chat.hello",
      "shipping.when",
      "shipping.courier",
      "order.address-change",
      "order.invoice",
      "promo.coupon",
      "promo.price-protect",
      "aftersale.7day",
      "aftersale.refund-time",
      "aftersale.exchange",
      "aftersale.damaged",
      "more.human",
    ]) {
      expect(keys.has(key), key).toBe(true);
    }
  });

  it("answers use only known placeholders and relate to at most 3 questions", () => {
    const allowed = new Set<string>(PACK_PLACEHOLDERS);
    for (const q of generic!.questions) {
      for (const name of templatePlaceholders(q.answerTemplate)) expect(allowed.has(name), `${q.key}: {${name}}`).toBe(true);
      expect(q.related.length, q.key).toBeLessThanOrEqual(3);
      // A line break must be a real newline, not an escaped "\n" left over from authoring.
      expect(q.answerTemplate, q.key).not.toContain("\\n");
    }
  });

  it("a filled answer has no placeholder left", () => {
    const profile = Object.fromEntries(PACK_PLACEHOLDERS.map((name) => [name, `<${name}>`]));
    for (const q of generic!.questions) {
      const { text, missing } = fillTemplate(q.answerTemplate, profile);
      expect(missing).toEqual([]);
      expect(text).not.toMatch(/[{}]/);
    }
  });
});

function makeQuestion(key: string, category: PackCategory, base: string, count = MIN_VARIANTS) {
  return {
    key,
    category,
    question: `${base}问题`,
    variants: Array.from({ length: count }, (_, i) => `${base}问法${i}`),
    answerTemplate: "亲，{店铺名称}在的哦～",
    related: [] as string[],
  };
}

function makePack(id: string, questions: Pack["questions"]): Pack {
  return {
    id,
    name: id,
    industry: "通用",
    version: "1.0.0",
    default: false,
    description: "",
    changelog: [{ version: "1.0.0", notes: "首次发布" }],
    questions,
    synonyms: [],
  };
}

describe("findPackProblems", () => {
  it("accepts a clean synthetic pack", () => {
    const good = makePack("good", [makeQuestion("a", "聊天互动", "甲"), makeQuestion("b", "物流问题", "乙")]);
    good.questions[0].related = ["b"];
    expect(findPackProblems([good])).toEqual([]);
  });

  it("reports every planted problem", () => {
    const a = makeQuestion("dup", "聊天互动", "甲");
    const b = makeQuestion("dup", "物流问题", "乙"); // key repeated
    const c = makeQuestion("few", "售后问题", "丙", 3); // too few variants
    const d = makeQuestion("cat", "售后问题", "丁");
    d.category = "乱七八糟" as PackCategory; // unknown category
    const e = makeQuestion("ph", "更多问题", "戊");
    e.answerTemplate = "亲，{店铺名称}的电话是{客服电话}"; // unknown placeholder
    e.related = ["nope", "ph"]; // missing key, self reference
    const f = makeQuestion("clash", "购买操作", "己");
    f.variants[0] = "甲问法3？？"; // same as a variant of "dup" after normalizeKey
    f.variants[1] = "己问法2 。"; // duplicate inside the question after normalizeKey
    const bad = makePack("bad", [a, b, c, d, e, f]);
    bad.version = "1.0";
    const other = makePack("other", [makeQuestion("x", "商品问题", "庚")]);
    other.questions[0].variants[1] = "乙问法4!"; // collides across packs

    const problems = findPackProblems([bad, other]);
    const expectOne = (pattern: RegExp) =>
      expect(
        problems.filter((p) => pattern.test(p)),
        String(pattern),
      ).toHaveLength(1);
    expectOne(/"bad": key "dup" is not unique/);
    expectOne(/"few": 3 variants, at least 10/);
    expectOne(/"cat": unknown category "乱七八糟"/);
    expectOne(/"ph": unknown placeholder \{客服电话\}/);
    expectOne(/"ph": related key "nope" does not exist/);
    expectOne(/"ph": related to itself/);
    expectOne(/"clash": "己问法2" duplicates "己问法2 。"/);
    expectOne(/collision .*"甲问法3".*bad\/dup.*bad\/clash/);
    expectOne(/collision .*"乙问法4".*bad\/dup.*other\/x/);
    expectOne(/version "1.0" is not semver/);
    expectOne(/changelog has no entry for version 1.0$/);
    expect(problems).toHaveLength(11);
  });

  it("reports two default packs and a repeated pack id", () => {
    const one = makePack("same", [makeQuestion("a", "聊天互动", "甲")]);
    const two = makePack("same", [makeQuestion("a", "聊天互动", "乙")]);
    one.default = true;
    two.default = true;
    const problems = findPackProblems([one, two]);
    expect(problems).toContain('pack "same": pack id is used by more than one pack');
    expect(problems).toContain("more than one default pack: same, same");
  });
});

describe("loadPacks errors", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "packs-test-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function writePack(folder: string, content: string) {
    mkdirSync(path.join(tmp, folder), { recursive: true });
    writeFileSync(path.join(tmp, folder, "pack.json"), content);
  }

  it("names the file and the JSON path of each problem", () => {
    const good = makePack("fine", [makeQuestion("a", "聊天互动", "甲")]);
    writePack("fine", JSON.stringify(good));
    const broken = makePack("broken", [makeQuestion("a", "聊天互动", "甲"), makeQuestion("b", "物流问题", "乙", 2)]);
    (broken.questions[0] as { category: string }).category = "闲聊";
    writePack("broken", JSON.stringify(broken));
    writePack("notjson", "{ nope");
    writePack("renamed", JSON.stringify(makePack("other-id", [makeQuestion("a", "聊天互动", "丙")])));

    let error: unknown;
    try {
      loadPacks(tmp);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KbError);
    const message = (error as KbError).message;
    expect((error as KbError).code).toBe("PACK_INVALID");
    expect(message).toMatch(/broken\/pack\.json: questions\[0\]\.category: /);
    expect(message).toMatch(/broken\/pack\.json: questions\[1\]\.variants: /);
    expect(message).toMatch(/notjson\/pack\.json: \(root\): invalid JSON/);
    expect(message).toMatch(/renamed\/pack\.json: id: "other-id" does not match its folder name "renamed"/);
    expect(message).not.toMatch(/fine\/pack\.json/);
  });

  it("loads a folder of valid packs and finds one by id", () => {
    const dir = mkdtempSync(path.join(tmp, "ok-"));
    mkdirSync(path.join(dir, "alpha"));
    writeFileSync(path.join(dir, "alpha", "pack.json"), JSON.stringify(makePack("alpha", [makeQuestion("a", "聊天互动", "甲")])));
    expect(loadPacks(dir).map((p) => p.id)).toEqual(["alpha"]);
    expect(getPack("alpha", dir)?.questions[0].key).toBe("a");
    expect(getPack("missing", dir)).toBeUndefined();
  });
});

describe("fillTemplate", () => {
  it("fills known placeholders from the profile", () => {
    const result = fillTemplate("亲，{店铺名称}从{发货地}发货，{发货时间}内发出～", {
      店铺名称: "小鹿家",
      发货地: "浙江杭州",
      发货时间: "48小时",
    });
    expect(result).toEqual({ text: "亲，小鹿家从浙江杭州发货，48小时内发出～", missing: [] });
  });

  it("keeps and reports placeholders without a value, each once", () => {
    const result = fillTemplate("{店铺名称}：{退货地址}\n再说一次：{退货地址}，电话{客服电话}", { 店铺名称: "小鹿家", 退货地址: "  " });
    expect(result.text).toBe("小鹿家：{退货地址}\n再说一次：{退货地址}，电话{客服电话}");
    expect(result.missing).toEqual(["退货地址", "客服电话"]);
  });

  it("leaves text without placeholders alone", () => {
    expect(fillTemplate("亲，在的哦～", {})).toEqual({ text: "亲，在的哦～", missing: [] });
  });
});

/**
 * Converts the shared public intent sets into the eval format (KB.jsonl + Q.jsonl):
 *   npx tsx scripts/bench/prepare-datasets.ts [--src /work/shared/data] [--out /tmp/kb-datasets]
 * The data never goes into the repository; the project's tests do not need it.
 *
 * banking77 has only its train split here, so 10% per intent (seeded) is held out as the
 * query set; the 10-shot KB takes 10 examples per intent from the remaining 90%.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import Papa from "papaparse";

import { rng } from "../../training/encoder";

interface Row {
  text: string;
  label: string;
}

function shuffle<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function byLabel(rows: Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const list = m.get(r.label) ?? [];
    list.push(r);
    m.set(r.label, list);
  }
  return m;
}

function writeSet(outDir: string, name: string, kb: Row[], queries: { text: string; label: string | null }[]) {
  const dir = path.join(outDir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kb.jsonl"), kb.map((r) => JSON.stringify({ faq: r.label, text: r.text })).join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "queries.jsonl"), queries.map((q) => JSON.stringify({ text: q.text, faq: q.label })).join("\n") + "\n");
  process.stderr.write(`${name}: ${kb.length} variants, ${queries.length} queries → ${dir}\n`);
}

function readCsv(file: string, textCol: string, labelCol: string): Row[] {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true });
  return parsed.data.map((r) => ({ text: r[textCol], label: r[labelCol] })).filter((r) => r.text && r.label);
}

export function prepareDatasets(src: string, out: string) {
  // banking77: dev split + 10-shot.
  const bank = readCsv(path.join(src, "banking77/train.csv"), "text", "category");
  const random = rng(77);
  const kb: Row[] = [];
  const dev: Row[] = [];
  const few: Row[] = [];
  for (const [, rows] of byLabel(bank)) {
    const s = shuffle(rows.slice(), random);
    const nDev = Math.max(1, Math.round(s.length * 0.1));
    dev.push(...s.slice(0, nDev));
    kb.push(...s.slice(nDev));
    few.push(...s.slice(nDev, nDev + 10));
  }
  writeSet(out, "banking77", kb, dev);
  writeSet(out, "banking77-10shot", few, dev);

  // CLINC150: train as KB; val + oos_val as queries (oos → null).
  const clinc = JSON.parse(fs.readFileSync(path.join(src, "clinc150/data_trainval.json"), "utf8")) as Record<string, [string, string][]>;
  writeSet(
    out,
    "clinc150",
    clinc.train.map(([text, label]) => ({ text, label })),
    [...clinc.val.map(([text, label]) => ({ text, label })), ...clinc.oos_val.map(([text]) => ({ text, label: null }))],
  );

  // MASSIVE zh-CN: train as KB, validation as queries.
  const tsv = (f: string): Row[] =>
    fs
      .readFileSync(path.join(src, f), "utf8")
      .split("\n")
      .filter((l) => l.includes("\t"))
      .map((l) => {
        const [label, text] = l.split("\t");
        return { label, text };
      });
  writeSet(out, "massive-zh", tsv("massive-zh-CN/train.tsv"), tsv("massive-zh-CN/validation.tsv"));

  // Bitext retail customer service (English).
  if (fs.existsSync(path.join(src, "bitext/train.csv"))) {
    writeSet(
      out,
      "bitext",
      readCsv(path.join(src, "bitext/train.csv"), "utterance", "intent"),
      readCsv(path.join(src, "bitext/validation.csv"), "utterance", "intent"),
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const { values } = parseArgs({ options: { src: { type: "string" }, out: { type: "string" } } });
  prepareDatasets(values.src ?? "/work/shared/data", values.out ?? "/tmp/kb-datasets");
}

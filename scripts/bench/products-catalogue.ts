/**
 * Generates a catalogue of N products × 10 attributes (CSV) for the import benchmark (issue 16:
 * 2,000 × 10 imports in ≤ 10 s): `npx tsx scripts/bench/products-catalogue.ts OUT.csv [N]`.
 */
import fs from "node:fs";

import { writeCsv } from "../../training/io/table";

const KEYS = ["材质", "颜色", "尺码", "洗涤", "版型", "厚度", "产地", "弹力", "适用季节", "衣长"];
const VALUES = [
  ["95%棉 5%氨纶", "100%纯棉", "聚酯纤维", "50%羊毛 50%腈纶"],
  ["白色、黑色", "雾霾蓝、米白", "卡其色"],
  ["S、M、L、XL", "均码", "M、L"],
  ["可机洗", "建议手洗", "仅干洗"],
  ["宽松", "修身", "常规"],
  ["适中", "偏薄", "中厚"],
  ["浙江杭州", "广东广州", "江苏苏州"],
  ["微弹", "无弹力", "高弹"],
  ["夏季", "春秋", "秋冬"],
  ["65cm", "70cm", "108cm"],
];

export function generateCatalogue(n: number): Buffer {
  const headers = ["商品ID", "标题", "类目", "价格带", "链接", "图片", "在售", "尺码表", ...KEYS];
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const id = String(600000000000 + i);
    rows.push([
      id,
      `木棉小铺 商品 ${i}`,
      ["T恤", "连衣裙", "毛衣", "裤子"][i % 4],
      `${49 + (i % 10) * 10}-${59 + (i % 10) * 10}`,
      `https://item.example.com/${id}`,
      `https://img.example.com/${id}.jpg`,
      i % 17 ? "是" : "否",
      "S 150-157cm 80-95斤 | M 158-164cm 95-110斤 | L 165-170cm 110-125斤",
      ...VALUES.map((v, k) => v[(i + k) % v.length]),
    ]);
  }
  return writeCsv(headers, rows);
}

if (process.argv[1]?.endsWith("products-catalogue.ts")) {
  const out = process.argv[2];
  if (!out) throw new Error("usage: products-catalogue.ts OUT.csv [N]");
  fs.writeFileSync(out, generateCatalogue(Number(process.argv[3] ?? 2000)));
}

/**
 * A small catalogue for the demo shop 木棉小铺 (issue 16), consistent with its FAQs: women's basics
 * from the Hangzhou warehouse, the size chart of the 尺码怎么选 answer. Idempotent: nothing is
 * written when the workspace has products.
 */
import { parseSizeChart } from "../../training/products";
import type { Db } from "../client";
import { countProducts, type ProductInput, writeProduct } from "../queries/products";

const WOMEN = "S 155-160cm 85-95斤 | M 160-165cm 95-105斤 | L 165-170cm 105-115斤 | XL 170-175cm 115-125斤";
const LOOSE = "S 150-160cm 80-100斤 | M 160-168cm 100-115斤 | L 168-175cm 115-135斤";

const img = (id: string) => `https://img.mumian.example.com/${id}.jpg`;
const link = (id: string) => `https://item.taobao.com/item.htm?id=${id}`;

function product(
  externalId: string,
  title: string,
  category: string,
  priceBand: string,
  attrs: Record<string, string>,
  chart = WOMEN,
  onSale = true,
): ProductInput {
  return {
    externalId,
    title,
    category,
    priceBand,
    link: link(externalId),
    imageUrl: img(externalId),
    onSale,
    attributes: Object.entries(attrs).map(([key, value]) => ({ key, value })),
    sizeChart: parseSizeChart(chart).rows,
  };
}

export const DEMO_PRODUCTS: ProductInput[] = [
  product("680012345001", "木棉 精梳棉基础圆领短袖T恤 女", "T恤", "59-69", {
    材质: "100%纯棉（精梳棉）",
    颜色: "白色、黑色、燕麦色、雾霾蓝",
    尺码: "S、M、L、XL",
    洗涤: "可机洗，30℃以下冷水，翻面洗涤，不可漂白",
    版型: "标准版型",
    厚度: "适中，白色不透",
    产地: "浙江杭州",
  }),
  product("680012345002", "木棉 弹力修身打底T恤 女 长袖", "T恤", "69-79", {
    材质: "95%棉 5%氨纶",
    颜色: "黑色、白色、酒红色",
    尺码: "S、M、L、XL",
    洗涤: "可机洗，建议装洗衣袋",
    版型: "修身",
    弹力: "高弹",
    适用季节: "春秋",
  }),
  product(
    "680012345003",
    "木棉 加绒连帽卫衣 女 宽松",
    "卫衣",
    "129-149",
    {
      材质: "棉涤混纺（60%棉 40%聚酯纤维），内里加绒",
      颜色: "灰色、藏青色、奶白色",
      尺码: "S、M、L",
      洗涤: "可机洗，翻面洗涤",
      版型: "宽松",
      厚度: "加绒加厚",
      适用季节: "秋冬",
    },
    LOOSE,
  ),
  product("680012345004", "木棉 高腰直筒牛仔裤 女", "牛仔裤", "139-159", {
    材质: "98%棉 2%氨纶",
    颜色: "浅蓝色、深蓝色、黑色",
    尺码: "S、M、L、XL",
    弹力: "微弹",
    裤长: "100cm（九分）",
    洗涤: "首次单独冷水手洗，可机洗",
    版型: "高腰直筒",
  }),
  product("680012345005", "木棉 法式碎花雪纺连衣裙", "连衣裙", "159-179", {
    材质: "100%聚酯纤维（雪纺），内衬棉",
    颜色: "碎花蓝、碎花粉",
    尺码: "S、M、L",
    裙长: "112cm，过膝",
    洗涤: "建议手洗，不可机洗，不可暴晒",
    适用季节: "夏季",
    弹力: "无弹力",
  }),
  product(
    "680012345006",
    "木棉 棉麻宽松衬衫 女",
    "衬衫",
    "99-119",
    {
      材质: "55%亚麻 45%棉",
      颜色: "白色、浅卡其色",
      尺码: "S、M、L",
      版型: "宽松",
      洗涤: "可机洗，低温熨烫",
      适用季节: "春夏",
    },
    LOOSE,
  ),
  product("680012345007", "木棉 90白鸭绒短款羽绒服 女", "羽绒服", "399-459", {
    填充物: "90%白鸭绒",
    充绒量: "约150g（M码）",
    面料: "100%锦纶，防泼水",
    颜色: "黑色、米白色、雾霾蓝",
    尺码: "S、M、L、XL",
    洗涤: "建议干洗或手洗，不可机洗，不可拧干",
    适用季节: "冬季，零下10℃左右日常穿",
  }),
  product(
    "680012345008",
    "木棉 羊毛混纺针织开衫",
    "毛衣",
    "199-229",
    {
      成分: "30%羊毛 40%腈纶 30%锦纶",
      颜色: "燕麦色、黑色",
      尺码: "均码",
      洗涤: "建议手洗或干洗，平铺晾干",
      厚度: "中厚",
      适用季节: "秋冬",
    },
    "",
    false,
  ),
];

export async function seedProducts(db: Db, workspaceId: number) {
  if ((await countProducts(db, workspaceId)) > 0) return;
  await db.transaction(async (tx) => {
    for (const p of DEMO_PRODUCTS) await writeProduct(tx, workspaceId, p);
  });
}

/**
 * Generated Chinese shop KBs for the benchmark: FAQs are (product, intent) pairs, variants are
 * colloquial templates with fillers (亲/呀/哈), dropped characters and homophone typos, so that
 * sizes can grow to 100k variants while staying realistic enough to exercise every retriever.
 */
import { rng } from "../../training/encoder";
import type { KbFaq, KbInput } from "../../training/engine";

const PRODUCTS = (
  "连衣裙 T恤 牛仔裤 卫衣 羽绒服 运动鞋 高跟鞋 帆布鞋 双肩包 手提包 口红 面霜 洗面奶 防晒霜 香水 手机壳 充电宝 耳机 数据线 蓝牙音箱 " +
  "电饭煲 空气炸锅 电水壶 吹风机 扫地机器人 台灯 枕头 四件套 毛巾 拖鞋 奶粉 纸尿裤 婴儿车 保温杯 茶叶 坚果 牛肉干 咖啡豆 大米 食用油 " +
  "猫粮 狗粮 猫砂 鱼缸 瑜伽垫 哑铃 跑步机 自行车 头盔 帐篷 睡袋 登山杖 墨镜 手表 项链 耳环 戒指 围巾 帽子 手套 袜子 内衣 睡衣 泳衣 " +
  "行李箱 钱包 皮带 领带 衬衫 西装 风衣 毛衣 打底裤 半身裙 短裤 凉鞋 靴子 拖把 垃圾桶 收纳盒 衣架 晾衣架 窗帘 地毯 沙发垫 抱枕 餐具 锅具 刀具"
).split(" ");

const INTENTS: { key: string; templates: string[] }[] = [
  { key: "发货时间", templates: ["{p}什么时候发货", "{p}几天能发", "拍了{p}多久发出", "{p}今天能发吗", "{p}下单后啥时候寄出"] },
  { key: "快递", templates: ["{p}发什么快递", "{p}能发顺丰吗", "{p}用的哪家物流", "{p}可以指定快递不", "{p}走什么快递"] },
  { key: "运费", templates: ["{p}包邮吗", "{p}运费多少", "{p}要邮费不", "{p}偏远地区包邮吗", "买{p}满多少包邮"] },
  { key: "退货", templates: ["{p}怎么退货", "{p}不想要了能退吗", "{p}七天无理由吗", "{p}退货流程", "{p}能退不"] },
  { key: "换货", templates: ["{p}能换吗", "{p}换个颜色可以吗", "{p}怎么换货", "{p}不合适能换不", "{p}换货要多久"] },
  { key: "尺码", templates: ["{p}尺码怎么选", "{p}偏大还是偏小", "{p}有尺码表吗", "{p}选多大的", "{p}码数标准吗"] },
  { key: "质量", templates: ["{p}质量怎么样", "{p}是正品吗", "{p}耐用吗", "{p}会不会坏", "{p}做工好不好"] },
  { key: "材质", templates: ["{p}什么材质的", "{p}是什么做的", "{p}用的什么料", "{p}面料怎么样", "{p}含不含棉"] },
  { key: "价格", templates: ["{p}能便宜点吗", "{p}有优惠吗", "{p}还会降价吗", "{p}有券吗", "{p}活动价多少"] },
  { key: "库存", templates: ["{p}还有货吗", "{p}什么时候补货", "{p}缺货吗", "{p}有现货吗", "{p}断货了吗"] },
  { key: "发票", templates: ["{p}能开发票吗", "买{p}可以开专票吗", "{p}发票怎么开", "{p}有发票吗", "{p}开票吗"] },
  { key: "保修", templates: ["{p}保修多久", "{p}坏了怎么办", "{p}有售后吗", "{p}质保几年", "{p}可以维修吗"] },
  { key: "使用", templates: ["{p}怎么用", "{p}使用方法", "{p}第一次用要注意啥", "{p}怎么安装", "{p}说明书在哪"] },
  { key: "清洗", templates: ["{p}怎么洗", "{p}能机洗吗", "{p}会掉色吗", "{p}怎么清洁", "{p}可以水洗吗"] },
  { key: "颜色", templates: ["{p}有几个颜色", "{p}有黑色吗", "{p}实物色差大吗", "{p}哪个颜色好看", "{p}颜色和图片一样吗"] },
  { key: "赠品", templates: ["{p}有赠品吗", "买{p}送什么", "{p}送运费险吗", "{p}有小礼物吗", "{p}赠品怎么领"] },
  { key: "规格", templates: ["{p}多大尺寸", "{p}有多重", "{p}规格是啥", "{p}容量多少", "{p}长宽高多少"] },
  { key: "适用人群", templates: ["{p}适合老人吗", "{p}小孩能用吗", "{p}孕妇可以用吗", "{p}男生能用吗", "{p}学生适合吗"] },
  { key: "地址修改", templates: ["买的{p}能改地址吗", "{p}地址写错了", "{p}收货地址怎么改", "{p}换个地址发", "{p}改下收件人"] },
  { key: "催单", templates: ["{p}怎么还没到", "{p}物流不动了", "{p}到哪了", "{p}快点发货", "{p}几天能到"] },
];

const FILLERS_PRE = ["", "", "", "亲", "亲 ", "你好", "请问", "老板", "在吗 "];
const FILLERS_POST = ["", "", "", "呀", "哈", "啊", "呢", "亲", "?", "呀亲"];
// Common homophone typos customers make.
const TYPOS: [string, string][] = [
  ["发货", "发或"],
  ["快递", "快地"],
  ["优惠", "优会"],
  ["尺码", "尺马"],
  ["质量", "只量"],
  ["颜色", "眼色"],
];

function vary(template: string, product: string, random: () => number): string {
  let t = template.replace("{p}", product);
  if (random() < 0.15) {
    const [a, b] = TYPOS[Math.floor(random() * TYPOS.length)];
    t = t.replace(a, b);
  }
  const pre = FILLERS_PRE[Math.floor(random() * FILLERS_PRE.length)];
  const post = FILLERS_POST[Math.floor(random() * FILLERS_POST.length)];
  return `${pre}${t}${post}`;
}

/** A KB of about `variants` variants (10 per FAQ), plus held-out queries with their FAQ. */
export function generateShopKb(variants: number, seed = 1): { kb: KbInput; queries: { text: string; faq: string }[] } {
  const random = rng(seed);
  const perFaq = 10;
  const nFaqs = Math.max(1, Math.round(variants / perFaq));
  const faqs: KbFaq[] = [];
  const queries: { text: string; faq: string }[] = [];
  for (let i = 0; i < nFaqs; i++) {
    const intent = INTENTS[i % INTENTS.length];
    // Beyond products × intents, FAQs are distinguished by a model number (型号).
    const pIdx = Math.floor(i / INTENTS.length);
    const product = PRODUCTS[pIdx % PRODUCTS.length] + (pIdx >= PRODUCTS.length ? `${Math.floor(pIdx / PRODUCTS.length)}号款` : "");
    const id = `faq-${i}`;
    const vs = new Set<string>();
    let guard = 0;
    while (vs.size < perFaq && guard++ < 100) vs.add(vary(intent.templates[Math.floor(random() * intent.templates.length)], product, random));
    const [question, ...rest] = Array.from(vs);
    faqs.push({ id, question, variants: rest, answer: `亲，关于${product}的${intent.key}问题……` });
    queries.push({ text: vary(intent.templates[Math.floor(random() * intent.templates.length)], product, random), faq: id });
  }
  return { kb: { faqs }, queries };
}

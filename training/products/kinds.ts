/**
 * Attribute kinds: which catalogue keys hold them, how buyers ask about them (colloquial, with
 * common typos) and the sentence that answers. A kind's `values` are what a yes/no question can
 * ask for ("是纯棉的吗", "有白色吗"); the answer compares them with the product's value.
 */
export interface AttributeKind {
  topic: string;
  /** Catalogue keys that hold this kind, first = the pack template's name. */
  keys: string[];
  /** Phrases that make a question about this kind (matched on the normalized text). */
  cues: (string | RegExp)[];
  /** Values a yes/no question can name. */
  values?: RegExp;
  /** The answer to an open question. */
  template: string;
}

const COLORS =
  "(?:米白|奶白|乳白|藏青|藏蓝|宝蓝|天蓝|浅蓝|深蓝|雾霾蓝|酒红|枣红|玫红|粉红|浅粉|浅灰|深灰|烟灰|卡其|咖啡|驼|杏|姜黄|墨绿|军绿|薄荷绿|牛油果绿|香芋紫|白|黑|红|蓝|灰|粉|绿|黄|紫|橙|棕|咖|银|金)色?";

export const ATTRIBUTE_KINDS: AttributeKind[] = [
  {
    topic: "材质",
    keys: ["材质", "面料", "成分", "材料", "面料成分", "布料"],
    cues: [
      "材质",
      "材值",
      "面料",
      "面科",
      "布料",
      "什么料",
      "啥料",
      "成分",
      "纯棉",
      "纯绵",
      "棉的",
      "绵的",
      "真丝",
      "桑蚕丝",
      "羊毛",
      "羊绒",
      "涤纶",
      "化纤",
      "聚酯",
      "莫代尔",
      "亚麻",
      "雪纺",
      "真皮",
      "冰丝",
      "实木",
      "木头",
      "塑料",
      "金属",
      "不锈钢",
      "是铁",
      "铁的",
      "钢的",
      "什么做的",
      "啥做的",
      "含棉",
      "棉质",
      "全棉",
    ],
    values: /(纯棉|纯绵|全棉|棉|绵|真丝|桑蚕丝|羊毛|羊绒|涤纶|化纤|聚酯纤维|聚酯|莫代尔|亚麻|雪纺|真皮|牛皮|冰丝|氨纶)/,
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "颜色",
    keys: ["颜色", "颜色分类", "可选颜色", "色系"],
    cues: [
      "颜色",
      "顔色",
      "眼色",
      "什么色",
      "啥色",
      "几个色",
      "几种色",
      "色号",
      new RegExp(`有${COLORS}`),
      new RegExp(`${COLORS}(的|款)?(吗|嘛|么|没|不)`),
      new RegExp(`${COLORS}的?有(吗|没|不)`),
    ],
    values: new RegExp(COLORS),
    template: "亲，这款的颜色有：{value}",
  },
  {
    topic: "尺码",
    keys: ["尺码", "可选尺码", "码数", "尺码范围"],
    cues: [
      "几个码",
      "哪些码",
      "什么码数",
      "有哪几个码",
      "码数",
      "尺码有",
      "码全",
      "有大码",
      "有小码",
      /有\s*(x{0,3}s|x{0,3}l|[2-5]xl|m|均码)\s*(码|号)?\s*(吗|嘛|么|没)/i,
    ],
    values: /(?<![a-z])([2-5]xl|x{0,3}l|x{0,3}s|m|均码)(?![a-z])/i,
    template: "亲，这款的尺码有：{value}",
  },
  {
    topic: "尺寸",
    keys: ["尺寸", "规格", "大小", "长宽高", "尺寸规格"],
    cues: ["多大尺寸", "尺寸", "尺吋", "多大的", "长宽高", "多长多宽", "规格", "有多大", "多大啊", "多大呀", "体积"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "承重",
    keys: ["承重", "最大承重", "载重", "承重能力"],
    cues: ["承重", "乘重", "承受", "能扛", "载重", "能放多重", "能坐多重", "能承", "吃重", "压得住", "能坐几个人", "结实吗", "能装多重"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "产地",
    keys: ["产地", "生产地", "原产地", "产区"],
    cues: ["产地", "哪里产", "哪产", "哪里生产", "哪生产", "哪儿产", "哪里做的", "国产", "进口", "哪里出产", "产自"],
    values: /(国产|进口|中国|日本|韩国|美国|新疆|广东|浙江|江苏|福建|山东)/,
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "保修",
    keys: ["保修", "质保", "保修期", "售后保修", "质保期"],
    cues: ["保修", "报修", "质保", "保多久", "保几年", "保多长", "坏了怎么办", "保修期", "包修", "三包", "联保"],
    template: "亲，这款{key}：{value}",
  },
  {
    topic: "洗涤",
    keys: ["洗涤", "洗涤方式", "洗护", "洗涤说明", "护理"],
    cues: ["洗涤", "机洗", "手洗", "干洗", "水洗", "怎么洗", "咋洗", "能洗", "可以洗", "洗衣机", "怎么清洗", "洗护", "会缩水", "缩水", "掉色", "褪色"],
    values: /(机洗|手洗|干洗|水洗)/,
    template: "亲，这款的洗涤建议：{value}",
  },
  {
    topic: "厚度",
    keys: ["厚度", "厚薄"],
    cues: ["厚度", "厚吗", "厚不厚", "薄吗", "薄不薄", "厚薄", "透吗", "透不透", "会透", "厚实", "加绒", "保暖吗"],
    template: "亲，这款的{key}：{value}",
  },
  {
    topic: "弹力",
    keys: ["弹力", "弹性"],
    cues: ["弹力", "弹性", "有弹", "弹不弹", "伸缩", "紧不紧", "勒吗"],
    template: "亲，这款的{key}：{value}",
  },
  {
    topic: "版型",
    keys: ["版型", "款式", "廓形"],
    cues: ["版型", "宽松", "修身", "偏大", "偏小", "正码", "显瘦", "oversize", "紧身", "板型"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "季节",
    keys: ["适用季节", "季节", "适合季节"],
    cues: ["季节", "冬天", "夏天", "春秋", "秋冬", "春天", "秋天", "什么时候穿"],
    template: "亲，这款适合 {value} 穿哦",
  },
  {
    topic: "重量",
    keys: ["重量", "净重", "毛重", "克重"],
    cues: ["重量", "多重", "几斤重", "多少克", "多少斤重", "重不重", "沉不沉", "克重", "净重"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "长度",
    keys: ["衣长", "裤长", "裙长", "长度"],
    cues: ["衣长", "裤长", "裙长", "多长", "长度", "到膝盖", "到脚踝", "盖屁股"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "接口",
    keys: ["接口", "充电接口", "接口类型"],
    cues: ["接口", "typec", "type-c", "type c", "安卓口", "苹果口", "lightning", "充电口", "什么口"],
    values: /(type-?c|lightning|usb|micro)/i,
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "续航",
    keys: ["续航", "续航时间", "电池续航", "电池"],
    cues: ["续航", "待机", "用多久", "能用多久", "电池", "充一次", "充几次", "能充多少次", "充满", "耐用吗"],
    template: "亲，这款的{key}：{value}",
  },
  {
    topic: "容量",
    keys: ["容量", "容积", "内存"],
    cues: ["容量", "毫安", "mah", "多少毫升", "多少ml", "装多少", "多大容量", "几升", "容积", "内存"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "功率",
    keys: ["功率", "额定功率"],
    cues: ["功率", "多少瓦", "几瓦", "费电"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "保质期",
    keys: ["保质期", "有效期"],
    cues: ["保质期", "过期", "放多久", "能放多长", "有效期", "生产日期"],
    template: "亲，这款的{key}是 {value} 哦",
  },
  {
    topic: "适用人群",
    keys: ["适用人群", "适用年龄", "适合人群"],
    cues: ["适合什么人", "老人", "孕妇", "小孩", "儿童", "宝宝", "几岁", "适用人群", "男生", "女生", "男的", "女的"],
    template: "亲，这款适合：{value}",
  },
];

/** Size advice ("我165 100斤穿什么码"): body numbers plus a size-choice phrase. */
export const SIZE_ADVICE_CUES: (string | RegExp)[] = [
  "穿什么码",
  "穿啥码",
  "什么码",
  "啥码",
  "哪个码",
  "几码",
  "多大码",
  "穿多大",
  "选什么码",
  "拍什么码",
  "拍哪个码",
  "拍几码",
  "买什么码",
  "买多大",
  "码合适",
  "码数推荐",
  "推荐尺码",
  "尺码推荐",
  "穿得下",
  "穿的下",
  "能穿吗",
  "能穿么",
  "合适吗",
  "合身吗",
  /\d\s*(斤|kg|公斤|cm|厘米)/i,
];

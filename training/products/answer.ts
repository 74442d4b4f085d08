/**
 * Attribute answering (issue 16): a buyer's question about the product they are looking at →
 * an answer from that product's attributes or size chart, or null when the question is not about
 * a product attribute (the FAQ engine answers it). Never a guessed value: an attribute the product
 * lacks is answered "这个信息暂时没有".
 */
import { normalizeText } from "../normalize";
import { ATTRIBUTE_KINDS, type AttributeKind, SIZE_ADVICE_CUES } from "./kinds";
import { adviseSize, parseBody } from "./size";
import type { ProductAnswer, ProductFacts } from "./types";

export const MISSING_REPLY = "亲，这个信息暂时没有，我帮您记下了，可以联系人工客服确认哦";

/** Size-choice phrases that ask for advice even without numbers ("这个我穿什么码"). */
const STRONG_SIZE = [
  "穿什么码",
  "穿啥码",
  "哪个码",
  "选什么码",
  "拍什么码",
  "拍哪个码",
  "拍几码",
  "买什么码",
  "推荐尺码",
  "尺码推荐",
  "码数推荐",
  "穿多大",
  "买多大",
  "选哪个码",
  "穿几码",
];
const YES_NO = /(吗|嘛|么|麽|不|没有?|没|呢)\s*[?!.~]*$|是不是|有没有|能不能|可不可以|会不会|是否|可以吗|行不行/;

/** Particles buyers add after the question ("是棉的吗亲"). */
const TRAILING = /(亲|亲亲|呀|啊|哈|哦|喔|呢|宝|老板|客服)+[?!.~]*$/;

function compact(text: string) {
  return normalizeText(text).replace(/\s+/g, "");
}

function cueScore(s: string, cues: (string | RegExp)[]): number {
  let best = 0;
  for (const c of cues) {
    if (typeof c === "string") {
      if (s.includes(c)) best = Math.max(best, c.length);
    } else {
      const m = c.exec(s);
      if (m) best = Math.max(best, m[0].length);
    }
  }
  return best;
}

function attributeFor(p: ProductFacts, kind: AttributeKind) {
  const keys = kind.keys.map(compact);
  return p.attributes.find((a) => keys.includes(compact(a.key))) ?? p.attributes.find((a) => compact(a.key).includes(compact(kind.topic)));
}

function fill(template: string, key: string, value: string) {
  return template.replace("{key}", key).replace("{value}", value);
}

const SYNTHETIC = /(涤纶|聚酯|锦纶|氨纶|腈纶|化纤|尼龙|粘胶)/;
const CHINA = /(中国|国产|新疆|广东|浙江|江苏|福建|山东|河北|河南|湖北|湖南|四川|上海|北京|深圳|广州|杭州|义乌|苏州)/;
const NEGATION = /(不可|不能|不宜|勿|禁止|不建议|不要|请勿)\s*$/;

function listOf(value: string) {
  return value
    .split(/[、,，/;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Does the product's value say yes to the value the buyer named? */
function judge(topic: string, asked: string, value: string, p: ProductFacts, pure: boolean): boolean {
  const v = compact(value).replace(/绵/g, "棉");
  const a = asked.toLowerCase().replace(/绵/g, "棉");
  // "纯羊毛吗": only a 100% (or 纯…) value says yes.
  if (pure && topic === "材质" && a !== "纯棉" && a !== "全棉") return v.includes(`纯${a}`) || v.includes(`100%${a}`) || v === a;
  switch (topic) {
    case "材质":
      if (a === "纯棉" || a === "全棉") return /纯棉|全棉|100%棉|^棉$/.test(v);
      if (a === "化纤" || a === "聚酯") return SYNTHETIC.test(v);
      return v.includes(a);
    case "颜色":
      return v.includes(a.replace(/色$/, ""));
    case "尺码": {
      // The 尺码 attribute lists what is on sale; the chart only when there is no such attribute.
      const listed = listOf(value).length ? listOf(value) : p.sizeChart.map((r) => r.size);
      const sizes = new Set(listed.map((x) => x.toUpperCase()));
      return sizes.has(a.toUpperCase());
    }
    case "洗涤": {
      const i = v.indexOf(a);
      if (i >= 0) return !NEGATION.test(v.slice(0, i));
      if (a === "水洗") return /机洗|手洗/.test(v) && !/仅干洗|只能干洗/.test(v);
      return false;
    }
    case "产地":
      if (a === "国产" || a === "中国") return CHINA.test(v);
      if (a === "进口") return !CHINA.test(v) && !/国产/.test(v);
      return v.includes(a);
    default:
      return v.replace(/-/g, "").includes(a.replace(/-/g, ""));
  }
}

function yesNoReply(topic: string, key: string, asked: string, value: string, yes: boolean) {
  const a = asked.toUpperCase() === asked.toLowerCase() ? asked : asked.toUpperCase();
  switch (topic) {
    case "材质":
      return yes ? `是的哦，${key}是 ${value}` : `不是${asked}的哦，${key}是 ${value}`;
    case "颜色":
      return yes ? `有的哦，这款的颜色有：${value}` : `没有${asked}哦，目前颜色有：${value}`;
    case "尺码":
      return yes ? `有的哦，这款的尺码有：${value}` : `没有 ${a} 码哦，目前尺码有：${value}`;
    case "洗涤":
      return yes ? `可以${asked}的哦，洗涤建议：${value}` : `不建议${asked}哦，洗涤建议：${value}`;
    default:
      return yes ? `是的哦，${key}是 ${value}` : `不是的哦，${key}是 ${value}`;
  }
}

function sizeAnswer(p: ProductFacts, s: string, raw: string): ProductAnswer {
  if (!p.sizeChart.length) {
    const sizes = attributeFor(
      p,
      ATTRIBUTE_KINDS.find((k) => k.topic === "尺码")!,
    );
    return {
      kind: "missing",
      topic: "尺码表",
      attribute: null,
      yes: null,
      size: null,
      reply: sizes ? `亲，这款暂时没有尺码表，可选尺码：${sizes.value}，具体怎么选可以联系人工客服帮您看哦` : MISSING_REPLY,
    };
  }
  const advice = adviseSize(p.sizeChart, parseBody(raw));
  const asked = /(?<![a-z])([2-5]xl|x{0,3}l|x{0,3}s|m)(?![a-z])/i.exec(s)?.[1]?.toUpperCase();
  let reply = advice.reply;
  if (asked && advice.size && asked !== advice.size) reply = `亲，${asked} 码可能不太合适，${advice.reply.replace(/^亲，/, "")}`;
  else if (asked && advice.size) reply = `可以的，${advice.reply}`;
  return { kind: advice.outOfChart ? "missing" : "size", topic: "尺码表", attribute: null, yes: null, size: advice.size, reply };
}

/** The answer from the product, or null when the question is not about a product attribute. */
export function answerProductQuestion(p: ProductFacts, text: string): ProductAnswer | null {
  const s = compact(text);
  if (!s) return null;
  // The best attribute kind by its longest cue; a product key named literally (填充物) wins.
  let best: { kind: AttributeKind; score: number } | null = null;
  for (const kind of ATTRIBUTE_KINDS) {
    const score = cueScore(s, kind.cues);
    if (score > (best?.score ?? 0)) best = { kind, score };
  }
  const literal = p.attributes.filter((a) => compact(a.key).length >= 2 && s.includes(compact(a.key))).sort((x, y) => y.key.length - x.key.length)[0];

  const body = parseBody(text);
  const hasBody = body.heightCm !== null || body.weightKg !== null;
  const strongSize = STRONG_SIZE.some((c) => s.includes(c));
  const weakSize = cueScore(s, SIZE_ADVICE_CUES) > 0;
  const sizeTopic = best?.kind.topic === "尺码";
  // A size question with body numbers, or a size-choice phrase, unless another attribute was
  // clearly asked ("承重 100 斤吗" is about 承重).
  if (strongSize || (hasBody && (weakSize || sizeTopic) && (!best || sizeTopic || best.score < 2) && !literal)) return sizeAnswer(p, s, text);

  if (literal && (!best || attributeFor(p, best.kind) !== literal)) {
    const kind = ATTRIBUTE_KINDS.find((k) => k.keys.map(compact).includes(compact(literal.key)));
    if (!best || !kind || kind === best.kind || best.score <= compact(literal.key).length)
      return {
        kind: "attribute",
        topic: kind?.topic ?? literal.key,
        attribute: literal.key,
        yes: null,
        size: null,
        reply: `亲，这款的${literal.key}是 ${literal.value} 哦`,
      };
  }
  if (!best) return null;
  const kind = best.kind;
  let attr = attributeFor(p, kind);
  // "多大尺寸" of a garment: its sizes answer.
  if (!attr && kind.topic === "尺寸")
    attr = attributeFor(
      p,
      ATTRIBUTE_KINDS.find((k) => k.topic === "尺码")!,
    );
  if (!attr && kind.topic === "尺码" && p.sizeChart.length) attr = { key: "尺码", value: p.sizeChart.map((r) => r.size).join("、") };
  if (!attr) return { kind: "missing", topic: kind.topic, attribute: null, yes: null, size: null, reply: MISSING_REPLY };

  const asked = kind.values?.exec(s)?.[1] ?? kind.values?.exec(s)?.[0];
  if (asked && YES_NO.test(s.replace(TRAILING, ""))) {
    const pure = s.includes(`纯${asked}`);
    const yes = judge(kind.topic, asked, attr.value, p, pure);
    const named = pure && !asked.startsWith("纯") ? `纯${asked}` : asked;
    return { kind: "attribute", topic: kind.topic, attribute: attr.key, yes, size: null, reply: yesNoReply(kind.topic, attr.key, named, attr.value, yes) };
  }
  return { kind: "attribute", topic: kind.topic, attribute: attr.key, yes: null, size: null, reply: fill(kind.template, attr.key, attr.value) };
}

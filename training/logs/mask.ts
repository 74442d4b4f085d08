/**
 * Mask personal data in chat text (issue 4). Input is text after normalizeText (half-width
 * digits, lower-case Latin, "-" unified), so one pattern covers "１３８…" and "138…".
 *
 * Rule order matters where digit strings are ambiguous:
 *  1. e-mail first: "13812345678@qq.com" is an address, not a phone number plus junk;
 *  2. numbers with a keyword in front (订单号…, 快递单号/运单…) trust the keyword;
 *  3. 18-digit 身份证号 with a valid birth date and checksum, before bank cards: that check is
 *     far stricter than Luhn (which 1 in 10 random numbers pass), so an ID never becomes a card;
 *  4. bank cards: 16-19 digits, Luhn-valid, issuer prefix 3-6 (UnionPay 62, Visa 4, MC 5, JCB 3);
 *  5. the 15-digit old ID (optional), then bare 16-20-digit strings as Taobao-style order ids;
 *  6. courier prefixes (SF…, YT…), mobile, landline;
 *  7. left-over 12-15-digit runs as tracking numbers: a long number in a chat is an identifier
 *     of some kind, and leaking one is worse than a wrong label;
 *  8. names after 收件人/联系人/姓名 and street addresses last, because they are recognised by
 *     Chinese context that the numeric placeholders above do not disturb.
 */
import type { MaskCounts, MaskKind } from "./types";

export const MASK_PLACEHOLDERS: Record<MaskKind, string> = {
  mobile: "[手机号]",
  landline: "[电话]",
  idCard: "[身份证号]",
  email: "[邮箱]",
  order: "[订单号]",
  tracking: "[快递单号]",
  address: "[地址]",
  name: "[姓名]",
  bankCard: "[银行卡号]",
};

export interface MaskSettings {
  /** Kinds to mask; all by default. */
  kinds: Record<MaskKind, boolean>;
  /** Also mask the 15-digit 身份证号 used before 1999. */
  idCard15: boolean;
}

export const defaultMaskSettings: MaskSettings = {
  kinds: { mobile: true, landline: true, idCard: true, email: true, order: true, tracking: true, address: true, name: true, bankCard: true },
  idCard15: true,
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10x98765432";

function validDate(y: number, m: number, d: number) {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

/** 18-digit 身份证号: region starts 1-8, a real birth date, GB 11643 checksum. */
export function isValidIdCard18(value: string): boolean {
  const v = value.toLowerCase();
  if (!/^[1-8]\d{16}[\dx]$/.test(v)) return false;
  const y = +v.slice(6, 10);
  if (y < 1900 || y > 2030 || !validDate(y, +v.slice(10, 12), +v.slice(12, 14))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (v.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === v[17];
}

export function isValidIdCard15(value: string): boolean {
  if (!/^[1-8]\d{14}$/.test(value)) return false;
  return validDate(1900 + +value.slice(6, 8), +value.slice(8, 10), +value.slice(10, 12));
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

const PROVINCES =
  "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门";
const ADDR_SUFFIX =
  "省|自治区|特别行政区|市|区|县|旗|镇|乡|街道|村|路|街|大道|巷|弄|胡同|里|小区|花园|公寓|大厦|广场|中心|园区|苑|号院|号楼|号|栋|幢|楼|单元|室|层|座|期";
const ADDR_TOKEN = `[\\u4e00-\\u9fa5a-z0-9]{1,12}?(?:${ADDR_SUFFIX})`;
const ADDR_RE = new RegExp(`(?:${PROVINCES})(?:省|市|自治区|特别行政区)?(?:${ADDR_TOKEN})+(?:[0-9a-z-]+室?)?|(?:${ADDR_TOKEN}){2,}(?:[0-9a-z-]+室?)?`, "g");
const ADDR_HINT_RE = /[省市区县镇乡路街道巷弄村园厦号栋幢楼室]/;
const PROVINCE_RE = new RegExp(`(?:${PROVINCES})`);
const ROAD_RE = /路|街|大道|巷|弄|胡同/;
const NUMBER_RE = /\d+(?:号|栋|幢|楼|单元|室|层|弄)/;
const ADMIN_RE = /省|市|区|县|镇|乡|街道/;
const ESTATE_RE = /小区|花园|公寓|大厦|村/;
// Words that lead into an address and are not part of it ("寄到", "我的地址是").
const ADDR_LEAD_RE = /^.*?(?:地址是|地址为|地址|寄到|发到|送到|邮到|住在|位于|改成|改为|改到|写的|填的|是|在|到)(?=[\u4e00-\u9fa5a-z0-9])/;

function isAddress(s: string) {
  const road = ROAD_RE.test(s);
  const num = NUMBER_RE.test(s);
  const admin = ADMIN_RE.test(s);
  const estate = ESTATE_RE.test(s);
  return ((road || estate) && (num || admin)) || (admin && num);
}

const NAME_KEY_RE = /(收件人|收货人|联系人|寄件人|真实姓名|姓名)(\s*(?:[:=]|是|叫|为)?\s*)([\u4e00-\u9fa5]{2,5})/g;
const NAME_BAD_START =
  /^(?:电话|手机|号码|地址|信息|姓名|名字|是|写|填|改|要|不|没|有|的|和|跟|在|怎|可以|能|请|这|那|就|都|也|还|我|你|他|她|自己|本人|一|几|多|什么|啥|换|变|错)/;
const NAME_STOP_RE = /电话|手机|号码|地址|联系|收件|收货|身份|的|是|在|改|写|电|手|号|要|和|跟|地|住/y;

function cutName(cand: string): string | null {
  if (NAME_BAD_START.test(cand)) return null;
  let out = cand;
  for (let i = 1; i < out.length; i++) {
    NAME_STOP_RE.lastIndex = i;
    if (NAME_STOP_RE.test(out)) {
      out = out.slice(0, i);
      break;
    }
  }
  if (out.length > 4) out = out.slice(0, 4);
  // A one-character "name" is only a surname with a title (张先生 already has 3).
  return out.length >= 2 ? out : null;
}

interface Rule {
  kind: MaskKind;
  re: RegExp;
  /** Return the replacement for the match, or null to keep it. */
  replace: (m: RegExpExecArray) => string | null;
  /** Cheap pre-check so most turns skip the regex. */
  hint?: RegExp;
}

const digitsOf = (s: string) => s.replace(/\D/g, "");

function buildRules(settings: MaskSettings): Rule[] {
  const P = MASK_PLACEHOLDERS;
  const rules: Rule[] = [
    {
      kind: "email",
      re: /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi,
      hint: /@/,
      replace: () => P.email,
    },
    // A number the customer names is of that kind whatever its checksum: a mistyped 身份证号 or
    // bank card is still one, and the report counts it under its own kind (issue 15 item 8).
    {
      kind: "idCard",
      re: settings.idCard15
        ? /(身份证号码|身份证号|身份证|证件号码|证件号)(\s*(?:[:=：]|是|为)?\s*)(\d{17}[\dx]|\d{15})(?![\da-z])/gi
        : /(身份证号码|身份证号|身份证|证件号码|证件号)(\s*(?:[:=：]|是|为)?\s*)(\d{17}[\dx])(?![\da-z])/gi,
      hint: /身份证|证件号/,
      replace: (m) => m[1] + m[2] + P.idCard,
    },
    {
      kind: "bankCard",
      re: /(银行卡号|银行卡|卡号)(\s*(?:[:=：]|是|为)?\s*)(\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?)(?!\d)/g,
      hint: /卡号|银行卡/,
      replace: (m) => m[1] + m[2] + P.bankCard,
    },
    {
      kind: "order",
      re: /(订单编号|订单号码|订单号|订单|交易号)(\s*(?:[:=：]|是|为)?\s*)(\d{6,}|\d{3,}(?:[ -]\d{3,})+)/g,
      hint: /订单|交易号/,
      replace: (m) => m[1] + m[2] + P.order,
    },
    {
      kind: "tracking",
      re: /(快递单号|物流单号|运单号码|运单号|运单|快递号|单号)(\s*(?:[:=：]|是|为)?\s*)([a-z]{0,4}\d{8,20})(?!\d)/gi,
      hint: /单号|运单|快递号/,
      replace: (m) => m[1] + m[2] + P.tracking,
    },
    {
      kind: "idCard",
      re: /(?<!\d)\d{6}[ -]?\d{8}[ -]?\d{3}[\dx](?![\da-z])/gi,
      replace: (m) => (isValidIdCard18(m[0].replace(/[ -]/g, "")) ? P.idCard : null),
    },
    {
      kind: "bankCard",
      re: /(?<!\d)\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)/g,
      replace: (m) => {
        const d = digitsOf(m[0]);
        return d.length >= 16 && d.length <= 19 && /^[3-6]/.test(d) && luhnValid(d) ? P.bankCard : null;
      },
    },
    {
      kind: "idCard",
      re: /(?<!\d)\d{15}(?!\d)/g,
      replace: (m) => (settings.idCard15 && isValidIdCard15(m[0]) ? P.idCard : null),
    },
    // Bare long numbers, including card-shaped groups that fail Luhn and 身份证-shaped strings
    // (17 digits + X) with a wrong check digit: typos of personal numbers must not leak either.
    {
      // 17 digits and an X: only a 身份证号 looks like that, even with a wrong check digit.
      kind: "idCard",
      re: /(?<!\d)\d{17}x(?![a-z])/gi,
      replace: () => P.idCard,
    },
    {
      kind: "order",
      re: /(?<!\d)(?:\d{16,20}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,4})?)(?!\d)/gi,
      replace: () => P.order,
    },
    {
      kind: "tracking",
      re: /(?<![a-z])(?:sf|yt|zt|jt|jd|yd|zto|sto|ems|dpk|ky|ttk)\d{10,15}(?!\d)/gi,
      hint: /[a-z]\d/i,
      replace: () => P.tracking,
    },
    {
      kind: "mobile",
      re: /(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g,
      replace: () => P.mobile,
    },
    {
      kind: "landline",
      re: /(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3})[ -]?[2-9]\d{6,7}(?:[ -]?(?:转|ext|-)\s?\d{1,5})?(?!\d)/g,
      replace: () => P.landline,
    },
    {
      kind: "tracking",
      re: /(?<!\d)\d{12,15}(?!\d)/g,
      replace: () => P.tracking,
    },
    {
      kind: "address",
      re: ADDR_RE,
      hint: ADDR_HINT_RE,
      replace: (m) => {
        let s = m[0];
        let lead = "";
        const prov = PROVINCE_RE.exec(s);
        if (prov && prov.index > 0) {
          lead = s.slice(0, prov.index);
          s = s.slice(prov.index);
        } else if (!prov || prov.index > 0) {
          const l = ADDR_LEAD_RE.exec(s);
          if (l) {
            lead = l[0];
            s = s.slice(l[0].length);
          }
        }
        return isAddress(s) ? lead + P.address : null;
      },
    },
    {
      kind: "name",
      re: NAME_KEY_RE,
      hint: /收件人|收货人|联系人|寄件人|姓名/,
      replace: (m) => {
        const name = cutName(m[3]);
        return name ? m[1] + m[2] + P.name + m[3].slice(name.length) : null;
      },
    },
  ];
  return rules.filter((r) => settings.kinds[r.kind]);
}

const ruleCache = new WeakMap<MaskSettings, Rule[]>();

export interface MaskResult {
  text: string;
  masked: MaskCounts;
}

/** Replace personal data in normalized text by typed placeholders, counting each kind. */
export function maskPersonalData(text: string, settings: MaskSettings = defaultMaskSettings): MaskResult {
  let rules = ruleCache.get(settings);
  if (!rules) {
    rules = buildRules(settings);
    ruleCache.set(settings, rules);
  }
  const masked: MaskCounts = {};
  // Pure-CJK short turns (most of a chat log) cannot hold numeric data: skip the digit rules.
  const hasDigit = /\d/.test(text);
  let s = text;
  for (const rule of rules) {
    if (rule.hint ? !rule.hint.test(s) : !hasDigit) continue;
    rule.re.lastIndex = 0;
    s = s.replace(rule.re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const out = rule.replace(m);
      if (out === null) return m[0];
      masked[rule.kind] = (masked[rule.kind] ?? 0) + 1;
      return out;
    });
  }
  return { text: s, masked };
}

import { describe, expect, it } from "vitest";

import { normalizeText } from "../normalize";
import { defaultMaskSettings, isValidIdCard18, luhnValid, maskPersonalData } from "./mask";
import { idCardWithBadChecksum, idCardWithChecksum, withLuhnDigit, withoutLuhnDigit } from "./testing/pii-values";

const mask = (t: string) => maskPersonalData(normalizeText(t));
const ID = idCardWithChecksum("33010619900307123");
const ID_X = idCardWithChecksum("11010519491231002"); // a checksum of X
const CARD19 = withLuhnDigit("622202123456789012");
const CARD16_VISA = withLuhnDigit("455612345678901");

describe("validators", () => {
  it("checks the 身份证号 checksum and birth date", () => {
    expect(ID_X.endsWith("X")).toBe(true);
    expect(isValidIdCard18(ID)).toBe(true);
    expect(isValidIdCard18(ID_X.toLowerCase())).toBe(true);
    expect(isValidIdCard18(idCardWithBadChecksum("33010619900307123"))).toBe(false);
    expect(isValidIdCard18(idCardWithChecksum("33010619901307123"))).toBe(false); // month 13
    expect(isValidIdCard18(idCardWithChecksum("33010619900230123"))).toBe(false); // 30 Feb
  });
  it("checks Luhn", () => {
    expect(luhnValid("4539578763621486")).toBe(true);
    expect(luhnValid("4539578763621487")).toBe(false);
    expect(luhnValid(CARD19)).toBe(true);
  });
});

describe("maskPersonalData", () => {
  it.each([
    ["我的手机13812345678", "我的手机[手机号]"],
    ["电话138-1234-5678", "电话[手机号]"],
    ["电话 138 1234 5678 谢谢", "电话 [手机号] 谢谢"],
    ["+86 13912345678", "[手机号]"],
    ["+86-139-1234-5678", "[手机号]"],
    ["8613912345678", "[手机号]"],
    ["１３８１２３４５６７８", "[手机号]"],
    ["座机0571-88886666", "座机[电话]"],
    ["座机(010)62345678", "座机[电话]"],
    ["邮箱 Abc.Def@163.com", "邮箱 [邮箱]"],
    ["13812345678@qq.com", "[邮箱]"],
    ["订单号：123456789 没收到", "订单号:[订单号] 没收到"],
    ["订单 2345678901234567890 还没发货", "订单 [订单号] 还没发货"],
    ["快递单号SF1234567890123查不到", "快递单号[快递单号]查不到"],
    ["顺丰SF1234567890123", "顺丰[快递单号]"],
    ["运单 773012345678901", "运单 [快递单号]"],
    ["单号是432109876543", "单号是[快递单号]"],
    ["收件人张三，电话13812345678", "收件人[姓名],电话[手机号]"],
    ["联系人：王小明", "联系人:[姓名]"],
    ["姓名李四地址浙江省杭州市西湖区文三路90号", "姓名[姓名]地址[地址]"],
    ["联系人张先生电话13900002222", "联系人[姓名]电话[手机号]"],
    ["地址：浙江省杭州市余杭区文一西路969号3幢502室", "地址:[地址]"],
    ["寄到杭州文一西路969号", "寄到[地址]"],
    ["我住在上海市浦东新区张江路88弄5号", "我住在[地址]"],
    ["广州市天河区体育西路103号维多利广场b座", "[地址]"],
    ["北京市朝阳区望京街道阜通东大街6号院3号楼", "[地址]"],
  ])("%s → %s", (input, expected) => {
    expect(mask(input).text).toBe(expected);
  });

  it("tells ID cards, bank cards and order numbers apart", () => {
    expect(mask(`身份证${ID}`).text).toBe("身份证[身份证号]");
    expect(mask(`身份证 ${ID_X}`).text).toBe("身份证 [身份证号]");
    expect(mask(`${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`).text).toBe("[身份证号]");
    // A valid ID is never taken for a card, even if it happens to pass Luhn too.
    expect(mask(`卡号${CARD19}`).text).toBe("卡号[银行卡号]");
    expect(mask(`退到 ${CARD19.replace(/(\d{4})(?=\d)/g, "$1 ")}`).text).toBe("退到 [银行卡号]");
    expect(mask(`visa ${CARD16_VISA}`).text).toBe("visa [银行卡号]");
    // Luhn-invalid 19 digits: an order id.
    expect(mask(withoutLuhnDigit("622202123456789012")).text).toBe("[订单号]");
    // Luhn-valid but not a card issuer prefix (Taobao order ids start with 1-4 … but 1/2 are not cards).
    expect(mask(withLuhnDigit("123456789012345678")).text).toBe("[订单号]");
    // The keyword wins: a number after 订单号 is an order even if it looks like an ID.
    expect(mask(`订单号${ID.replace(/X$/, "1")}`).text).toBe("订单号[订单号]");
    // An 18-digit ID with a typo in the check digit does not leak, and the customer called it a
    // 身份证: it is counted as one (issue 15 item 8). Without the word it is a long identifier.
    const bad = idCardWithBadChecksum("33010619900307123");
    const r = mask(`身份证${bad}`);
    expect(r.text).toBe("身份证[身份证号]");
    expect(r.masked.idCard).toBe(1);
    expect(mask(bad).text).toBe(bad.endsWith("X") ? "[身份证号]" : "[订单号]");
  });

  it("masks card- and ID-shaped numbers that fail their checks as long identifiers", () => {
    const badCard = withoutLuhnDigit("622848001234567891");
    const grouped = badCard.replace(/(\d{4})(?=\d)/g, "$1 ");
    // Named by the customer: counted under the kind they named, checksum or not (issue 15 item 8).
    expect(mask(`银行卡 ${grouped}`).text).toBe("银行卡 [银行卡号]");
    expect(mask(`退到 ${grouped}`).text).toBe("退到 [订单号]");
    expect(ID.endsWith("X")).toBe(false);
    expect(mask(`身份证：${ID.slice(0, 17)}X`).text).toBe("身份证:[身份证号]");
    // 17 digits and an X: only an ID looks like that.
    expect(mask(`号码 ${ID.slice(0, 17)}X`).masked).toEqual({ idCard: 1 });
  });

  it("masks the old 15-digit ID only when enabled", () => {
    const old = "330106900307123";
    expect(mask(`身份证${old}`).text).toBe("身份证[身份证号]");
    const off = { ...defaultMaskSettings, idCard15: false };
    const r = maskPersonalData(`身份证${old}`, off);
    expect(r.masked.idCard ?? 0).toBe(0);
    expect(r.text).not.toContain(old); // still caught as a long identifier
  });

  it("counts each kind", () => {
    const r = mask(`收件人张三 13812345678 ${ID} abc@qq.com 浙江省杭州市余杭区文一西路969号 订单号123456789012 13912345678`);
    expect(r.masked).toEqual({ name: 1, mobile: 2, idCard: 1, email: 1, address: 1, order: 1 });
  });

  it.each([
    "这个号码是多少号",
    "s码和m码的区别是什么",
    "几号发货呀",
    "发到浙江省杭州市余杭区要几天",
    "2024-05-01 10:00:01 下的单",
    "身高170cm体重65kg穿什么码",
    "满300减50的券怎么用",
    "价格199元包邮吗",
    "联系人电话写错了",
    "收件人写我自己可以吗",
    "一号楼还是二号楼",
    "这个是几楼发货",
    "上海仓发货吗",
  ])("leaves ordinary text alone: %s", (t) => {
    const r = mask(t);
    expect(r.masked).toEqual({});
    expect(r.text).toBe(normalizeText(t));
  });

  it("can switch kinds off", () => {
    const r = maskPersonalData("13812345678 abc@qq.com", { ...defaultMaskSettings, kinds: { ...defaultMaskSettings.kinds, email: false } });
    expect(r.text).toBe("[手机号] abc@qq.com");
  });
});

describe("maskPersonalData without normalization", () => {
  it("still catches upper-case e-mail, courier prefixes and the ID check letter", () => {
    const id = idCardWithChecksum("11010519491231002");
    const r = maskPersonalData(`ABC@QQ.COM SF1234567890123 ${id}`);
    expect(r.text).toBe("[邮箱] [快递单号] [身份证号]");
  });
});

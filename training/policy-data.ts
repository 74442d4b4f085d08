/**
 * The dialog policy's plain data (issue 3): the default replies and every table the transfer rules
 * (training/transfer-rules.ts) and the repeated-failure rule read. No imports on purpose: the
 * settings schema (db/queries/settings.ts) takes its defaults from here and the browser bundle
 * reaches it, so nothing native (jieba) may hang off this file.
 */

export const DEFAULT_CLARIFY_PROMPT = "您是不是想问：";
/** The one default fallback reply (a workspace may set its own in 机器人设置). */
export const DEFAULT_FALLBACK_REPLY = "亲，这个问题小助手暂时还不会回答呢，您可以换个说法试试，或者输入“转人工”联系人工客服哦～";
/** The one default transfer reply, for every transfer reason (a workspace may set its own in 机器人设置). */
export const DEFAULT_TRANSFER_REPLY = "好的亲，正在为您转接人工客服，请稍等～";

/**
 * Words that ask for a human agent. Not in the list, on purpose: "客服电话" and "有人吗" (the demo
 * knowledge base and the generic pack answer them as FAQs: the shop's phone number, a greeting like
 * 在吗), and a bare "客服" (customers address the bot as 客服: "客服在吗").
 */
export const DEFAULT_HUMAN_KEYWORDS = [
  "转人工",
  "人工客服",
  "人工服务",
  "人工",
  "真人",
  "活人",
  "找客服",
  "叫客服",
  "在线客服",
  "rg", // 人工 in pinyin initials; the generic pack lists it as a way to ask
  "human",
  "real person",
  "agent",
  "operator",
];

/** Complaint and strong negative emotion: the customer goes to a human (reason negative_emotion). */
export const DEFAULT_COMPLAINT_KEYWORDS = [
  "投诉",
  "差评",
  "骗子",
  "骗人",
  "欺诈",
  "12315",
  "消协",
  "工商局",
  "举报",
  "垃圾",
  "坑人",
  "坑爹",
  "曝光",
  "维权",
  "气死",
  "太差劲",
  "什么破",
  "恶心",
  "妈的",
  "他妈",
  "退一赔三",
];

/**
 * Words that contain or overlap a keyword and mean something else. A mention is dropped when one
 * of these overlaps it and reaches beyond it (so "人工费" drops the 人工 inside it, and "工作" drops
 * the 人工 of "机器人工作时间"). Grouped by the keyword they protect, for reading only: every entry
 * applies to every keyword, the workspace's own included. Jieba catches many more (人工湖,
 * 人工降雨, 真人秀); these are the ones it splits (人工/钻石, 真人/试穿).
 */
export const EXCLUDED_COMPOUNDS: Record<string, readonly string[]> = {
  人工: [
    "人工智能",
    "人工费",
    "人工成本",
    "人工合成",
    "人工养殖",
    "人工种植",
    "人工繁殖",
    "人工钻石",
    "人工宝石",
    "人工水晶",
    "人工草坪",
    "人工草皮",
    "人工皮革",
    "人工打磨",
    "人工缝制",
    "人工刺绣",
    "人工编织",
    "人工抛光",
    "人工检测",
    "人工质检",
    "人工测量",
    "人工误差",
    "人工安装",
    "人工挑选",
    "纯人工",
    "非人工",
    "工作", // 机器人工作时间, 个人工作室: the 人工 straddles two words
    "工人工资", // not 工人 alone: 人工人工 would hold it
    "主人公",
  ],
  真人: [
    "真人秀",
    "真人试穿",
    "真人实拍",
    "真人图",
    "真人照",
    "真人模特",
    "真人上身",
    "真人视频",
    "真人版",
    "真人发",
    "真人头发",
    "真人效果",
    "真人尺寸",
    "真人展示",
    "真人拍摄",
    "真人买家秀",
    "认真人",
  ],
  human: ["human hair", "human resources"],
  agent: ["shipping agent", "agent fee", "agency"],
  垃圾: ["垃圾袋", "垃圾桶", "垃圾分类", "垃圾篓", "垃圾箱", "垃圾篮", "垃圾夹"],
  什么破: ["破损", "破洞", "破了", "破的", "破裂", "破碎", "破掉"],
  曝光: ["曝光度", "曝光补偿", "曝光时间", "曝光量"],
};

/** A negation right before a keyword, with at most a few of NEGATION_FILLERS between. */
export const NEGATION_WORDS = ["不", "别", "没", "无需", "无须", "甭", "勿", "莫"];

/** What may stand between a negation and the keyword: 不[用]转人工, 别[给我]转人工, 不[是][要]投诉. */
export const NEGATION_FILLERS = [
  "需要",
  "必要",
  "打算",
  "给我",
  "帮我",
  "帮忙",
  "麻烦",
  "一定",
  "用",
  "要",
  "需",
  "想",
  "必",
  "是",
  "有",
  "再",
  "去",
  "让",
  "转",
  "接",
  "找",
  "叫",
  "会",
  "给",
];

/** English negations, up to three words before the keyword: "i don't need a human". */
export const ENGLISH_NEGATIONS = ["don't", "dont", "do not", "doesn't", "no need", "not", "never", "without"];

/** Before a negation, these make it an impatient question that asks for a human: 怎么还不转人工. */
export const IMPATIENT_QUESTION_WORDS = ["怎么", "为什么", "为啥", "咋", "凭什么", "干嘛"];

/** Requests that name no keyword, or name it in a frame the keyword list cannot hold. */
export const HUMAN_REQUEST_PATTERNS: readonly { pattern: RegExp; negatable: boolean }[] = [
  // 叫你们客服出来, 换个客服, 找你们老板: a verb that summons someone, then a person of the shop.
  {
    pattern:
      /(?:转|转接|找|叫|喊|换|请|让)(?:一?个|一下|下|你们的?|你家的?|给我|我)*(?:客服|店长|掌柜|老板|负责人|主管|经理)(?=来|出来|过来|吧|呀|啊|啦|了|说话|回复|处理|跟我|和我|$)/,
    negatable: true,
  },
  // 我要找人, 换个人来, 叫人过来: a bare 人 only at the end or before 来/说话, so 找人代付 is not one.
  { pattern: /(?:找|叫|喊|换|要)(?:一?个|一下|下)*(?:真?人)(?=来|过来|出来|吧|啊|呀|啦|说话|聊|跟我|和我|$)/, negatable: true },
  // 我要跟人说话, 想和真人聊: talking to a person.
  { pattern: /(?:跟|和|同)(?:真人|活人|人工|人)(?:说话|聊天?|沟通|对话|讲)/, negatable: true },
  // 不要机器人, 不想跟机器人聊: refusing the bot is asking for a human (the generic pack lists it).
  { pattern: /(?:不要|不想要?|不用|别用|别再用|受不了)(?:跟|和|再)?(?:机器人|机器|自动回复|智能客服|ai|robot|bot)/, negatable: false },
  // talk to someone, speak with a person.
  { pattern: /\b(?:talk|speak|chat) (?:to|with) (?:a |an )?(?:person|someone|somebody|people)\b/, negatable: false },
];

/** A clause that names the bot and asks 还是 is asking what it is: 人工还是机器人回复的. */
export const BOT_WORDS = ["机器人", "机器", "自动回复", "智能客服", "ai", "robot", "bot"];

/** English questions about what the bot is: chit-chat, not a request. */
export const ENGLISH_IDENTITY_QUESTIONS: readonly RegExp[] = [
  /\b(?:are|r) (?:you|u) (?:a |an )?(?:real )?(?:human|person|bot|robot|agent|ai)\b/,
  /\bis (?:this|it|that) (?:a |an )?(?:real )?(?:human|person|bot|robot|agent)\b/,
  /\bam i (?:talking|chatting|speaking) (?:to|with)\b/,
];

/** After a human keyword, these make the clause a question about the service: 人工客服几点上班. */
export const SERVICE_ATTRIBUTES = ["几点", "上班", "下班", "时间", "营业", "电话", "号码", "热线", "值班", "休息", "hours", "phone", "number"];

/** What may stand between the keyword and the attribute: 人工客服[每天][几点]上班, 人工[的]电话. */
export const SERVICE_ATTRIBUTE_FILLERS = ["什么时候", "一般", "每天", "平时", "周末", "晚上", "工作", "在线", "的", "是", "都", " "];

/** A mention that starts with one of these is a request by its form, never a question about it. */
export const REQUEST_VERBS = ["转", "找", "叫", "接", "换", "要"];

/**
 * Same-sounding or same-looking typos of the keywords (pinyin input, look-alike characters) and
 * their traditional forms (normalizeText keeps 繁體 as typed), rewritten before the rules run.
 * Only sequences that are no other word: 人公 alone would break 主人公.
 */
export const KEYWORD_VARIANTS: readonly [string, string][] = [
  ["仁工", "人工"],
  ["认工", "人工"],
  ["人エ", "人工"], // katakana エ looks like 工
  ["转人公", "转人工"],
  ["转人共", "转人工"],
  ["真仁", "真人"],
  ["投拆", "投诉"],
  ["头诉", "投诉"],
  ["投述", "投诉"],
  ["轉人工", "转人工"],
  ["投訴", "投诉"],
  ["舉報", "举报"],
  ["騙子", "骗子"],
  ["差評", "差评"],
  ["zhuanrengong", "转人工"],
  ["zhuan ren gong", "转人工"],
  ["rengong", "人工"],
  ["ren gong", "人工"],
];

/**
 * Chit-chat: greetings, thanks and acknowledgements. They are not attempts at a question, so the
 * repeated-failure rule neither counts them nor lets them break a streak.
 */
export const CHIT_CHAT_WORDS = [
  "你好",
  "您好",
  "哈喽",
  "嗨",
  "在吗",
  "在么",
  "在嘛",
  "在不在",
  "有人吗",
  "有人在吗",
  "在的",
  "谢谢",
  "谢啦",
  "谢了",
  "多谢",
  "感谢",
  "好的",
  "好滴",
  "好哒",
  "好嘞",
  "好吧",
  "好",
  "行吧",
  "行",
  "可以",
  "嗯嗯",
  "嗯",
  "恩恩",
  "恩",
  "哦哦",
  "哦",
  "噢",
  "喔",
  "收到",
  "知道了",
  "明白了",
  "明白",
  "懂了",
  "了解",
  "没事了",
  "没事",
  "没问题",
  "哈哈",
  "呵呵",
  "嘿嘿",
  "拜拜",
  "再见",
  "早上好",
  "下午好",
  "晚上好",
  "晚安",
  "辛苦了",
  "辛苦啦",
  "麻烦了",
  "麻烦你了",
  "hi",
  "hello",
  "hey",
  "thanks",
  "thank you",
  "thx",
  "3q",
  "ok",
  "okay",
  "bye",
];

/** Particles and forms of address that chit-chat carries: 好的亲, 谢谢你呀, 嗯嗯啦. */
export const CHIT_CHAT_PARTICLES = ["亲", "呀", "啊", "啦", "哈", "呢", "吧", "嘛", "哟", "呐", "你", "您", "了", "的", "哒", "滴", "哦", "噢", "嗷"];

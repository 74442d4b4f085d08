/**
 * Every error the studio reports carries a code from this one closed table (issue 9 item 5,
 * conventions.md; the shape follows orama's error table): each code has a zh-CN and an en
 * message template whose {placeholders} are filled from the error's params. The UI shows the
 * message in the user's language, the CLI prints it in English and its `--json` the stable code.
 *
 * Templates never repeat what the surrounding UI already shows: a row error is displayed as
 * "第 15 行「相似问法」：…" by the import preview, so its template holds only the "…".
 */

export type ErrorLocale = "zh-CN" | "en";
export type ErrorParams = Record<string, string | number | boolean | null | undefined>;

interface Messages {
  "zh-CN": string;
  en: string;
}

export const ERROR_MESSAGES = {
  // ---------------------------------------------------------------- files and imports
  FILE_TYPE: { "zh-CN": "「{file}」：不支持的文件类型（请用 {expected}）", en: "{file}: unsupported file type (use {expected})" },
  FILE_TOO_LARGE: { "zh-CN": "「{file}」：文件超过 {maxMb} MB", en: "{file}: larger than {maxMb} MB" },
  FILE_EMPTY: { "zh-CN": "「{file}」：文件是空的", en: "{file}: the file is empty" },
  FILE_NOT_FOUND: { "zh-CN": "找不到文件 {file}", en: "no such file: {file}" },
  FILE_NOT_TEXT: {
    "zh-CN": "「{file}」：文件不是文本，或编码无法识别（{detail}）",
    en: "{file}: the file is not text, or its encoding cannot be recognised ({detail})",
  },
  FILE_MALFORMED: { "zh-CN": "「{file}」：文件格式有误（{detail}）", en: "{file}: malformed ({detail})" },
  FILE_MISSING_COLUMN: { "zh-CN": "缺少列「{column}」", en: 'missing column "{column}"' },
  FILE_DUPLICATE_COLUMN: { "zh-CN": "列「{column}」出现了两次", en: 'column "{column}" appears twice' },
  FILE_NO_HEADER: { "zh-CN": "「{file}」：没有找到表头（需要列：{columns}）", en: "{file}: no header row found (expected columns: {columns})" },
  CELL_FORMULA: {
    "zh-CN": "单元格是没有计算结果的公式，请在 Excel 中保存后再导入",
    en: "the cell holds a formula without a computed value; save it in Excel first",
  },
  CELL_TOO_LONG: { "zh-CN": "内容超过 {max} 个字", en: "longer than {max} characters" },
  CELL_ENCODING: { "zh-CN": "这一行的编码和文件其他部分不同，无法读取", en: "this row is in another encoding than the rest of the file" },
  BAD_INPUT: { "zh-CN": "输入有误：{detail}", en: "bad input: {detail}" },
  LOG_COLUMN_NOT_IN_HEADER: {
    "zh-CN": "「{file}」：表头里没有列「{column}」（用作 {field}）；表头是：{header}",
    en: '{file}: column "{column}" (for {field}) is not in the header: {header}',
  },
  LOG_COLUMNS_UNKNOWN: {
    "zh-CN": "「{file}」：看不出哪一列是 {missing}；表头是：{header}。请指定列，例如 --map session=会话ID,role=角色,text=内容,time=时间",
    en: "{file}: cannot tell which column holds {missing}; header is: {header}. Choose the columns, e.g. --map session=会话ID,role=角色,text=内容,time=时间",
  },
  MAP_OPTION: { "zh-CN": "列映射有误：{detail}", en: "--map: {detail}" },
  BATCH_BUSY: { "zh-CN": "「{file}」正在导入中（批次 {batchId}），请稍后再试", en: "{file} is being imported right now (batch {batchId})" },

  // ---------------------------------------------------------------- the knowledge base
  FAQ_MISSING: { "zh-CN": "问题 #{faqId} 不存在", en: "FAQ #{faqId} does not exist" },
  FAQ_QUESTION_EMPTY: { "zh-CN": "标准问题不能为空", en: "the standard question is empty" },
  FAQ_QUESTION_TOO_LONG: { "zh-CN": "标准问题不能超过 {max} 个字", en: "the standard question is longer than {max} characters" },
  FAQ_ANSWER_EMPTY: { "zh-CN": "答案不能为空", en: "the answer is empty" },
  FAQ_ANSWER_TOO_LONG: { "zh-CN": "答案不能超过 {max} 个字", en: "the answer is longer than {max} characters" },
  FAQ_VARIANT_TOO_LONG: { "zh-CN": "相似问法“{text}…”超过 {max} 个字", en: 'the variant "{text}…" is longer than {max} characters' },
  FAQ_VARIANT_CONFLICT: { "zh-CN": "“{text}”已是问题 #{faqId}「{question}」的问法", en: '"{text}" already belongs to FAQ #{faqId} "{question}"' },
  FAQ_CATEGORY_UNKNOWN: { "zh-CN": "请选择分类", en: "choose a category" },
  FAQ_CATEGORY_NOT_FOUND: { "zh-CN": "分类「{name}」不存在", en: 'no category "{name}"' },
  FAQ_RELATED_TOO_MANY: { "zh-CN": "关联问题最多 {max} 个", en: "at most {max} related FAQs" },
  FAQ_RELATED_SELF: { "zh-CN": "不能关联自己", en: "an FAQ cannot relate to itself" },
  FAQ_RELATED_UNKNOWN: { "zh-CN": "关联的问题不存在", en: "a related FAQ does not exist" },
  FAQ_RELATED_NOT_FOUND: { "zh-CN": "没有标准问题为“{question}”的问题", en: 'no FAQ with the standard question "{question}"' },
  FAQ_KEYWORDS_TOO_MANY: { "zh-CN": "关键词最多 {max} 个", en: "at most {max} keywords" },
  FAQ_PACK_QUESTION: { "zh-CN": "行业包问题的标准问题不能修改（“{question}”）", en: 'the standard question of a pack FAQ cannot change ("{question}")' },
  IMPORT_CATEGORY_UNKNOWN: {
    "zh-CN": "分类「{name}」不存在（请先在分类管理中新建，或勾选“自动创建不存在的分类”）",
    en: 'unknown category "{name}" (create it first, or import with --create-categories)',
  },
  IMPORT_ENABLED_INVALID: { "zh-CN": "“{value}”不是“是”或“否”", en: '"{value}" is not 是 or 否' },
  IMPORT_PHRASING_IN_ROW: { "zh-CN": "“{text}”已出现在第 {other} 行", en: '"{text}" already appears in row {other}' },
  IMPORT_PHRASING_FROM_PACK: {
    "zh-CN": "“{text}”原是行业包问题 #{faqId}「{question}」的问法，导入后归这一行的问题",
    en: '"{text}" was a phrasing of the pack question #{faqId} "{question}"; it moves to this row\'s FAQ',
  },
  IMPORT_NEAR_PACK_QUESTION: {
    "zh-CN": "与行业包问题 #{faqId}「{question}」意思相近（“{text}”≈“{existing}”）：可合并到该问题，答案和问法归它",
    en: 'means what the pack question #{faqId} "{question}" means ("{text}" ≈ "{existing}"): it can be merged into it, answer and phrasings',
  },
  FAQ_DUPLICATE_ROW: { "zh-CN": "与第 {other} 行是同一个标准问题", en: "the same standard question as row {other}" },
  CATEGORY_EMPTY: { "zh-CN": "分类名称不能为空", en: "the category name is empty" },
  CATEGORY_TOO_LONG: { "zh-CN": "分类名称不能超过 {max} 个字", en: "the category name is longer than {max} characters" },
  CATEGORY_EXISTS: { "zh-CN": "分类“{name}”已存在", en: 'the category "{name}" exists' },
  CATEGORY_NOT_EMPTY: { "zh-CN": "分类“{name}”下还有 {count} 个问题，请先移走", en: 'the category "{name}" still holds {count} FAQs; move them first' },
  SYNONYMS_TOO_SHORT: { "zh-CN": "“{word}”这一行至少要有两个词", en: '"{word}" needs at least one synonym on its line' },
  SYNONYMS_TWICE: { "zh-CN": "“{word}”出现在两组里", en: '"{word}" is in two groups' },
  SYNONYMS_TOO_LONG: { "zh-CN": "同义词内容太长", en: "the synonym list is too long" },
  NOISE_PATTERN_INVALID: { "zh-CN": "第 {line} 行的规则无法使用：{detail}", en: "the rule on line {line} cannot be used: {detail}" },
  NOISE_PATTERNS_TOO_MANY: { "zh-CN": "噪声规则最多 {max} 条", en: "at most {max} noise rules" },
  LABEL_FAQ_REQUIRED: { "zh-CN": "请先选择问题", en: "this label needs an FAQ" },

  // ---------------------------------------------------------------- industry packs
  PACK_INVALID: { "zh-CN": "行业包文件有误：{detail}", en: "invalid pack: {detail}" },
  PACK_NOT_FOUND: { "zh-CN": "没有行业包“{packId}”", en: 'no pack "{packId}"' },
  PACK_NOT_SUBSCRIBED: { "zh-CN": "尚未订阅行业包“{packId}”", en: 'the pack "{packId}" is not subscribed' },

  // ---------------------------------------------------------------- the engine
  EMPTY_KB: { "zh-CN": "知识库里还没有启用且有答案的问题", en: "the knowledge base has no enabled questions with an answer" },
  DIMENSION_MISMATCH: { "zh-CN": "向量维度不一致：{detail}", en: "dimension mismatch: {detail}" },
  INDEX_CORRUPT: { "zh-CN": "索引文件已损坏：{detail}", en: "the index is damaged: {detail}" },
  INDEX_BUSY: { "zh-CN": "向量索引正在保存，请稍后再改", en: "the vector index is being saved; await save() before changing it" },
  FORMAT_VERSION: { "zh-CN": "文件格式版本不受支持：{detail}", en: "unsupported format version: {detail}" },
  MODEL_NOT_FOUND: { "zh-CN": "没有安装预训练模型：{detail}", en: "no pretrained model: {detail}" },
  MODEL_LOAD_FAILED: { "zh-CN": "预训练模型无法加载：{detail}", en: "the pretrained model could not be loaded: {detail}" },
  QUERY_VECTOR_REQUIRED: {
    "zh-CN": "这个引擎使用预训练向量，需要先计算问题的向量",
    en: "this engine uses transformer embeddings: call matchAsync, or pass queryVector",
  },
  WORKER_FAILED: { "zh-CN": "后台训练失败：{detail}", en: "the background build failed: {detail}" },

  // ---------------------------------------------------------------- background jobs
  JOB_BUSY: { "zh-CN": "同样的任务正在进行中，请等它结束", en: "the same job is running already" },
  JOB_NOT_FOUND: { "zh-CN": "任务不存在", en: "no such job" },
  JOB_INTERRUPTED: { "zh-CN": "任务所在的进程已停止（{seconds} 秒没有心跳）", en: "the process running this job stopped (no heartbeat for {seconds} s)" },
  JOB_CANCELLED: { "zh-CN": "任务已取消", en: "the job was cancelled" },

  // ---------------------------------------------------------------- accounts and sign-in
  LAST_ADMIN: { "zh-CN": "工作台至少要保留一位管理员", en: "a workspace keeps at least one admin" },
  LOGIN_THROTTLED: {
    "zh-CN": "登录失败次数过多，请 {seconds} 秒后再试",
    en: "too many failed sign-ins; try again in {seconds} s",
  },
  PASSWORD_TOO_SHORT: { "zh-CN": "密码至少 {min} 位", en: "the password needs at least {min} characters" },
  PASSWORD_WRONG: { "zh-CN": "当前密码不对", en: "the current password is wrong" },

  // ---------------------------------------------------------------- knowledge-base versions
  VERSION_NOT_FOUND: { "zh-CN": "没有版本 v{version}", en: "no version v{version}" },
  VERSION_NONE_PUBLISHED: { "zh-CN": "还没有发布过版本", en: "nothing has been published yet" },
  VERSION_IMMUTABLE: { "zh-CN": "已发布的版本不能修改", en: "a published version cannot be changed" },
  GATE_BLOCKED: {
    "zh-CN": "发布门禁未通过：通过率 {passRate}（要求 {required}），{failures} 条失败",
    en: "the publish gate failed: pass rate {passRate} (required {required}), {failures} failures",
  },
  GATE_OVERRIDE_REASON: { "zh-CN": "强制发布必须填写理由", en: "overriding the gate needs a reason" },
  PUBLISH_NOT_ALLOWED: { "zh-CN": "本店铺未允许训练师发布，请联系管理员", en: "this shop does not let trainers publish; ask an admin" },

  // ---------------------------------------------------------------- product catalogue (issue 16)
  PRODUCT_ID_EMPTY: { "zh-CN": "商品ID不能为空", en: "the product ID is empty" },
  PRODUCT_TITLE_EMPTY: { "zh-CN": "标题不能为空", en: "the title is empty" },
  PRODUCT_DUPLICATE_ROW: { "zh-CN": "与第 {other} 行是同一个商品ID", en: "the same product ID as row {other}" },
  PRODUCT_URL_INVALID: { "zh-CN": "“{value}”不是 http/https 链接", en: '"{value}" is not an http/https link' },
  PRODUCT_SIZE_CHART_INVALID: {
    "zh-CN": "尺码表“{text}”看不懂（示例：S 150-158cm 80-95斤 | M 158-165cm 95-110斤）",
    en: 'size chart part "{text}" is not understood (example: S 150-158cm 80-95斤 | M 158-165cm 95-110斤)',
  },
  PRODUCT_TOO_MANY_ATTRIBUTES: { "zh-CN": "属性列最多 {max} 个（文件里有 {count} 个）", en: "at most {max} attribute columns (the file has {count})" },
  PRODUCT_NOT_FOUND: { "zh-CN": "商品 {productId} 不在商品知识库里", en: "product {productId} is not in the catalogue" },

  // ---------------------------------------------------------------- test suites
  SUITE_NAME_EMPTY: { "zh-CN": "名称不能为空", en: "the name is empty" },
  SUITE_NAME_TOO_LONG: { "zh-CN": "名称不能超过 {max} 个字", en: "the name is longer than {max} characters" },
  SUITE_EXISTS: { "zh-CN": "已有名为“{name}”的测试集", en: 'a suite named "{name}" exists' },
  SUITE_CASE_EXISTS: { "zh-CN": "这个测试集里已有名为“{name}”的用例", en: 'this suite already has a case named "{name}"' },
  SUITE_CASE_NO_TURNS: { "zh-CN": "用例至少要有一轮对话", en: "a case needs at least one turn" },
  SUITE_TOO_MANY: { "zh-CN": "最多 {max} 个{what}", en: "at most {max} {what}" },
  SUITE_TEXT_EMPTY: { "zh-CN": "顾客说的话不能为空", en: "what the customer says is empty" },
  SUITE_TEXT_TOO_LONG: { "zh-CN": "内容不能超过 {max} 个字", en: "longer than {max} characters" },
  SUITE_DECISION_UNKNOWN: {
    "zh-CN": "“{value}”不是决策（可填：直接回答、反问确认、未识别、转人工）",
    en: '"{value}" is not a decision (use answer, clarify, no_answer or transfer)',
  },
  SUITE_REASON_UNKNOWN: {
    "zh-CN": "“{value}”不是转人工原因（可填：顾客要求转人工、连续多轮没有答上来、顾客情绪激动或有投诉、命中敏感词）",
    en: '"{value}" is not a transfer reason (use human_requested, repeated_failure, negative_emotion or sensitive_keyword)',
  },
  SUITE_CONFIDENCE_INVALID: { "zh-CN": "“{value}”不是 0 到 1 之间的数", en: '"{value}" is not a number between 0 and 1' },
  SUITE_TURN_NUMBER_INVALID: { "zh-CN": "“{value}”不是轮次（应为 1、2、3…）", en: '"{value}" is not a turn number (1, 2, 3 …)' },
  SUITE_TURN_DUPLICATE: {
    "zh-CN": "用例“{name}”的第 {turn} 轮出现了两次（另见第 {other} 行）",
    en: 'turn {turn} of case "{name}" appears twice (see row {other})',
  },
  SUITE_FAQ_UNKNOWN: { "zh-CN": "知识库里没有标准问题“{question}”", en: 'no FAQ with the standard question "{question}"' },
  SUITE_FILE_EMPTY: { "zh-CN": "「{file}」：文件里没有用例", en: "{file}: the file holds no cases" },
  SUITE_YAML_SYNTAX: {
    "zh-CN": "从第 {col} 列起不是有效的 YAML（{detail}）；常见原因：缩进不齐、冒号后缺空格、引号没有配对",
    en: "not valid YAML from column {col} ({detail})",
  },
  SUITE_YAML_NO_CASES: {
    "zh-CN": "「{file}」：文件里要有 cases: 列表，每项是一个用例（name 和 turns）",
    en: "{file}: expected a cases: list, one case (name and turns) per item",
  },
  SUITE_YAML_NOT_LIST: { "zh-CN": "应为列表（每项一行，以“- ”开头）", en: "expected a list (items starting with “- ”)" },
  SUITE_YAML_NOT_MAP: { "zh-CN": "应为“字段: 值”的形式", en: "expected “field: value” pairs" },
  SUITE_YAML_NOT_TEXT: { "zh-CN": "应为一段文字", en: "expected text" },
  SUITE_YAML_UNKNOWN_FIELD: { "zh-CN": "不认识的字段“{field}”（可用：{allowed}）", en: 'unknown field "{field}" (use {allowed})' },
  SUITE_YAML_CASE_TWICE: { "zh-CN": "与第 {other} 个用例重名（“{name}”）", en: 'the same name as case {other} ("{name}")' },
  SUITE_YAML_AT_CASE: { "zh-CN": "第 {case} 个用例「{name}」的 {field}", en: 'case {case} "{name}", {field}' },
  SUITE_YAML_AT_TURN: { "zh-CN": "第 {case} 个用例「{name}」第 {turn} 轮的 {field}", en: 'case {case} "{name}", turn {turn}, {field}' },
  SUITE_NOT_FOUND: { "zh-CN": "没有测试集“{name}”", en: 'no suite "{name}"' },
  SUITE_EMPTY: { "zh-CN": "测试集“{name}”还没有用例", en: 'the suite "{name}" has no cases' },
  SUITE_TARGET_FAILED: { "zh-CN": "外部机器人出错：{detail}", en: "the external bot failed: {detail}" },
  SUITE_TARGET_HTTP_STATUS: {
    "zh-CN": "外部机器人返回了 HTTP {status}：{detail}",
    en: "the external bot answered HTTP {status}: {detail}",
  },
  SUITE_TARGET_TIMEOUT: { "zh-CN": "外部机器人 {ms} 毫秒内没有回复", en: "the external bot did not answer within {ms} ms" },
  SUITE_TARGET_BAD_JSON: { "zh-CN": "外部机器人的回复不是 JSON：{detail}", en: "the external bot's reply is not JSON: {detail}" },
  SUITE_TARGET_PATH_MISSING: {
    "zh-CN": "外部机器人的回复里没有「{path}」（用作 {field}）",
    en: 'the external bot\'s reply has no "{path}" (for {field})',
  },
  SUITE_TARGET_DECISION_UNKNOWN: {
    "zh-CN": "外部机器人返回的决策“{value}”无法识别（可在决策映射里对应到 answer、clarify、no_answer 或 transfer）",
    en: 'the external bot\'s decision "{value}" is unknown (map it to answer, clarify, no_answer or transfer)',
  },
  SUITE_TARGET_ENV_MISSING: {
    "zh-CN": "请求头引用的环境变量 {name} 没有设置",
    en: "the environment variable {name} that a header refers to is not set",
  },
  SUITE_TARGET_INVALID: { "zh-CN": "外部机器人配置有误：{detail}", en: "invalid external bot target: {detail}" },
  SUITE_TARGET_HEADER_LINE: {
    "zh-CN": "请求头第 {line} 行“{text}”不是“名称: 值”",
    en: 'header line {line} "{text}" is not "Name: value"',
  },
  SUITE_TARGET_SECRET_LITERAL: {
    "zh-CN": "请求头 {name} 的值要引用服务器上的环境变量，例如 {ref}：网页不保存密钥",
    en: "the value of the header {name} must name an environment variable of the server, such as {ref}: the studio stores no secrets",
  },
  SUITE_TARGET_MAP_LINE: {
    "zh-CN": "决策映射第 {line} 行“{text}”不是“对方的词 = answer / clarify / no_answer / transfer”",
    en: 'decision map line {line} "{text}" is not "their word = answer / clarify / no_answer / transfer"',
  },
  SUITE_TARGET_NOT_FOUND: { "zh-CN": "没有外部机器人“{name}”", en: 'no external bot target "{name}"' },
  SUITE_TARGET_EXISTS: { "zh-CN": "已有名为“{name}”的外部机器人", en: 'an external bot target named "{name}" exists' },
  SECRET_KEY_INVALID: {
    "zh-CN": "密钥 KB_SECRET_KEY 必须是 32 字节（64 位十六进制或 base64）",
    en: "KB_SECRET_KEY must be 32 bytes (64 hex digits or base64)",
  },
  SECRET_UNREADABLE: {
    "zh-CN": "加密保存的请求头无法解密（密钥换过了？请重新填写）",
    en: "a stored header cannot be decrypted (was the secret key changed? enter it again)",
  },

  // ---------------------------------------------------------------- anything else
  NOT_FOUND: { "zh-CN": "找不到{what}", en: "{what} not found" },
  INTERNAL: { "zh-CN": "内部错误：{detail}", en: "internal error: {detail}" },
} as const satisfies Record<string, Messages>;

export type KbErrorCode = keyof typeof ERROR_MESSAGES;

export function isKbErrorCode(code: unknown): code is KbErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_MESSAGES, code);
}

/** The message of a code in a language, its {placeholders} filled from params (unknown ones stay visible). */
export function formatError(code: KbErrorCode, params: ErrorParams = {}, locale: ErrorLocale = "en"): string {
  const template = (ERROR_MESSAGES[code] ?? ERROR_MESSAGES.INTERNAL)[locale];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] === undefined || params[name] === null ? m : String(params[name])));
}

export class KbError extends Error {
  readonly params: ErrorParams;

  /** `detail` (a string) is shorthand for `{ detail }`, for codes whose template shows one. */
  constructor(
    public readonly code: KbErrorCode,
    params: ErrorParams | string = {},
  ) {
    const p = typeof params === "string" ? { detail: params } : params;
    // A bare detail string is the English message itself (developer-facing codes).
    super(typeof params === "string" ? params : formatError(code, p, "en"));
    this.name = "KbError";
    this.params = p;
  }

  /** The message in the user's language. */
  messageIn(locale: ErrorLocale): string {
    return formatError(this.code, this.params, locale);
  }

  /** What crosses the wire (an action's JSON, a job's error column, the CLI's --json). */
  toJSON(): { code: KbErrorCode; params: ErrorParams; message: string } {
    return { code: this.code, params: this.params, message: this.message };
  }
}

/** An error as stored or sent: any thrown value becomes a code with params (unknown errors are INTERNAL). */
export function toErrorInfo(e: unknown): { code: KbErrorCode; params: ErrorParams; message: string } {
  if (e instanceof KbError) return e.toJSON();
  const detail = e instanceof Error ? e.message : String(e);
  return { code: "INTERNAL", params: { detail }, message: formatError("INTERNAL", { detail }) };
}

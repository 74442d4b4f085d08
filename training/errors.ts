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
  FAQ_DUPLICATE_ROW: { "zh-CN": "与第 {other} 行是同一个标准问题", en: "the same standard question as row {other}" },
  CATEGORY_EMPTY: { "zh-CN": "分类名称不能为空", en: "the category name is empty" },
  CATEGORY_TOO_LONG: { "zh-CN": "分类名称不能超过 {max} 个字", en: "the category name is longer than {max} characters" },
  CATEGORY_EXISTS: { "zh-CN": "分类“{name}”已存在", en: 'the category "{name}" exists' },
  CATEGORY_NOT_EMPTY: { "zh-CN": "分类“{name}”下还有 {count} 个问题，请先移走", en: 'the category "{name}" still holds {count} FAQs; move them first' },
  SYNONYMS_TOO_SHORT: { "zh-CN": "“{word}”这一行至少要有两个词", en: '"{word}" needs at least one synonym on its line' },
  SYNONYMS_TWICE: { "zh-CN": "“{word}”出现在两组里", en: '"{word}" is in two groups' },
  SYNONYMS_TOO_LONG: { "zh-CN": "同义词内容太长", en: "the synonym list is too long" },
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

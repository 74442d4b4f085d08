/**
 * An external bot over HTTP as a suite target (issue 11 "any shop's bot can be regression-tested,
 * not only ours"): every turn is one POST of a request template, and the decision, the reply and
 * the FAQ are read out of the JSON answer by simple paths. Framework-free: the suite runner hands
 * it plain config, it hands back a decider; failures are KbErrors the report words per turn.
 *
 * The defaults are this studio's own POST /api/v1/bot/reply, so pointing a target at a shop's own
 * API needs only the URL and an `Authorization: Bearer ${KEY}` header.
 */
import { KbError } from "../errors";
import type { SessionTurn } from "../policy";
import { SUITE_DECISIONS, type SuiteDecision, type TurnActual } from "./check";

export interface HttpTargetPaths {
  decision: string;
  /** The text sent to the buyer (what `contains` / `notContains` check). */
  answer: string;
  /** The standard question of the answered FAQ (what `faq` checks). */
  faq: string;
  confidence?: string;
  /** The clarify options: an array of strings, or with `[*]` the field of each element. */
  suggestions?: string;
  reason?: string;
}

export interface HttpTargetConfig {
  url: string;
  /** Only POST for now: a bot reply is not a safe, repeatable GET. */
  method?: "POST";
  /** Values may hold `${ENV_NAME}`, read from the environment at run time (secrets kept out of the database). */
  headers: Record<string, string>;
  /** JSON text; `{{text}}` and `{{sessionId}}` are replaced inside JSON strings, escaped. */
  bodyTemplate?: string;
  paths?: Partial<HttpTargetPaths>;
  timeoutMs?: number;
  /** The external bot's own decision words → ours (e.g. {"faq": "answer", "human": "transfer"}). */
  decisionMap?: Record<string, SuiteDecision>;
}

export const DEFAULT_BODY_TEMPLATE = '{"sessionId": "{{sessionId}}", "text": "{{text}}"}';
export const DEFAULT_PATHS: Required<HttpTargetPaths> = {
  decision: "decision",
  answer: "reply",
  faq: "question",
  confidence: "confidence",
  suggestions: "suggestions[*].question",
  reason: "reason",
};
/** The fields a reply is read for, in the order an editor shows them. */
export const TARGET_PATH_FIELDS = ["decision", "answer", "faq", "confidence", "suggestions", "reason"] as const satisfies readonly (keyof HttpTargetPaths)[];
export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 120_000;

/** What the decider needs besides the config; all optional, for tests and for the job handler. */
export interface HttpDeciderOptions {
  /** A fresh conversation id for each case (called when a case's first turn is sent). */
  newSessionId?: () => string;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

type Decide = (text: string, history: SessionTurn[]) => Promise<{ actual: TurnActual; turn: SessionTurn; latencyMs: number }>;

/* ------------------------------------------------------------------ paths */

type Segment = string | number | "*";

/** `a.b[0].c`, `suggestions[*].question`, `["odd key"]`: a small subset of JSONPath, no filters. */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /\s*(?:\.?([A-Za-z_$][\w$-]*)|\[\s*(\d+|\*|"(?:[^"\\]|\\.)*")\s*\])/y;
  let p = path.trim().replace(/^\$\.?/, "");
  if (!p) return out;
  if (!p.startsWith("[")) p = `.${p}`;
  let i = 0;
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (!m) throw new KbError("SUITE_TARGET_INVALID", { detail: `cannot read the path "${path}" at "${p.slice(i)}"` });
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] === "*") out.push("*");
    else if (m[2].startsWith('"')) out.push(JSON.parse(m[2]) as string);
    else out.push(Number(m[2]));
    i = re.lastIndex;
  }
  return out;
}

/** The value at a path; `undefined` when any step is missing (null stays null). */
export function readPath(value: unknown, path: string): unknown {
  const walk = (v: unknown, segs: Segment[]): unknown => {
    if (!segs.length) return v;
    const [s, ...rest] = segs;
    if (s === "*") return Array.isArray(v) ? v.map((x) => walk(x, rest)).filter((x) => x !== undefined) : undefined;
    if (v === null || typeof v !== "object") return undefined;
    if (typeof s === "number") return Array.isArray(v) ? walk(v[s], rest) : undefined;
    return Object.hasOwn(v, s) ? walk((v as Record<string, unknown>)[s], rest) : undefined;
  };
  return walk(value, parsePath(path));
}

/* ------------------------------------------------------------------ config */

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The names of the environment variables a header value refers to. */
export const envRefs = (value: string) => [...value.matchAll(ENV_REF)].map((m) => m[1]);

function fillTemplate(template: string, vars: { text: string; sessionId: string }) {
  // Escaped as the inside of a JSON string: a customer's quote or newline cannot break the body.
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  return template.replace(/\{\{\s*(text|sessionId)\s*\}\}/g, (_m, k: "text" | "sessionId") => esc(vars[k]));
}

/**
 * Header lines as a person types them, "Name: value" one per line (blank lines skipped), or with
 * `requireEnvRefs` (the studio's form) every value a `${ENV}` reference: a value typed into a page
 * would be stored with the run's job, and the studio keeps no secrets.
 */
export function parseHeaderLines(text: string, opts: { requireEnvRefs?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const at = line.indexOf(":");
    if (at <= 0) throw new KbError("SUITE_TARGET_HEADER_LINE", { line: i + 1, text: line.length > 40 ? `${line.slice(0, 40)}…` : line });
    const name = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (opts.requireEnvRefs) assertEnvRefsOnly({ [name]: value });
    out[name] = value;
  });
  return out;
}

/** Every non-empty header value names an environment variable: what the studio stores holds no secret. */
export function assertEnvRefsOnly(headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers))
    if (value && !envRefs(value).length) throw new KbError("SUITE_TARGET_SECRET_LITERAL", { name, ref: "${SHOP_BOT_KEY}" });
}

/** Checks a config once, before any turn: a bad URL, header, template or path is one clear error. */
export type ValidHttpTarget = Required<Omit<HttpTargetConfig, "decisionMap" | "paths">> & {
  paths: Required<HttpTargetPaths>;
  decisionMap: Record<string, SuiteDecision>;
};

export function validateHttpTarget(config: HttpTargetConfig): ValidHttpTarget {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new KbError("SUITE_TARGET_INVALID", { detail: `"${config.url}" is not a URL` });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new KbError("SUITE_TARGET_INVALID", { detail: `"${config.url}" is not http or https` });
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new KbError("SUITE_TARGET_INVALID", { detail: `"${name}" is not a header name` });
    if (/[\r\n]/.test(value)) throw new KbError("SUITE_TARGET_INVALID", { detail: `the header ${name} holds a line break` });
  }
  const bodyTemplate = config.bodyTemplate?.trim() || DEFAULT_BODY_TEMPLATE;
  if (!/\{\{\s*text\s*\}\}/.test(bodyTemplate)) throw new KbError("SUITE_TARGET_INVALID", { detail: "the request template has no {{text}}" });
  try {
    JSON.parse(fillTemplate(bodyTemplate, { text: 'a "quoted"\ntext', sessionId: "s" }));
  } catch {
    throw new KbError("SUITE_TARGET_INVALID", { detail: 'the request template is not JSON once filled (put {{text}} inside quotes: "{{text}}")' });
  }
  const paths = { ...DEFAULT_PATHS };
  for (const [k, v] of Object.entries(config.paths ?? {}) as [keyof HttpTargetPaths, string | undefined][]) {
    if (v === undefined) continue;
    paths[k] = v.trim();
  }
  if (!paths.decision) throw new KbError("SUITE_TARGET_INVALID", { detail: "the decision path is empty" });
  for (const p of Object.values(paths)) if (p) parsePath(p);
  const decisionMap: Record<string, SuiteDecision> = {};
  for (const [from, to] of Object.entries(config.decisionMap ?? {})) {
    if (!(SUITE_DECISIONS as readonly string[]).includes(to)) throw new KbError("SUITE_DECISION_UNKNOWN", { value: to });
    decisionMap[from.trim().toLowerCase()] = to;
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)
    throw new KbError("SUITE_TARGET_INVALID", { detail: `the timeout must be 1 to ${MAX_TIMEOUT_MS} ms` });
  return { url: url.toString(), method: "POST", headers: { ...config.headers }, bodyTemplate, paths, timeoutMs, decisionMap };
}

/** Header values with their `${ENV}` references filled; a variable that is not set is an error. */
export function resolveHeaders(headers: Record<string, string>, env: Record<string, string | undefined>) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = value.replace(ENV_REF, (_m, v: string) => {
      const x = env[v];
      if (x === undefined || x === "") throw new KbError("SUITE_TARGET_ENV_MISSING", { name: v });
      return x;
    });
  }
  return out;
}

/* ------------------------------------------------------------------ the decider */

const snippet = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s).replace(/\s+/g, " ").trim() || "(empty)";

function toDecision(raw: unknown, map: Record<string, SuiteDecision>): SuiteDecision {
  const s = typeof raw === "string" ? raw.trim() : typeof raw === "number" || typeof raw === "boolean" ? String(raw) : JSON.stringify(raw);
  const mapped = map[s.toLowerCase()];
  if (mapped) return mapped;
  if ((SUITE_DECISIONS as readonly string[]).includes(s)) return s as SuiteDecision;
  throw new KbError("SUITE_TARGET_DECISION_UNKNOWN", { value: snippet(s) });
}

const str = (v: unknown) => (v === undefined || v === null ? null : typeof v === "string" ? v : JSON.stringify(v));

/** The answer JSON → what the checker reads. */
export function readActual(body: unknown, paths: Required<HttpTargetPaths>, decisionMap: Record<string, SuiteDecision> = {}): TurnActual {
  const at = (field: keyof HttpTargetPaths) => (paths[field] ? readPath(body, paths[field]) : undefined);
  const rawDecision = at("decision");
  if (rawDecision === undefined || rawDecision === null) throw new KbError("SUITE_TARGET_PATH_MISSING", { path: paths.decision, field: "decision" });
  const decision = toDecision(rawDecision, decisionMap);
  const faq = at("faq");
  // An answer names its FAQ: a path that finds nothing then is a wrong path, not a missing FAQ.
  if (decision === "answer" && paths.faq && faq === undefined) throw new KbError("SUITE_TARGET_PATH_MISSING", { path: paths.faq, field: "faq" });
  const suggestions = at("suggestions");
  const confidence = Number(at("confidence"));
  return {
    decision,
    faqId: null,
    faq: str(faq),
    suggestions: Array.isArray(suggestions) ? suggestions.map(str).filter((x): x is string => !!x) : [],
    confidence: Number.isFinite(confidence) ? confidence : 0,
    reason: str(at("reason")),
    reply: str(at("answer")),
  };
}

/**
 * A suite decider that asks an external bot. The bot keeps its own session by the id in the
 * request: the runner starts every case with an empty history, so an empty history starts a new id.
 */
export function httpDecider(config: HttpTargetConfig, opts: HttpDeciderOptions = {}): Decide {
  const c = validateHttpTarget(config);
  const headers = { "Content-Type": "application/json", Accept: "application/json", ...resolveHeaders(c.headers, opts.env ?? process.env) };
  const doFetch = opts.fetch ?? fetch;
  let n = 0;
  const newSessionId = opts.newSessionId ?? (() => `kb-suite-${Date.now().toString(36)}-${++n}`);
  let sessionId = "";
  return async (text, history) => {
    if (!history.length || !sessionId) sessionId = newSessionId();
    const t0 = performance.now();
    let res: Response;
    try {
      res = await doFetch(c.url, {
        method: c.method,
        headers,
        body: fillTemplate(c.bodyTemplate, { text, sessionId }),
        signal: AbortSignal.timeout(c.timeoutMs),
        redirect: "error",
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === "TimeoutError" || err.name === "AbortError") throw new KbError("SUITE_TARGET_TIMEOUT", { ms: c.timeoutMs });
      throw new KbError("SUITE_TARGET_FAILED", { detail: err.cause?.code ?? err.cause?.message ?? err.message });
    }
    let raw: string;
    try {
      raw = await res.text();
    } catch (e) {
      const err = e as Error;
      if (err.name === "TimeoutError" || err.name === "AbortError") throw new KbError("SUITE_TARGET_TIMEOUT", { ms: c.timeoutMs });
      throw new KbError("SUITE_TARGET_FAILED", { detail: err.message });
    }
    const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    if (!res.ok) throw new KbError("SUITE_TARGET_HTTP_STATUS", { status: res.status, detail: snippet(raw) });
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new KbError("SUITE_TARGET_BAD_JSON", { detail: snippet(raw) });
    }
    const actual = readActual(body, c.paths, c.decisionMap);
    return { actual, latencyMs, turn: { text, decision: actual.decision, faqId: null, matchedText: text } };
  };
}

/** UI text lookup: zh-CN first, en second. Dates and numbers use the chosen locale. */
import { createContext, useContext } from "react";

import { type ErrorParams, formatError, isKbErrorCode } from "../training/errors";
import { en } from "./locales/en";
import { type MessageKey, zhCN } from "./locales/zh-CN";

export type Locale = "zh-CN" | "en";
export const LOCALES: Locale[] = ["zh-CN", "en"];
export const LOCALE_COOKIE = "kb_lang";
const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type { ErrorParams, MessageKey };

export function isLocale(x: unknown): x is Locale {
  return x === "zh-CN" || x === "en";
}

export function translate(locale: Locale, key: string, params?: Record<string, unknown>): string {
  const dict = dictionaries[locale] ?? zhCN;
  const template = (dict as Record<string, string>)[key] ?? (zhCN as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
}

/**
 * An error code's message in a language (the one error table, training/errors.ts, is plain data,
 * so the browser bundle shares it with the server and the CLI).
 */
export function errorText(locale: Locale, code: string, params?: ErrorParams): string {
  return formatError(isKbErrorCode(code) ? code : "INTERNAL", isKbErrorCode(code) ? params : { detail: code }, locale);
}

export function hasMessage(key: string) {
  return key in zhCN;
}

// Times are shown in China time on the server and the client alike, so that server rendering
// and hydration agree whatever the machine's time zone.
const TIME_ZONE = "Asia/Shanghai";

export function formatDateTime(locale: Locale, ms: number | null | undefined) {
  if (!ms) return "";
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(ms));
}

export function formatNumber(locale: Locale, n: number, opts?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locale, opts).format(n);
}

export const LocaleContext = createContext<Locale>("zh-CN");

export function useLocale() {
  return useContext(LocaleContext);
}

export function useT() {
  const locale = useContext(LocaleContext);
  const t = (key: MessageKey | (string & {}), params?: Record<string, unknown>) => translate(locale, key, params);
  return Object.assign(t, {
    locale,
    date: (ms: number | null | undefined) => formatDateTime(locale, ms),
    num: (n: number, opts?: Intl.NumberFormatOptions) => formatNumber(locale, n, opts),
    error: (code: string, params?: ErrorParams) => errorText(locale, code, params),
  });
}

export function localeFromCookieHeader(header: string | null): Locale {
  const m = header?.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`));
  const v = m ? decodeURIComponent(m[1]) : null;
  return isLocale(v) ? v : "zh-CN";
}

/**
 * Where a redirect after login or a language switch may go: a path of this site, nothing else
 * (issue 14 item 10). Browsers read `/\evil.com` and `/\t/evil.com` as `//evil.com`, so a leading
 * slash is not enough: the target must resolve to our own origin and carry no backslash or
 * control character anywhere.
 */
const BASE = "http://kb-studio.invalid";

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;

  if (/[\\\u0000-\u001f\u007f]/.test(to)) return fallback;
  try {
    const u = new URL(to, BASE);
    if (u.origin !== BASE) return fallback;
    return u.pathname + u.search + u.hash;
  } catch {
    return fallback;
  }
}

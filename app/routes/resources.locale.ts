import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { isLocale, LOCALE_COOKIE } from "~/i18n";
import { safeRedirect } from "~/safe-redirect";

/** Switches the UI language (a plain cookie: the choice is not a secret). */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLocale(locale)) return new Response("Bad locale", { status: 400 });
  return redirect(to, {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

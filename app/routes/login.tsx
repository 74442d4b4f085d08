import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, Form as AntForm, Input, Typography } from "antd";
import { z } from "zod";

import { useT } from "~/i18n";
import { signIn } from "~/models/auth.server";
import { createUserSession, getUserId } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "登录 · KB Studio" }];

const LoginSchema = z.object({
  email: z.string().trim().min(1),
  password: z.string().min(1),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if ((await getUserId(request)) !== null) throw redirect("/");
  return null;
}

// A document POST carries the action's headers (Retry-After) only through this export.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = LoginSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "login.required" }, { status: 400 });
  const r = await signIn({ email: parsed.data.email, password: parsed.data.password, address: context.clientAddress ?? null });
  if (r.ok) return createUserSession(request, r.userId, parsed.data.redirectTo ?? "/");
  if (r.error === "LOGIN_THROTTLED")
    return data({ error: r.error, retryAfterSeconds: r.retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(r.retryAfterSeconds) } });
  return data({ error: r.error }, { status: 400 });
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const nav = useNavigation();
  return (
    <div className="kb-login">
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t("login.title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t("login.subtitle")}</Typography.Paragraph>
        {result && "error" in result ? (
          <Alert
            type="error"
            showIcon
            title={"retryAfterSeconds" in result ? t.error(result.error, { seconds: Number(result.retryAfterSeconds) }) : t(result.error)}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form method="post" replace>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <AntForm.Item label={t("login.email")} layout="vertical" required>
            <Input name="email" type="email" autoComplete="username" autoFocus size="large" aria-label={t("login.email")} />
          </AntForm.Item>
          <AntForm.Item label={t("login.password")} layout="vertical" required>
            <Input.Password name="password" autoComplete="current-password" size="large" aria-label={t("login.password")} />
          </AntForm.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={nav.state !== "idle"}>
            {t("login.submit")}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t("login.demoHint")}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

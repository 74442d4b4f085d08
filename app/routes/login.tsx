import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, Form as AntForm, Input, Typography } from "antd";
import { z } from "zod";

import { getDb } from "~/db.server";
import { useT } from "~/i18n";
import { createUserSession, getUserId } from "~/session.server";

import { verifyPassword } from "../../db/password";
import { getUserByEmail } from "../../db/queries/workspaces";

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

// A real hash to compare against when the email is unknown, so both paths take the same time.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LoginSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "login.required" }, { status: 400 });
  const user = await getUserByEmail(getDb(), parsed.data.email);
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) return data({ error: "login.invalid" }, { status: 400 });
  return createUserSession(request, user.id, parsed.data.redirectTo ?? "/");
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
        {result && "error" in result ? <Alert type="error" showIcon title={t(result.error)} style={{ marginBottom: 16 }} /> : null}
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

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Form as AntForm, Input, Select, Space, Steps, Typography } from "antd";
import { type KeyboardEvent, type ReactNode, useEffect, useState } from "react";
import { z } from "zod";

import { useT } from "~/i18n";
import { completeOnboarding, onboardingState, REQUIRED_PROFILE } from "~/models/packs.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "开店引导 · KB Studio" }];

/** Main categories a shop can pick: the industries of training/packs (each has a pack), or 其他. */
const CATEGORIES = ["服装鞋包", "数码3C", "美妆个护", "食品生鲜", "家电家居", "母婴", "其他"] as const;

/**
 * The wizard's fields (form name → shop-profile key, the placeholder name of the pack templates).
 * Templates read {发货时间} as a duration ("…{发货时间}内发货") and {退货天数} as a bare number
 * ("{退货天数}天"), so the fields say so and the schema checks the number.
 */
const FIELDS = {
  shopName: "店铺名称",
  category: "主营类目",
  shipTime: "发货时间",
  courier: "快递公司",
  origin: "发货地",
  returnDays: "退货天数",
  returnAddress: "退货地址",
  hours: "客服工作时间",
} as const;
type FieldName = keyof typeof FIELDS;

const text = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");

const OnboardingSchema = z.object({
  shopName: text(40),
  category: z.enum(CATEGORIES, { message: "required" }),
  shipTime: text(20).refine((v) => !/内$/.test(v), "shipTimeSuffix"),
  courier: text(40),
  origin: text(40),
  returnDays: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, "returnDays"),
  returnAddress: z.string().trim().max(200, "tooLong").default(""),
  hours: text(60),
});

/** Which step each field is on, so that an error sends the trainer back there. */
const STEP_OF: Record<FieldName, number> = { shopName: 0, category: 0, shipTime: 1, courier: 1, origin: 1, returnDays: 2, returnAddress: 2, hours: 2 };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "managePacks");
  const state = await onboardingState(ctx.workspace.id);
  const values = Object.fromEntries(Object.entries(FIELDS).map(([name, key]) => [name, state.profile[key] ?? ""])) as Record<FieldName, string>;
  if (!values.shopName) values.shopName = ctx.workspace.name;
  return {
    slug: ctx.workspace.slug,
    onboarded: state.onboarded,
    missing: state.missing,
    requiredCount: REQUIRED_PROFILE.length,
    values,
    categories: [...CATEGORIES],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "managePacks");
  const form = await request.formData();
  const raw = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, String(form.get(k) ?? "")]));
  const parsed = OnboardingSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<FieldName, string>> = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path[0] as FieldName;
      fieldErrors[name] ??= issue.message;
    }
    return data({ fieldErrors, values: raw }, { status: 400 });
  }
  const profile: Record<string, string> = {};
  for (const [name, key] of Object.entries(FIELDS)) profile[key] = parsed.data[name as FieldName];
  await completeOnboarding({ workspaceId: ctx.workspace.id, userId: ctx.user.id, profile });
  throw redirect(`/w/${ctx.workspace.slug}/simulator?from=onboarding`);
}

export default function OnboardingPage() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const errors = result?.fieldErrors ?? {};
  const values = { ...loaderData.values, ...(result?.values ?? {}) } as Record<FieldName, string>;
  const firstErrorStep = Math.min(...Object.keys(errors).map((k) => STEP_OF[k as FieldName]), 3);
  const [step, setStep] = useState(firstErrorStep < 3 ? firstErrorStep : 0);
  const [category, setCategory] = useState(values.category || undefined);
  // After a failed submit, show the first step with an error.
  useEffect(() => {
    if (result && firstErrorStep < 3) setStep(firstErrorStep);
  }, [result, firstErrorStep]);
  // Enter in a field moves to the next step; it submits only on the last one.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && step < 2 && (e.target as HTMLElement).tagName === "INPUT" && (e.target as HTMLElement).getAttribute("role") !== "combobox") {
      e.preventDefault();
      setStep(step + 1);
    }
  };

  const field = (name: FieldName, control: ReactNode, opts: { required?: boolean } = {}) => (
    <AntForm.Item
      layout="vertical"
      label={t(`packs.onboarding.field.${name}`)}
      required={opts.required !== false}
      validateStatus={errors[name] ? "error" : undefined}
      help={errors[name] ? t(`packs.onboarding.error.${errors[name]}`) : t(`packs.onboarding.help.${name}`)}
    >
      {control}
    </AntForm.Item>
  );
  const input = (name: FieldName, placeholder: string) => (
    <Input name={name} defaultValue={values[name]} placeholder={placeholder} aria-label={t(`packs.onboarding.field.${name}`)} aria-invalid={!!errors[name]} />
  );
  const panel = (i: number, children: ReactNode) => (
    <div hidden={step !== i} role="group" aria-label={t(`packs.onboarding.step${i}`)}>
      {children}
    </div>
  );

  return (
    <div style={{ maxWidth: 760 }}>
      <div className="kb-page-head">
        <h1>{t("packs.onboarding.title")}</h1>
      </div>
      <Typography.Paragraph type="secondary">{t("packs.onboarding.intro")}</Typography.Paragraph>
      {loaderData.onboarded ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("packs.onboarding.again")} />
      ) : loaderData.missing.length < loaderData.requiredCount ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t("packs.onboarding.missing", { fields: loaderData.missing.join("、") })} />
      ) : null}
      <Card>
        <Steps
          current={step}
          onChange={setStep}
          style={{ marginBottom: 24 }}
          items={[0, 1, 2].map((i) => ({
            title: t(`packs.onboarding.step${i}`),
            status: Object.keys(errors).some((k) => STEP_OF[k as FieldName] === i) ? ("error" as const) : undefined,
          }))}
        />
        <Form method="post" aria-label={t("packs.onboarding.title")} onKeyDown={onKeyDown}>
          <input type="hidden" name="category" value={category ?? ""} />
          {panel(
            0,
            <>
              {field("shopName", input("shopName", "木棉小铺"))}
              {field(
                "category",
                <Select
                  aria-label={t("packs.onboarding.field.category")}
                  value={category}
                  onChange={(v: string) => setCategory(v)}
                  placeholder={t("packs.onboarding.pick")}
                  options={loaderData.categories.map((c) => ({ value: c, label: c === "其他" ? t("packs.onboarding.otherCategory") : c }))}
                />,
              )}
            </>,
          )}
          {panel(
            1,
            <>
              {field("shipTime", input("shipTime", "48小时"))}
              {field("courier", input("courier", "中通快递"))}
              {field("origin", input("origin", "浙江杭州"))}
            </>,
          )}
          {panel(
            2,
            <>
              {field("returnDays", input("returnDays", "7"))}
              {field("returnAddress", input("returnAddress", "浙江省杭州市余杭区××路1号 木棉小铺售后组 收 138****0000"), { required: false })}
              {field("hours", input("hours", "每天 9:00-23:00"))}
            </>,
          )}
          <Space>
            {step > 0 ? <Button onClick={() => setStep(step - 1)}>{t("packs.onboarding.prev")}</Button> : null}
            {step < 2 ? (
              <Button type="primary" onClick={() => setStep(step + 1)}>
                {t("packs.onboarding.next")}
              </Button>
            ) : null}
            {step === 2 ? (
              <Button type="primary" htmlType="submit" loading={nav.state !== "idle"}>
                {t("packs.onboarding.finish")}
              </Button>
            ) : null}
          </Space>
        </Form>
      </Card>
    </div>
  );
}

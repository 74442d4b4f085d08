import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Card } from "antd";

import { FaqForm } from "~/components/FaqForm";
import { PageHead } from "~/components/page/PageHead";
import { useT } from "~/i18n";
import { listCategories, MAX_RELATED } from "~/models/faq.server";
import { handleFaqSave } from "~/models/faq-form.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "新建问题 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "editKnowledge");
  const categories = await listCategories(ctx.workspace.id);
  const url = new URL(request.url);
  const preset = Number(url.searchParams.get("category"));
  return {
    slug: ctx.workspace.slug,
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    question: url.searchParams.get("question")?.slice(0, 200) ?? "",
    categoryId: categories.find((c) => c.id === preset)?.id ?? null,
    maxRelated: MAX_RELATED,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "editKnowledge");
  return handleFaqSave(ctx, await request.formData());
}

export default function NewFaq() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div>
      <PageHead back={`/w/${data.slug}/faqs`} title={t("faq.new.title")} />
      <Card>
        <FaqForm
          slug={data.slug}
          categories={data.categories}
          maxRelated={data.maxRelated}
          values={{ question: data.question, answer: "", categoryId: data.categoryId, variants: [], keywords: [], related: [], enabled: true }}
          errors={result?.fieldErrors}
          conflicts={result?.conflicts}
        />
      </Card>
    </div>
  );
}

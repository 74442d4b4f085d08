/** The FAQ form schema, shared by the client and the new/edit actions. */
import { z } from "zod";

export const FaqFormSchema = z.object({
  intent: z.literal("save"),
  question: z.string().default(""),
  answer: z.string().default(""),
  categoryId: z.coerce.number().int().nonnegative().catch(0),
  variants: z.string().default(""),
  keywords: z.string().default(""),
  related: z.array(z.coerce.number().int().positive()).default([]),
  enabled: z.enum(["0", "1"]).default("1"),
});

export type FaqForm = z.infer<typeof FaqFormSchema>;

export function readFaqForm(form: FormData) {
  return FaqFormSchema.parse({
    intent: form.get("intent"),
    question: form.get("question") ?? undefined,
    answer: form.get("answer") ?? undefined,
    categoryId: form.get("categoryId") ?? undefined,
    variants: form.get("variants") ?? undefined,
    keywords: form.get("keywords") ?? undefined,
    related: form.getAll("related"),
    enabled: form.get("enabled") ?? undefined,
  });
}

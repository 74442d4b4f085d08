/**
 * The bot API's contract, in one place: the zod schemas the route validates with and answers by,
 * and the OpenAPI 3.1 document generated from the same schemas (issue 15 item 17), served at
 * /api/v1/openapi.json. A field added to a schema is documented by that alone.
 */
import { z } from "zod";

import { DECISIONS } from "../training/decisions";

// The schemas the document names (components/schemas/<id>); its own registry, not zod's global one.
const api = z.registry<{ id: string }>();

export const MAX_MESSAGE_LENGTH = 500;
export const MAX_SESSION_ID_LENGTH = 128;
export const MAX_PRODUCT_ID_LENGTH = 64;

export const BotReplyRequestSchema = z
  .object({
    sessionId: z
      .string()
      .trim()
      .min(1, "sessionId is required")
      .max(MAX_SESSION_ID_LENGTH, `sessionId is longer than ${MAX_SESSION_ID_LENGTH} characters`)
      .describe("The buyer's conversation in your channel; turns with the same id share context (follow-ups, repeated failures)."),
    text: z
      .string()
      .trim()
      .min(1, "text is empty")
      .max(MAX_MESSAGE_LENGTH, `text is longer than ${MAX_MESSAGE_LENGTH} characters`)
      .describe("What the buyer wrote."),
    productId: z
      .string()
      .trim()
      .min(1, "productId is empty")
      .max(MAX_PRODUCT_ID_LENGTH, `productId is longer than ${MAX_PRODUCT_ID_LENGTH} characters`)
      .optional()
      .describe(
        "The platform's 商品ID of the product the buyer is looking at (as 千牛 passes it). The session remembers it: later turns without it are about the same product. Attribute questions (这款是纯棉的吗, 我165 100斤穿什么码) are answered from that product in the catalogue.",
      ),
  })
  .register(api, { id: "BotReplyRequest" });

const Decision = z.enum(DECISIONS).describe("answer, clarify (您是不是想问), no_answer (the fallback reply) or transfer (转人工).");

export const BotSuggestionSchema = z
  .object({
    faqId: z.number().int(),
    question: z.string(),
    confidence: z.number().min(0).max(1),
    answer: z.string().optional().describe("Assisted mode only: the answer a human agent may send."),
  })
  .register(api, { id: "BotSuggestion" });

export const BotReplyResponseSchema = z
  .object({
    decision: Decision,
    faqId: z.number().int().nullable().describe("The answered FAQ, or the best candidate; null when nothing matched."),
    question: z.string().nullable().describe("The standard question of faqId, or null."),
    answer: z.string().nullable().describe("The FAQ's answer when decision is answer (null in assisted mode)."),
    suggestions: z.array(BotSuggestionSchema).describe("answer: related FAQs; clarify: the options; assisted mode: the top answers for an agent."),
    confidence: z.number().min(0).max(1),
    reason: z
      .enum(["human_requested", "repeated_failure", "negative_emotion", "sensitive_keyword"])
      .nullable()
      .describe("Why the bot transfers (decision transfer), else null."),
    latencyMs: z.number().describe("Time of the decision itself, in milliseconds."),
    mode: z.enum(["auto", "assisted"]).describe("auto: the bot replies; assisted (辅助模式): a human agent sends the reply."),
    reply: z.string().nullable().describe("The text your channel should send to the buyer (null in assisted mode)."),
    productId: z.string().nullable().describe("The product this turn was about (given now or remembered by the session), or null; unknown 商品IDs are null."),
    productAnswer: z
      .enum(["attribute", "size", "missing"])
      .nullable()
      .describe(
        "The reply came from the product: an attribute, size advice, or an honest 这个信息暂时没有 for what the product lacks; null when an FAQ answered.",
      ),
  })
  .register(api, { id: "BotReplyResponse" });

export type BotReplyResponse = z.infer<typeof BotReplyResponseSchema>;

export const ApiErrorSchema = z
  .object({
    error: z.enum(["bad_request", "invalid_json", "unauthorized", "method_not_allowed", "payload_too_large"]),
    message: z.string().optional(),
    limit: z.number().int().optional().describe("payload_too_large: the limit in bytes."),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .register(api, { id: "ApiError" });

/** The OpenAPI 3.1 document of the bot API. */
export function openApiDocument(serverUrl?: string) {
  // draft-2020-12 is OpenAPI 3.1's dialect; references between schemas point into components.
  const { schemas } = z.toJSONSchema(api, { target: "draft-2020-12", unrepresentable: "any", io: "output", uri: (id) => `#/components/schemas/${id}` });
  const components = Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, id: _id, ...rest }]) => [id, rest]));
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const errorRef = ref("ApiError");
  const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: errorRef } } });
  return {
    openapi: "3.1.0",
    info: {
      title: "KB Studio bot API",
      version: "1.0.0",
      description:
        "The shop's customer-service bot for its own channels. Create a key in 设置 → API 密钥 and send it as `Authorization: Bearer kbs_…`. Every call is stored as a conversation turn.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths: {
      "/api/v1/bot/reply": {
        post: {
          operationId: "botReply",
          summary: "One buyer message → the bot's decision and reply",
          security: [{ bearerKey: [] }],
          requestBody: { required: true, content: { "application/json": { schema: ref("BotReplyRequest") } } },
          responses: {
            "200": { description: "The decision", content: { "application/json": { schema: ref("BotReplyResponse") } } },
            "400": errorResponse("Bad JSON, or a field is missing or too long (`message` names it)"),
            "401": errorResponse("No key, or a revoked one"),
            "405": errorResponse("Not POST"),
            "413": errorResponse("The body is larger than 64 KB"),
          },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: { bearerKey: { type: "http", scheme: "bearer", description: "A workspace API key (kbs_…)" } },
    },
  };
}

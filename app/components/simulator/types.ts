import type { BotReply } from "~/models/bot.server";

/** One exchange of the simulated conversation: what the customer said and the bot's reply. */
export interface Turn {
  id: number;
  text: string;
  reply: BotReply;
}

/** What the simulator route's action answers (routes/w.$slug.simulator.tsx, as it returns it). */
export type SimulatorActionData =
  | { intent: "send"; text: string; reply: BotReply }
  | { intent: "addVariant"; ok: true; faqId: number; question: string }
  | { intent: "addVariant"; ok: false; error: string; conflict: { text: string; faqId: number; question: string } | null }
  | { intent: "error"; error: string };

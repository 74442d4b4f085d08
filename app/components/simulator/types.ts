import type { BotReply } from "~/models/bot.server";

/** One exchange of the simulated conversation: what the customer said and the bot's reply. */
export interface Turn {
  id: number;
  text: string;
  reply: BotReply;
}

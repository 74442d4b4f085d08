import { useFetcher } from "@remix-run/react";
import type { InputRef } from "antd";
import { useCallback, useEffect, useId, useRef, useState } from "react";

import type { BotReply } from "~/models/bot.server";
import type { action as simulatorAction } from "~/routes/w.$slug.simulator";

/** One exchange of the simulated conversation: what the customer said and the bot's reply. */
export interface Turn {
  id: number;
  text: string;
  reply: BotReply;
}

/**
 * The messages sent and the answers taken in, counted over the page's life (a new session only
 * clears the turns): one more sent than answered is a message waiting for its reply.
 */
interface Exchange {
  turns: Turn[];
  sent: number;
  answered: number;
  /** The last answer taken in: an answer counts once however often the effect sees it. */
  last: unknown;
}

function newSessionId() {
  return Math.random().toString(36).slice(2, 12);
}

/**
 * The simulated conversation: its session, its turns, the message waiting for its reply, and the
 * replay of a test case's turns (`replay`, from ?suite=&case=), sent one after the other in one
 * session, each once its previous turn's reply is in: the case's follow-ups need their history.
 *
 * Everything is derived from what has been sent and answered, not from the fetcher's state
 * transitions: case turn i goes out when exactly i answers are in and nothing is waiting, and at
 * most once (`replayed`), so a render more or less between a submit and the fetcher's
 * "submitting" can neither send a turn twice (aborting the first's request) nor skip one. No effect
 * sets state without a change to take in, so none can loop.
 *
 * The replay also waits for the engine badge's first status (`statusKey`, given to EngineStatus).
 * That first fetcher.load is still discovering its route (v3_lazyRouteDiscovery) while the page
 * mounts, and the router revalidates every loaded fetcher after an action: an answer that came back
 * before the discovery finished made the revalidation find no route for the badge's fetcher, a 404
 * at the root error boundary, whose new <html> antd's styles could not be inserted into (no <head>
 * yet), again and again: the page hung, the replay never shown. (A typed message would have to be
 * sent and answered within that first status's round trip.)
 */
export function useConversation({ replay, version, productId }: { replay: string[] | null; version: "draft" | "published"; productId: string | null }) {
  const send = useFetcher<typeof simulatorAction>();
  const { submit } = send;
  const statusKey = `engine-status${useId()}`;
  // Once in, the status stays (each later poll keeps it until the next one lands): monotonic, so a render behind the router cannot mislead.
  const statusKnown = useFetcher({ key: statusKey }).data !== undefined;
  const [sessionId, setSessionId] = useState(newSessionId);
  const [exchange, setExchange] = useState<Exchange>({ turns: [], sent: 0, answered: 0, last: undefined });
  const [selected, setSelected] = useState<number | null>(null);
  const inputRef = useRef<InputRef>(null);
  /** How many of the replayed case's turns have been sent. */
  const replayed = useRef(0);
  const waiting = exchange.sent > exchange.answered;
  const busy = waiting || send.state !== "idle";

  // An answer is taken in once the fetcher is idle again (the page's other loaders revalidated), as
  // the trainer then may send the next message; only a new answer (an identity not yet taken in) changes anything.
  const result = send.state === "idle" ? send.data : undefined;
  useEffect(() => {
    if (!result) return;
    setExchange((x) =>
      x.last === result
        ? x
        : {
            ...x,
            last: result,
            answered: x.answered + 1,
            turns: result.intent === "send" ? [...x.turns, { id: x.turns.length + 1, text: result.text, reply: result.reply }] : x.turns,
          },
    );
    if (result.intent !== "send") return;
    setSelected(null);
    // Back to the chat box for the next question, unless the trainer has moved on to a dialog
    // (存为测试用例): taking the focus from it would close its open dropdown mid-choice.
    if (!document.activeElement?.closest('[role="dialog"]')) inputRef.current?.focus();
  }, [result]);

  const post = useCallback(
    (text: string) => {
      setExchange((x) => ({ ...x, sent: x.sent + 1 }));
      submit({ intent: "send", sessionId, text, version, ...(productId ? { productId } : {}) }, { method: "post" });
    },
    [submit, sessionId, version, productId],
  );

  useEffect(() => {
    const i = replayed.current;
    if (!replay || i >= replay.length || !statusKnown || busy || exchange.answered !== i) return;
    replayed.current = i + 1;
    post(replay[i]);
  }, [replay, statusKnown, busy, exchange.answered, post]);

  /** Sends what the trainer typed or clicked; false (nothing sent) while a reply is awaited. */
  const ask = (q: string) => {
    const v = q.trim();
    if (!v || busy) return false;
    post(v);
    return true;
  };

  /** A new session: the bot forgets the conversation (another product is another conversation too). */
  const restart = () => {
    setSessionId(newSessionId());
    setExchange((x) => ({ ...x, turns: [] }));
    setSelected(null);
  };

  const { turns } = exchange;
  return {
    turns,
    selected,
    setSelected,
    /** The turn the analysis shows: the clicked one, else the latest. */
    current: selected === null ? turns[turns.length - 1] : turns.find((x) => x.id === selected),
    /** The message waiting for its reply, shown greyed after the turns. */
    pending: send.state !== "idle" ? (send.formData?.get("text") as string | null) : null,
    loading: send.state !== "idle",
    ask,
    restart,
    inputRef,
    /** For EngineStatus: the replay waits for its first status. */
    statusKey,
  };
}

import { useFetcher } from "@remix-run/react";
import type { InputRef } from "antd";
import { useEffect, useRef, useState } from "react";

import type { action as simulatorAction } from "~/routes/w.$slug.simulator";

import type { Turn } from "./types";

export function newSessionId() {
  return Math.random().toString(36).slice(2, 12);
}

/**
 * The simulator's conversation: the session, its turns, the chat box, and the customer turns of a
 * replayed test case sent one at a time through the route's "send" action.
 */
export function useSimulatorChat({
  initialVersion,
  initialProduct,
  replay,
}: {
  initialVersion: "draft" | "published";
  initialProduct: string | null;
  replay: { texts: string[] } | null;
}) {
  const [version, setVersion] = useState<"draft" | "published">(initialVersion);
  const send = useFetcher<typeof simulatorAction>();
  const [sessionId, setSessionId] = useState(newSessionId);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState("");
  const [selected, setSelected] = useState<number | null>(null);
  const [productId, setProductId] = useState<string | null>(initialProduct);
  const inputRef = useRef<InputRef>(null);
  /** What the customer still has to say of a replayed test case, sent one after the other. */
  const [queue, setQueue] = useState<string[]>(() => replay?.texts ?? []);
  const bottomRef = useRef<HTMLDivElement>(null);

  /**
   * True from a replayed turn's submit until its reply is in: the fetcher's state turns to
   * "submitting" a render later than the submit, and a second submit in between would abort the
   * first turn's request (its reply never shown, the follow-up asked without its history).
   */
  const inFlight = useRef(false);
  useEffect(() => {
    if (send.state !== "idle") return;
    inFlight.current = false;
    const d = send.data;
    if (d && d.intent === "send") {
      setTurns((prev) => (prev.some((p) => p.reply === d.reply) ? prev : [...prev, { id: prev.length + 1, text: d.text, reply: d.reply }]));
      setSelected(null);
      // Back to the chat box for the next question, unless the trainer has moved on to a dialog
      // (存为测试用例): taking the focus from it would close its open dropdown mid-choice.
      if (!document.activeElement?.closest('[role="dialog"]')) inputRef.current?.focus();
    }
  }, [send.state, send.data]);
  useEffect(() => {
    // In braces: newer browsers return a promise from scrollIntoView, and an effect must not return one.
    bottomRef.current?.scrollIntoView({ block: "end" });
  }, [turns.length]);

  const ask = (q: string) => {
    const v = q.trim();
    if (!v || send.state !== "idle" || inFlight.current) return;
    inFlight.current = true;
    send.submit({ intent: "send", sessionId, text: v, version, ...(productId ? { productId } : {}) }, { method: "post" });
    setText("");
  };
  useEffect(() => {
    // One turn at a time, in order, each in the same session: the case's follow-ups need their history.
    if (!queue.length || send.state !== "idle" || inFlight.current) return;
    const [next, ...rest] = queue;
    inFlight.current = true;
    send.submit({ intent: "send", sessionId, text: next, version, ...(productId ? { productId } : {}) }, { method: "post" });
    setQueue(rest);
  }, [queue, send, sessionId, version, productId]);
  const current = selected === null ? turns[turns.length - 1] : turns.find((x) => x.id === selected);
  const pending = send.state !== "idle" ? (send.formData?.get("text") as string | null) : null;

  return {
    version,
    setVersion,
    sending: send.state !== "idle",
    setSessionId,
    turns,
    setTurns,
    text,
    setText,
    selected,
    setSelected,
    productId,
    setProductId,
    inputRef,
    bottomRef,
    ask,
    current,
    pending,
  };
}

export type SimulatorChat = ReturnType<typeof useSimulatorChat>;

import { SendOutlined } from "@ant-design/icons";
import { Button, Card, Input, Space } from "antd";

import { useT } from "~/i18n";

import { ChatTurn } from "./ChatTurn";
import type { SimulatorChat } from "./use-simulator-chat";

/** The chat: the welcome bubble and its cards, the turns so far, the message being sent, and the chat box. */
export function ChatPanel({
  welcome,
  maxLength,
  chat,
}: {
  welcome: { message: string; cards: { id: number; question: string }[] };
  maxLength: number;
  chat: SimulatorChat;
}) {
  const { turns, selected, setSelected, pending, bottomRef, inputRef, text, setText, sending, ask } = chat;
  const t = useT();
  return (
    <Card className="kb-chat" styles={{ body: { padding: 0 } }}>
      <div className="kb-chat-log" aria-live="polite">
        <div className="kb-msg kb-msg-bot">
          <div className="kb-bubble">
            <div className="kb-answer">{welcome.message}</div>
            {welcome.cards.length ? (
              <div className="kb-cards">
                {welcome.cards.map((c) => (
                  <Button key={c.id} size="small" onClick={() => ask(c.question)}>
                    {c.question}
                  </Button>
                ))}
              </div>
            ) : null}
          </div>
        </div>
        {turns.map((turn) => (
          <ChatTurn key={turn.id} turn={turn} selected={selected === turn.id} onSelect={() => setSelected(turn.id)} ask={ask} />
        ))}
        {pending ? (
          <div className="kb-msg kb-msg-user">
            <div className="kb-bubble kb-muted">{pending}</div>
          </div>
        ) : null}
        <div ref={bottomRef} />
      </div>
      <div className="kb-chat-input">
        <Space.Compact style={{ width: "100%" }}>
          <Input
            ref={inputRef}
            autoFocus
            value={text}
            maxLength={maxLength}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={() => ask(text)}
            placeholder={t("bot.sim.placeholder")}
            aria-label={t("bot.sim.placeholder")}
          />
          <Button type="primary" icon={<SendOutlined />} onClick={() => ask(text)} loading={sending}>
            {t("bot.sim.send")}
          </Button>
        </Space.Compact>
      </div>
    </Card>
  );
}

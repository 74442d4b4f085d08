import { Typography } from "antd";

/** An answer template as the pack pages show it: secondary, small, line breaks kept. */
export function TemplateText({ text }: { text: string }) {
  return (
    <Typography.Text type="secondary" style={{ whiteSpace: "pre-wrap", fontSize: 12 }}>
      {text}
    </Typography.Text>
  );
}

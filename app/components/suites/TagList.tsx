import { Space, Tag } from "antd";

/** A case's tags (售后, 大促, 回归 …) as small tags in a table cell. */
export function TagList({ tags }: { tags: string[] }) {
  return (
    <Space size={2} wrap>
      {tags.map((x) => (
        <Tag key={x}>{x}</Tag>
      ))}
    </Space>
  );
}

import { UploadOutlined } from "@ant-design/icons";
import { Form } from "@remix-run/react";
import { Button, Space, Typography } from "antd";
import type { ReactNode } from "react";

/**
 * The first step of an upload: one file (posted as multipart `file`), the page's own options, the
 * primary upload button and the size limit, the same on every import page.
 */
export function ImportUploadForm(props: {
  accept: string;
  fileLabel: string;
  maxMb: number;
  busy: boolean;
  submit: ReactNode;
  testId?: string;
  /** Options posted with the file, between it and the button. */
  children?: ReactNode;
}) {
  return (
    <Form method="post" encType="multipart/form-data">
      <Space wrap>
        <input type="file" name="file" accept={props.accept} aria-label={props.fileLabel} required />
        {props.children}
        <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={props.busy} data-testid={props.testId}>
          {props.submit}
        </Button>
        <Typography.Text type="secondary">≤ {props.maxMb} MB</Typography.Text>
      </Space>
    </Form>
  );
}

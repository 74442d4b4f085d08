import {
  ApiOutlined,
  AppstoreAddOutlined,
  AuditOutlined,
  BookOutlined,
  CloudUploadOutlined,
  CommentOutlined,
  ExperimentOutlined,
  HeartOutlined,
  HistoryOutlined,
  InboxOutlined,
  LineChartOutlined,
  LogoutOutlined,
  MessageOutlined,
  SettingOutlined,
  ShoppingOutlined,
  SwapOutlined,
  TagsOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { Form, Link, useLocation, useNavigate } from "@remix-run/react";
import { Button, Layout, Menu, Select, Space, Tag, Tooltip } from "antd";
import type { ReactNode } from "react";

import { type Locale, useT } from "~/i18n";
import { can, type Role } from "~/permissions";

export interface ShellProps {
  user: { email: string; name: string };
  workspace: { slug: string; name: string };
  role: Role;
  workspaces: { slug: string; name: string; role: Role }[];
  children: ReactNode;
}

export function AppShell({ user, workspace, role, workspaces, children }: ShellProps) {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const base = `/w/${workspace.slug}`;
  const items = [
    {
      type: "group" as const,
      label: t("nav.data"),
      children: [
        { key: `${base}/metrics`, icon: <LineChartOutlined />, label: <Link to={`${base}/metrics`}>{t("nav.metrics")}</Link> },
        { key: `${base}/metrics/faqs`, icon: <HeartOutlined />, label: <Link to={`${base}/metrics/faqs`}>{t("nav.metricsFaqs")}</Link> },
      ],
    },
    {
      type: "group" as const,
      label: t("nav.knowledge"),
      children: [
        {
          key: `${base}/faqs`,
          icon: <BookOutlined />,
          label: (
            <Link to={`${base}/faqs`} prefetch="intent">
              {t("nav.faqs")}
            </Link>
          ),
        },
        { key: `${base}/categories`, icon: <TagsOutlined />, label: <Link to={`${base}/categories`}>{t("nav.categories")}</Link> },
        { key: `${base}/products`, icon: <ShoppingOutlined />, label: <Link to={`${base}/products`}>{t("nav.products")}</Link> },
        { key: `${base}/import`, icon: <CloudUploadOutlined />, label: <Link to={`${base}/import`}>{t("nav.import")}</Link> },
        { key: `${base}/synonyms`, icon: <SwapOutlined />, label: <Link to={`${base}/synonyms`}>{t("nav.synonyms")}</Link> },
        { key: `${base}/packs`, icon: <AppstoreAddOutlined />, label: <Link to={`${base}/packs`}>{t("nav.packs")}</Link> },
        { key: `${base}/audit`, icon: <AuditOutlined />, label: <Link to={`${base}/audit`}>{t("nav.audit")}</Link> },
      ],
    },
    {
      type: "group" as const,
      label: t("nav.bot"),
      children: [
        { key: `${base}/simulator`, icon: <MessageOutlined />, label: <Link to={`${base}/simulator`}>{t("nav.simulator")}</Link> },
        { key: `${base}/versions`, icon: <HistoryOutlined />, label: <Link to={`${base}/versions`}>{t("nav.versions")}</Link> },
        { key: `${base}/suites`, icon: <ExperimentOutlined />, label: <Link to={`${base}/suites`}>{t("nav.suites")}</Link> },
        { key: `${base}/logs`, icon: <CommentOutlined />, label: <Link to={`${base}/logs`}>{t("nav.logs")}</Link> },
        { key: `${base}/logs/inbox`, icon: <InboxOutlined />, label: <Link to={`${base}/logs/inbox`}>{t("nav.inbox")}</Link> },
      ],
    },
    ...(can(role, "manageMembers")
      ? [
          {
            type: "group" as const,
            label: t("nav.admin"),
            children: [
              { key: `${base}/settings`, icon: <SettingOutlined />, label: <Link to={`${base}/settings`}>{t("nav.settings")}</Link> },
              { key: `${base}/api-keys`, icon: <ApiOutlined />, label: <Link to={`${base}/api-keys`}>{t("nav.apiKeys")}</Link> },
              { key: `${base}/members`, icon: <TeamOutlined />, label: <Link to={`${base}/members`}>{t("nav.members")}</Link> },
            ],
          },
        ]
      : []),
  ];
  const flat = items.flatMap((g) => g.children);
  const selected = flat
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  const here = location.pathname + location.search;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="kb-header">
        <Link to="/" className="kb-brand">
          {t("app.name")}
        </Link>
        <Select
          aria-label={t("nav.workspace")}
          value={workspace.slug}
          style={{ minWidth: 180 }}
          options={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
          onChange={(slug) => navigate(`/w/${slug}/faqs`)}
        />
        <div className="kb-header-right">
          <Form method="post" action="/resources/locale" reloadDocument>
            <input type="hidden" name="redirectTo" value={here} />
            <Space.Compact>
              {(["zh-CN", "en"] as Locale[]).map((l) => (
                <Button key={l} size="small" htmlType="submit" name="locale" value={l} type={t.locale === l ? "primary" : "default"}>
                  {l === "zh-CN" ? "中文" : "EN"}
                </Button>
              ))}
            </Space.Compact>
          </Form>
          <Tooltip title={user.email}>
            <span>{user.name || user.email}</span>
          </Tooltip>
          <Tag color="blue">{t(`role.${role}`)}</Tag>
          <Form method="post" action="/logout">
            <Button size="small" icon={<LogoutOutlined />} htmlType="submit">
              {t("nav.logout")}
            </Button>
          </Form>
        </div>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu mode="inline" selectedKeys={selected} items={items} style={{ height: "100%", borderRight: 0 }} />
        </Layout.Sider>
        <Layout.Content className="kb-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}

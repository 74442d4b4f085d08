import type { ThemeConfig } from "antd";

/** One theme for the server-extracted CSS (scripts/build.ts) and the running app (root.tsx). */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: "#1677ff",
    borderRadius: 6,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Segoe UI', Roboto, sans-serif",
  },
};

/**
 * Production build: the antd component CSS extracted once (server rendering then needs no
 * CSS-in-JS at request time, see ../shared/stack.md), then `remix build`.
 */
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createElement } from "react";
import { extractStyle } from "@ant-design/static-style-extract";
import { ConfigProvider } from "antd";
import { theme } from "../app/theme";

export function buildCss(root = process.cwd()) {
  const css = extractStyle((node) => createElement(ConfigProvider, { theme }, node));
  const out = path.join(root, "public/styles/antd.css");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, css);
  return out;
}

export function build(root = process.cwd()) {
  const t0 = Date.now();
  process.stderr.write("building: extracting antd styles…\n");
  buildCss(root);
  process.stderr.write("building: remix build…\n");
  execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  process.stderr.write(`building: done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) build();

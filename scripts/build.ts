/**
 * Production build: the antd component CSS extracted once (server rendering then needs no
 * CSS-in-JS at request time, see ../shared/stack.md), then `remix build`.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { extractStyle } from "@ant-design/static-style-extract";
import { ConfigProvider } from "antd";
import { createElement } from "react";

import { theme } from "../app/theme";

export function buildCss(root = process.cwd()) {
  // Rendering every antd component on the server prints deprecation and SSR notices that say
  // nothing about our app: keep them out of the build output.
  const { warn, error } = console;
  console.warn = console.error = () => undefined;
  let css: string;
  try {
    css = extractStyle((node) => createElement(ConfigProvider, { theme }, node));
  } finally {
    console.warn = warn;
    console.error = error;
  }
  const out = path.join(root, "public/styles/antd.css");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, css);
  return out;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(tsx?|css|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function needsBuild(root = process.cwd()) {
  const out = path.join(root, "build/index.js");
  if (!fs.existsSync(out) || !fs.existsSync(path.join(root, "public/styles/antd.css"))) return true;
  const built = fs.statSync(out).mtimeMs;
  return ["app", "db", "training"].some((d) => newestMtime(path.join(root, d)) > built);
}

export function build(root = process.cwd()) {
  const t0 = Date.now();
  process.stderr.write("building: extracting antd styles…\n");
  buildCss(root);
  process.stderr.write("building: remix build…\n");
  execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    // Always a production build: one built under NODE_ENV=test (vitest) would call the dev JSX
    // runtime, which the production server does not have.
    env: { ...process.env, NODE_ENV: "production" },
  });
  process.stderr.write(`building: done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) build();

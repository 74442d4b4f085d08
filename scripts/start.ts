/**
 * `npm start`: build if needed, migrate, seed the demo workspace on an empty database, listen.
 */
import { build, needsBuild } from "./build";

const root = process.cwd();

async function main() {
  if (process.env.KB_SKIP_BUILD !== "1" && needsBuild(root)) build(root);
  process.env.NODE_ENV ??= "production";
  const { getEnv } = await import("../app/env.server");
  const env = getEnv();
  if (!env.SESSION_SECRET_SET) console.warn("[kb-studio] SESSION_SECRET is not set: using a random secret (sessions end on restart)");
  const { createDb, migrateDb } = await import("../db/client");
  const db = createDb(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  await migrateDb(db);
  const { isDatabaseEmpty, seedDemo, DEMO_USERS, DEMO_PASSWORD } = await import("../db/seed/seed");
  let seeded = false;
  if (process.env.KB_NO_SEED !== "1" && (await isDatabaseEmpty(db))) {
    await seedDemo(db);
    seeded = true;
  }
  db.$client.close();
  const { createApp, listen, loadBuild } = await import("../server");
  const app = createApp(await loadBuild(root), root);
  const { port } = await listen(app, env.PORT);
  const url = `http://localhost:${port}`;
  console.log(`KB Studio 知识库训练工作台 is running: ${url}`);
  console.log(`database: ${env.DATABASE_URL}${seeded ? " (demo workspace seeded)" : ""}`);
  console.log(
    `demo login 演示账号: ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}  (also ${DEMO_USERS.slice(1)
      .map((u) => u.email)
      .join(", ")}; same password)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

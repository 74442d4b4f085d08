import { getDb } from "~/db.server";

export async function loader() {
  await getDb().$client.execute("select 1");
  return Response.json({ ok: true });
}

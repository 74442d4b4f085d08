/**
 * `kb apikeys:create --workspace SLUG --name NAME [--json]` (issue 11): a new bot API key, printed
 * once (only its hash is stored, as when an admin creates one on the API 密钥 page), so that a
 * script can test the shop's own POST /api/v1/bot/reply as an external suite target.
 */
import { createApiKey } from "../../db/queries/bot";
import { type Command, printJson, requireString, UsageError, withWorkspace } from "../cli";

export const apikeysCreate: Command = {
  name: "apikeys:create",
  summary: "Create a bot API key for a workspace and print it once (it cannot be shown again).",
  usage: "apikeys:create --workspace SLUG --name NAME [--json]",
  options: { workspace: { type: "string" }, name: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const slug = requireString(values, "workspace");
    const name = requireString(values, "name").trim();
    if (!name || name.length > 60) throw new UsageError("--name must have 1 to 60 characters");
    return withWorkspace(slug, async (db, ws) => {
      const { id, key } = await createApiKey(db, { workspaceId: ws.id, name, userId: null });
      if (values.json) printJson({ id, name, workspace: ws.slug, key });
      else process.stdout.write(`${key}\n`);
      return 0;
    });
  },
};

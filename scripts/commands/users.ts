import { createUser, ensureWorkspace, getUserByEmail, setMembership, setPassword } from "../../db/queries/workspaces";
import { type Role, ROLES } from "../../db/schema";
import { type Command, printJson, requireString, UsageError, withDb } from "../cli";

export const usersCreate: Command = {
  name: "users:create",
  summary: "Create a user (or update the password of an existing one) and give them a role in a workspace, creating the workspace when it does not exist yet.",
  usage: "users:create --email E --password P --role admin|trainer|qa|manager --workspace SLUG [--name NAME] [--json]",
  options: {
    email: { type: "string" },
    password: { type: "string" },
    role: { type: "string" },
    workspace: { type: "string" },
    name: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values }) {
    const email = requireString(values, "email");
    const password = requireString(values, "password");
    const role = requireString(values, "role");
    const slug = requireString(values, "workspace");
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
    if (password.length < 8) throw new UsageError("--password must have at least 8 characters");
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError(`--email "${email}" is not an email address`);
    return withDb(async (db) => {
      // A new shop starts with the generic pack subscribed (issue 5).
      const ws = await ensureWorkspace(db, { slug, name: slug, defaultPacks: true });
      const existing = await getUserByEmail(db, email);
      let userId: number;
      if (existing) {
        userId = existing.id;
        await setPassword(db, userId, password);
      } else userId = (await createUser(db, { email, password, name: typeof values.name === "string" ? values.name : "" })).id;
      await setMembership(db, { userId, workspaceId: ws.id, role: role as Role });
      const out = { userId, email: email.toLowerCase(), workspace: ws.slug, role, created: !existing };
      if (values.json) printJson(out);
      else console.log(`${out.created ? "created" : "updated"} ${out.email} as ${role} in workspace ${ws.slug}`);
      return 0;
    });
  },
};

/**
 * `kb metrics --workspace SLUG [--from DATE --to DATE] [--channel api|logs|all] [--json]` (issue 12):
 * the dashboard's overview numbers from the same db/queries/metrics.ts, dates as China days
 * (inclusive; default the last 30 days), the JSON object on the last line.
 */
import { DAY_MS, dayOf, dayStart, METRIC_CHANNELS, type MetricChannel, overview, overviewJson } from "../../db/queries/metrics";
import { type Command, printJson, requireString, UsageError, withWorkspace } from "../cli";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export const metricsCommand: Command = {
  name: "metrics",
  summary: "Print the dashboard's overview numbers (hit, clarify, no-answer, transfer and containment rates, labeled accuracy) for a range and channel.",
  usage: "metrics --workspace SLUG [--from YYYY-MM-DD --to YYYY-MM-DD] [--channel api|logs|all] [--json]",
  options: { workspace: { type: "string" }, from: { type: "string" }, to: { type: "string" }, channel: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const slug = requireString(values, "workspace");
    const channel = (values.channel ?? "all") as MetricChannel;
    if (!METRIC_CHANNELS.includes(channel)) throw new UsageError(`--channel must be one of ${METRIC_CHANNELS.join(", ")}`);
    for (const k of ["from", "to"] as const)
      if (values[k] !== undefined && !DAY_RE.test(String(values[k]))) throw new UsageError(`--${k} must be a date YYYY-MM-DD`);
    const to = (values.to as string | undefined) ?? dayOf(Date.now());
    const from = (values.from as string | undefined) ?? dayOf(dayStart(to) - 29 * DAY_MS);
    if (from > to) throw new UsageError("--from must not be after --to");
    return withWorkspace(slug, async (db, ws) => {
      const o = overviewJson(await overview(db, { workspaceId: ws.id, from: dayStart(from), to: dayStart(to) + DAY_MS, channel }));
      if (values.json) printJson({ from, to, channel, ...o });
      else {
        process.stdout.write(`${ws.name} ${from} – ${to} (${channel})\n`);
        for (const [k, v] of Object.entries(o)) process.stdout.write(`  ${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : (v ?? "—")}\n`);
      }
      return 0;
    });
  },
};

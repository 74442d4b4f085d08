/**
 * The publish gate (issue 13): before a version is committed, the workspace's chosen test suites
 * run against the bot being published; the gate passes when every chosen suite passes, or when the
 * pass rate over them is at least the configured minimum.
 *
 * SEAM for the "suites" area: test suites are being built in parallel (db/schema/suites.ts and a
 * runner that runs a suite against a `Bot`). Until that lands, no suite runner is registered and a
 * gate that names suites cannot pass (it reports each suite as unavailable), while a workspace
 * without a configured gate publishes freely. When suites land, call
 * `registerGateSuiteRunner(runner)` once (e.g. from app/models/suites.server.ts) — nothing else
 * in publishing changes.
 */
import type { WorkspaceSettings } from "../../db/queries/settings";
import type { GateFailure, GateOutcome } from "../../db/schema";
import type { Bot } from "./bot.server";

export type GateConfig = WorkspaceSettings["publishGate"];

/** What one suite's run against a bot reports to the gate. */
export interface GateSuiteResult {
  suiteId: number;
  /** The suite's name, for the failure list; null when the suite does not exist. */
  name: string | null;
  passed: number;
  total: number;
  failures: GateFailure[];
}

/** Runs one test suite of the bot's workspace against the bot (null: the suite does not exist). */
export type GateSuiteRunner = (bot: Bot, suiteId: number) => Promise<GateSuiteResult | null>;

const g = globalThis as unknown as { __kbGateRunner?: GateSuiteRunner | null };

export function registerGateSuiteRunner(runner: GateSuiteRunner | null) {
  g.__kbGateRunner = runner;
}

export interface GateResult {
  /** False when no gate is configured. */
  required: boolean;
  passed: boolean;
  /** Passed cases over all cases of the chosen suites; null without suites. */
  passRate: number | null;
  failures: GateFailure[];
}

export const MAX_GATE_FAILURES = 200;

/** The gate of `config` against `bot`. */
export async function runGate(bot: Bot, config: GateConfig): Promise<GateResult> {
  const suiteIds = [...new Set(config.suiteIds)];
  if (!suiteIds.length) return { required: false, passed: true, passRate: null, failures: [] };
  const runner = g.__kbGateRunner ?? null;
  let passed = 0;
  let total = 0;
  let allSuitesPass = true;
  const failures: GateFailure[] = [];
  for (const id of suiteIds) {
    const r = runner ? await runner(bot, id) : null;
    if (!r) {
      // A suite the gate names but nobody can run never passes: publishing must not silently skip it.
      allSuitesPass = false;
      failures.push({ suite: `#${id}`, text: "", expected: "suite", got: "unavailable" });
      continue;
    }
    passed += r.passed;
    total += r.total;
    if (r.passed < r.total) allSuitesPass = false;
    failures.push(...r.failures.map((f) => ({ ...f, suite: f.suite ?? r.name ?? `#${id}` })));
  }
  const passRate = total ? passed / total : 0;
  const ok = config.minPassRate != null ? allSuitesPassOrRate(allSuitesPass, passRate, config.minPassRate, failures) : allSuitesPass;
  return { required: true, passed: ok, passRate, failures: failures.slice(0, MAX_GATE_FAILURES) };
}

/** With a minimum rate, failing cases are allowed as long as the rate holds; an unavailable suite never is. */
function allSuitesPassOrRate(allPass: boolean, rate: number, min: number, failures: GateFailure[]) {
  if (failures.some((f) => f.got === "unavailable")) return false;
  return allPass || rate >= min;
}

/** The outcome stored with a version. */
export function gateOutcome(r: GateResult, overrideReason: string | null): GateOutcome {
  return { required: r.required, passed: r.passed, passRate: r.passRate, failures: r.failures, overrideReason: r.passed ? null : overrideReason };
}

/**
 * `npm run kb -- <command> [options]`: every command-line entry point of KB Studio.
 * Exit codes: 0 success, 1 when anything was rejected or failed, 2 bad usage.
 */
import { KbError } from "../training/errors";
import { type Command, parseCommandArgs, printJson, UsageError } from "./cli";
import { commands } from "./commands/index";

function help(list: Command[]) {
  const lines = ["KB Studio command line", "", "Usage: npm run kb -- <command> [options]", "", "Commands:"];
  for (const c of list) {
    lines.push(`  ${c.usage}`);
    lines.push(`      ${c.summary}`);
  }
  lines.push("", "Add --json to a command that supports it for one JSON object on the last line.");
  return lines.join("\n");
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help(commands));
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    console.error(`unknown command: ${name}\n\n${help(commands)}`);
    return 2;
  }
  let json = false;
  try {
    const args = parseCommandArgs(cmd, rest);
    json = !!args.values.json;
    if (args.values.help) {
      console.log(`Usage: npm run kb -- ${cmd.usage}\n\n${cmd.summary}`);
      return 0;
    }
    return await cmd.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\nUsage: npm run kb -- ${cmd.usage}`);
      return 2;
    }
    // A KbError is an expected failure (bad file, busy batch …): its message, and with --json its
    // stable code and params on the last line.
    console.error(`error: ${(e as Error).message}`);
    if (json && e instanceof KbError) printJson({ error: e.code, params: e.params, message: e.message });
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);

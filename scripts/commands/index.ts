import type { Command } from "../cli";

// Each command lives in its own module; add new ones here so that --help lists them.
export const commands: Command[] = [];

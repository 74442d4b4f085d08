import type { Command } from "../cli";
import { evalCommand } from "./eval";
import { dbMigrate, faqExport, faqImport } from "./faq";
import { logsExport, logsImport, logsReplay } from "./logs";
import { packCommands } from "./packs";
import { usersCreate } from "./users";

// Each command lives in its own module; add new ones here so that --help lists them.
export const commands: Command[] = [usersCreate, faqImport, faqExport, dbMigrate, evalCommand, logsImport, logsExport, logsReplay, ...packCommands];

import type { Command } from "../cli";
import { apikeysCreate } from "./apikeys";
import { evalCommand } from "./eval";
import { dbMigrate, faqExport, faqImport } from "./faq";
import { logsExport, logsImport, logsReplay } from "./logs";
import { metricsCommand } from "./metrics";
import { packCommands } from "./packs";
import { productsExport, productsImport } from "./products";
import { suiteExport, suiteGenerate, suiteImport, suiteRun } from "./suites";
import { usersCreate } from "./users";
import { versionCommands } from "./versions";

// Each command lives in its own module; add new ones here so that --help lists them.
export const commands: Command[] = [
  usersCreate,
  apikeysCreate,
  faqImport,
  faqExport,
  dbMigrate,
  evalCommand,
  logsImport,
  logsExport,
  logsReplay,
  ...packCommands,
  metricsCommand,
  ...versionCommands,
  productsImport,
  productsExport,
  suiteRun,
  suiteImport,
  suiteExport,
  suiteGenerate,
];

#!/usr/bin/env node
/**
 * `glassbox`, the command line: the same numbers and views as the editor, for review and CI.
 * Built to dist/cli.mjs (ESM, Node). See src/cli/args.ts for the commands.
 */
import { main } from './cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`glassbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

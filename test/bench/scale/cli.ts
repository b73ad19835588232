/**
 * A stand-in for dist/cli.mjs while src/cli.ts does not exist yet: the same dispatcher
 * (src/cli/main.ts) bundled by scripts/bench/bundle.mjs, so that the whole-process CLI
 * comparison runs today. scripts/bench/run.mjs prefers the real dist/cli.mjs when it exists.
 */
import { main } from '../../../src/cli/main';

process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// `npm run package`: this platform's VSIX, as users install it, in .cache/vsix/.
//
//   node scripts/package.mjs [--target TARGET] [--out FILE.vsix]
//
// TARGET is a VS Code target (linux-x64, linux-arm64, alpine-x64, alpine-arm64, darwin-x64,
// darwin-arm64, win32-x64, win32-arm64); it defaults to GLASSBOX_VSCE_TARGET, else this
// machine's. The VSIX is platform-specific because DuckDB's binding is native: see
// scripts/lib/vsix.mjs for what it holds and how it is staged.
//
// `--refuse` is what package.json's vscode:prepublish runs: `vsce package` in the
// repository itself would ship the development build and whatever bindings npm installed,
// so it stops there and names the command to use.
import { parseArgs } from 'node:util';
import { buildVsix } from './lib/vsix.mjs';

const { values: options } = parseArgs({
  options: {
    target: { type: 'string' },
    out: { type: 'string' },
    refuse: { type: 'boolean', default: false },
  },
});

if (options.refuse) {
  console.error(
    'Package Glass Box with `npm run package` (this platform) or `npm run package -- --target TARGET`: ' +
      'it stages production bundles and one platform\'s DuckDB binding. `vsce package` run in the repository ' +
      'would ship the development build and every binding in node_modules.',
  );
  process.exit(1);
}

try {
  buildVsix({ target: options.target, out: options.out });
} catch (error) {
  console.error(`[package] ${error.message}`);
  process.exit(1);
}

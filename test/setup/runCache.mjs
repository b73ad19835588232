// Every test tier that runs the command line keeps its run cache in a temporary folder,
// never in the user's ~/.cache: spawned CLIs inherit GLASSBOX_CACHE_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'glassbox-run-cache-'));
process.env.GLASSBOX_CACHE_DIR = dir;

export const mochaHooks = {
  afterAll() {
    rmSync(dir, { recursive: true, force: true });
  },
};

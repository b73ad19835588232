/**
 * A run's identity for the cache: what it was asked to read (the manifest as parsed, each
 * file's role, name and path) and what each file is on disk now (size, modification time to
 * the nanosecond, inode), plus the build that read it. Any change to a file, the manifest or
 * Glass Box gives another key, so a cached run is never shown for files that changed.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { RunInput } from '../model/run/loadRun';

export interface RunKey {
  /** Hex SHA-256 of everything below: the cache file's name. */
  hash: string;
  /** The files as they were when the key was taken (compared again before writing). */
  files: string;
}

/** The key of a run read from local files, or null when a file comes as bytes (a `git:` revision). */
export async function runKey(input: RunInput, build: string): Promise<RunKey | null> {
  if (input.files.some((f) => f.path === undefined)) return null;
  const files: unknown[] = [];
  for (const file of input.files) {
    const s = await stat(file.path as string, { bigint: true });
    files.push([file.role, file.name, file.path, String(s.size), String(s.mtimeNs), String(s.ino), String(s.dev)]);
  }
  const filesText = JSON.stringify(files);
  const hash = createHash('sha256').update(JSON.stringify([build, input.source, input.manifest])).update('\u0000').update(filesText).digest('hex');
  return { hash, files: filesText };
}

/** Where a command writes: stdout and stderr, injectable so commands can be tested in-process. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit codes of every command. */
export const EXIT = { pass: 0, fail: 1, error: 2 } as const;

/**
 * A file that cannot be read as a model run's table. Carries where the problem is so the
 * view, the Problems panel and the CLI can point at it; the message already names the
 * file and says what to do.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

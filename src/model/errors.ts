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

/**
 * A model function asked for contribution cells its panel does not hold: a date that was
 * not put in a by-date panel before the query, or every date at once (`date` null) of a
 * panel that holds only some. A mistake of the caller, not of the user's files.
 */
export class CellsNotHeldError extends Error {
  constructor(
    /** The panel's date index asked for; null when every date was. */
    readonly date: number | null,
    /** The date's label, as the panel names it. */
    readonly dateLabel: string | null,
  ) {
    super(date === null ? 'the cells of every date were asked for, but the panel holds only some dates' : `the cells of ${dateLabel} (date index ${date}) are not held by the panel`);
    this.name = 'CellsNotHeldError';
  }
}

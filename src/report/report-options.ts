/**
 * What the reports say besides the document, in a module of its own: the
 * renderers read it and `writeReports` passes it on.
 *
 * @packageDocumentation
 */

/** What the reports say besides the document. */
export interface ReportOptions {
  /**
   * The reports' date (the PDF's CreationDate, the pages' "created" line).
   * @default the document's `created_at`, else the time of rendering
   */
  readonly createdAt?: Date;
  /**
   * A paragraph shown under the title of both reports, e.g. what a stand-in model is.
   * @default none
   */
  readonly note?: string;
  /** @default 'clarify-ts analysis report' */
  readonly title?: string;
}

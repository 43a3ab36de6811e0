/**
 * Why a file was refused as a whole (nothing is kept, nothing written): an HTTP status, a code, a
 * message that names the problem and what is allowed, and where known the row and field.
 */
export class ImportError extends Error {
  readonly row?: number;
  readonly field?: string;
  /**
   * The file's columns with sample values, when the file was read but refused for what a mapping
   * can fix (no name or position column …): the client offers the mapping step instead of a dead end.
   */
  columns?: ImportColumn[];
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
    message: string,
    where: { row?: number; field?: string; columns?: ImportColumn[] } = {},
  ) {
    super(message);
    this.name = 'ImportError';
    this.row = where.row;
    this.field = where.field;
    if (where.columns) this.columns = where.columns;
  }
}

/** A column of the file and up to 3 distinct sample values (as the preview lists them). */
export interface ImportColumn {
  name: string;
  samples: string[];
}

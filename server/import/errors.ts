/**
 * Why a file was refused as a whole (nothing is kept, nothing written): an HTTP status, a code, a
 * message that names the problem and what is allowed, and where known the row and field.
 */
export class ImportError extends Error {
  readonly row?: number;
  readonly field?: string;
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
    message: string,
    where: { row?: number; field?: string } = {},
  ) {
    super(message);
    this.name = 'ImportError';
    this.row = where.row;
    this.field = where.field;
  }
}

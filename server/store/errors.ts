/** Errors a store raises that the HTTP layer turns into answers (not 500s). */

/** The store's backing service (the database) cannot be reached now; the client should retry. */
export class StoreUnavailableError extends Error {
  /** Seconds after which a retry makes sense (the `Retry-After` header). */
  readonly retryAfter: number;
  constructor(message: string, retryAfter = 5) {
    super(message);
    this.name = 'StoreUnavailableError';
    this.retryAfter = retryAfter;
  }
}

/** The store is still starting (migrating, loading); health answers 503 `starting`. */
export class StoreStartingError extends StoreUnavailableError {
  constructor(message = 'The server is starting: the database is being prepared. Retry shortly.') {
    super(message, 2);
    this.name = 'StoreStartingError';
  }
}

/** A requested row does not exist in the caller's organization (or at all: callers cannot tell). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

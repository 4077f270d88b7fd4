/** Input that cannot be used as given; the message says what to send instead. Web: 400; CLI: usage error. */
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
}

/** Something asked for by id that does not exist (or is not published). Web: 404. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A request that conflicts with the current state (a name already taken, a key already rotated). Web: 409. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

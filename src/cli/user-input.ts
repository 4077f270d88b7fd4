import { BadInputError, ConflictError, NotFoundError } from '../read-model/errors.js';
import { CliError } from './exit-codes.js';

/** `work`, with what the user got wrong (bad input, a conflict, something missing) reported as a one-line CLI error (exit 2). */
export async function userInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BadInputError || error instanceof ConflictError || error instanceof NotFoundError) throw new CliError(error.message);
    throw error;
  }
}

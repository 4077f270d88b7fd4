import { InvalidArgumentError } from 'commander';

/** A commander parser for an integer flag within [min, max], with a message naming the flag. */
export function positiveInt(flag: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} must be a whole number, not "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${flag} must be between ${min} and ${max}`);
    return n;
  };
}

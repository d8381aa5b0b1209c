/** Parsers for option values: each turns the text into the value or rejects it with a one-line reason (exit code 2). */
import { resolve } from 'node:path';
import { InvalidArgumentError as InvalidOptionValue } from 'commander';

/** A whole number. */
export function integer(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value)) throw new InvalidOptionValue('expected a whole number');
  return value;
}

/** A whole number of at least `min`. */
export function integerFrom(min: number): (text: string) => number {
  return (text) => {
    const value = integer(text);
    if (value < min) throw new InvalidOptionValue(`expected a whole number of at least ${min}`);
    return value;
  };
}

/** A whole number from `min` to `max`. */
export function integerBetween(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = integer(text);
    if (value < min || value > max) throw new InvalidOptionValue(`expected a whole number from ${min} to ${max}`);
    return value;
  };
}

/** A number from `min` to `max` (fractions allowed). */
export function numberFrom(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
      throw new InvalidOptionValue(`expected a number from ${min} to ${max}`);
    }
    return value;
  };
}

/** An absolute http(s) URL: the origin every request of the client goes to. */
export function serverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionValue('expected an absolute http(s) URL such as http://127.0.0.1:8080');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionValue(`expected an http or https URL, not ${url.protocol}`);
  }
  return text;
}

/** A path, made absolute against the working folder so messages name the full path. */
export function absolutePath(text: string): string {
  if (text === '') throw new InvalidOptionValue('expected a path');
  return resolve(text);
}

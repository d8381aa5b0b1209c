import { DecodeError } from '../../errors/decode-error.js';
import type { Endpoint } from '../../errors/endpoint.js';
import type { Body } from './envelope.js';
import { redactIlink } from './redact.js';

/** Readers of answer fields that never throw: a field of another type reads as absent. */

export const stringOf = (body: Body, key: string): string | undefined => {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
};

/** A non-empty string, else `undefined`. */
export const textOf = (body: Body, key: string): string | undefined => {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** A finite number, or numeric text (ids and sizes arrive either way). */
export const numberOf = (body: Body, key: string): number | undefined => {
  const value = body[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

/** An id as exact text: a string as is, a safe integer in decimal (larger ones arrive as text, see `parseIlinkJson`). */
export const idOf = (body: Body, key: string): string | undefined => {
  const value = body[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
};

export const objectOf = (body: Body, key: string): Body | undefined => {
  const value = body[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : undefined;
};

/** A body that parsed but lacks what a success carries; the issue names the field, the excerpt is masked. */
export function missingField(endpoint: Endpoint, field: string, text: string): DecodeError {
  return new DecodeError(endpoint, [`${field}: expected a non-empty string`], redactIlink(text));
}

/**
 * Google's JSON Duration: seconds with up to nine decimals and a trailing "s" ("5s", "1.5s", "1799.5s").
 * `Number("5s")` is NaN, and a NaN interval makes a polling loop spin, so anything else is an error.
 */
import { type ErrorCode, ERROR_CODES } from '../util/errorCodes';

const DURATION = /^(-?)(\d{1,12})(?:\.(\d{1,9}))?s$/;

export class MalformedDurationError extends Error {
  readonly code: ErrorCode = ERROR_CODES.malformedDuration;
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`Google sent a malformed ${field}: ${JSON.stringify(value)} (expected seconds like "5s" or "1.5s").`);
    this.name = 'MalformedDurationError';
  }
}

/** Parses a Duration string into milliseconds (fractions below a millisecond are rounded up). */
export function parseDurationMs(value: unknown, field = 'duration'): number {
  if (typeof value !== 'string') throw new MalformedDurationError(field, value);
  const match = DURATION.exec(value.trim());
  if (!match) throw new MalformedDurationError(field, value);
  const [, sign, whole, fraction = ''] = match;
  const nanos = Number(fraction.padEnd(9, '0'));
  const ms = Number(whole) * 1000 + Math.ceil(nanos / 1e6);
  return sign === '-' ? -ms : ms;
}

/** Formats milliseconds as a Duration string, the inverse of parseDurationMs (used by the emulator). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return `${Number(seconds.toFixed(3))}s`;
}

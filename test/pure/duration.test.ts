import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { formatDuration, MalformedDurationError, parseDurationMs } from '../../src/picker/duration';

describe('Duration strings', () => {
  it('parses whole and fractional seconds', () => {
    assert.equal(parseDurationMs('5s'), 5000);
    assert.equal(parseDurationMs('1.5s'), 1500);
    assert.equal(parseDurationMs('1799.5s'), 1_799_500);
    assert.equal(parseDurationMs('0s'), 0);
    assert.equal(parseDurationMs('0.000000001s'), 1, 'nanoseconds round up to a whole millisecond');
    assert.equal(parseDurationMs('-2s'), -2000);
  });

  for (const bad of ['5', 's', '5 s', '5ms', '1.5', 'abc', '', '1e3s', '1.1234567890s', 'NaNs', '5s5s']) {
    it(`rejects ${JSON.stringify(bad)} with a clear error`, () => {
      assert.throws(
        () => parseDurationMs(bad, 'pollInterval'),
        (err: Error) =>
          err instanceof MalformedDurationError && /pollInterval/.test(err.message) && err.message.includes(JSON.stringify(bad)),
      );
    });
  }

  it('rejects values that are not strings', () => {
    assert.throws(() => parseDurationMs(5), MalformedDurationError);
    assert.throws(() => parseDurationMs(undefined), MalformedDurationError);
    assert.throws(() => parseDurationMs({ seconds: 5 }), MalformedDurationError);
  });

  it('formats what it parses', () => {
    for (const ms of [0, 1500, 5000, 1_799_500]) assert.equal(parseDurationMs(formatDuration(ms)), ms);
  });

  describe('for any input (property-based, fast-check)', () => {
    it('gives a finite number of milliseconds or a MalformedDurationError, nothing else', () => {
      const durationish = fc.oneof(fc.string(), fc.stringMatching(/^-?\d{0,14}(\.\d{0,11})?s?$/), fc.anything());
      fc.assert(
        fc.property(durationish, (value) => {
          try {
            assert.ok(Number.isFinite(parseDurationMs(value)));
          } catch (err) {
            assert.ok(err instanceof MalformedDurationError, `${JSON.stringify(value)} threw ${(err as Error).name}`);
          }
        }),
        { numRuns: 3000 },
      );
    });

    it('reads back what formatDuration writes', () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), (ms) => assert.equal(parseDurationMs(formatDuration(ms)), ms)));
    });
  });
});

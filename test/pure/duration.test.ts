import * as assert from 'node:assert/strict';
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
      assert.throws(() => parseDurationMs(bad, 'pollInterval'), (err: Error) => err instanceof MalformedDurationError && /pollInterval/.test(err.message) && err.message.includes(JSON.stringify(bad)));
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
});

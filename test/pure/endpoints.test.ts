import * as assert from 'node:assert/strict';
import { customPickerEndpoints, emulatorEndpoints, googleEndpoints, PICKER_SCOPE } from '../../src/endpoints';

describe('where the engine talks to (endpoints)', () => {
  it('is Google by default, over https, with nothing else trusted', () => {
    assert.deepEqual(googleEndpoints, {
      pickerApi: 'https://photospicker.googleapis.com',
      oauthAuthorize: 'https://accounts.google.com/o/oauth2/v2/auth',
      oauthToken: 'https://oauth2.googleapis.com/token',
      oauthRevoke: 'https://oauth2.googleapis.com/revoke',
      oauthDeviceCode: 'https://oauth2.googleapis.com/device/code',
      trustedTestOrigins: [],
    });
    assert.equal(PICKER_SCOPE, 'https://www.googleapis.com/auth/photospicker.mediaitems.readonly');
  });

  it('takes a custom Picker API: its origin is the one extra trusted origin; OAuth stays with Google unless asked', () => {
    const custom = customPickerEndpoints('https://picker.example.test/base//', false);
    assert.equal(custom.pickerApi, 'https://picker.example.test/base');
    assert.deepEqual(custom.trustedTestOrigins, ['https://picker.example.test']);
    assert.equal(custom.oauthToken, googleEndpoints.oauthToken);
    const emulator = customPickerEndpoints('http://127.0.0.1:4000', true);
    assert.deepEqual(emulator, { ...emulatorEndpoints('http://127.0.0.1:4000'), pickerApi: 'http://127.0.0.1:4000' });
    assert.equal(emulator.oauthToken, 'http://127.0.0.1:4000/token');
  });

  it('refuses plain http except on this machine', () => {
    assert.throws(
      () => customPickerEndpoints('http://picker.example.test', false),
      /must use https \(plain http is allowed only on 127\.0\.0\.1 \/ localhost\)/,
    );
    for (const local of ['http://localhost:1', 'http://127.0.0.1:2', 'http://[::1]:3'])
      assert.doesNotThrow(() => customPickerEndpoints(local, true), local);
  });
});

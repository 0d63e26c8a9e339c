import * as assert from 'node:assert/strict';
import { isAllowedMediaUrl, isTrustedGooglePage } from '../../src/trustedUrl';

describe('media host allow-list', () => {
  it("allows Google's media host over https", () => {
    assert.ok(isAllowedMediaUrl('https://lh3.googleusercontent.com/abc=d', []));
    assert.ok(isAllowedMediaUrl('https://video-downloads.googleusercontent.com/x', []));
  });
  it('refuses look-alikes, plain http, credentials in the URL and other hosts', () => {
    for (const url of [
      'http://lh3.googleusercontent.com/abc',
      'https://googleusercontent.com/abc',
      'https://googleusercontent.com.evil.example/abc',
      'https://evilgoogleusercontent.com/abc',
      'https://user:pass@lh3.googleusercontent.com/abc',
      'https://photospicker.googleapis.com/v1/sessions',
      'https://example.com/abc',
      'not a url',
      'file:///etc/passwd',
    ])
      assert.equal(isAllowedMediaUrl(url, []), false, url);
  });
  it('allows the configured test endpoint by exact origin only', () => {
    assert.ok(isAllowedMediaUrl('http://127.0.0.1:4000/media/x', ['http://127.0.0.1:4000']));
    assert.equal(isAllowedMediaUrl('http://127.0.0.1:4001/media/x', ['http://127.0.0.1:4000']), false);
    assert.equal(isAllowedMediaUrl('http://localhost:4000/media/x', ['http://127.0.0.1:4000']), false);
  });
});

describe('trusting a pickerUri', () => {
  it("trusts https links on Google's host and the configured test endpoint only", () => {
    assert.ok(isTrustedGooglePage('https://photos.google.com/picker/abc', []));
    assert.ok(isTrustedGooglePage('http://127.0.0.1:5000/picker/abc', ['http://127.0.0.1:5000']));
    for (const bad of [
      'http://photos.google.com/picker',
      'https://photos.google.com.evil.example/x',
      'https://evil.example/photos.google.com',
      'javascript:alert(1)',
      'https://user@photos.google.com/x',
      'https://photos.google.com:8443/x',
      'not a url',
    ]) {
      assert.equal(isTrustedGooglePage(bad, ['http://127.0.0.1:5000']), false, bad);
    }
  });

  // The old check parsed first: "https://photos.google.com/x\nfake text" passed, and the raw string was printed.
  it('refuses a link whose text is not exactly its parsed form: whitespace, control characters, escapes', () => {
    const bad = [
      'https://photos.google.com/picker/a\nNow visit https://evil.example',
      'https://photos.google.com/picker/a\tb',
      'https://photos.google.com/picker/a\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007',
      ' https://photos.google.com/picker/a',
      'https://photos.google.com/picker/a b',
      'HTTPS://PHOTOS.GOOGLE.COM/picker/a',
    ];
    for (const link of bad) assert.equal(isTrustedGooglePage(link, []), false, JSON.stringify(link));
    assert.ok(isTrustedGooglePage('https://photos.google.com/picker/abc?x=1', []));
  });
});

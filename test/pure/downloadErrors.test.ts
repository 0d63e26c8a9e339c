import * as assert from 'node:assert/strict';
import { describeWriteError, DownloadError, formatBytes, hostOf, isMediaType, RateLimitedError } from '../../src/download/downloadErrors';
import { CancelledError } from '../../src/util/abort';

const where = { destDir: '/site/photos' };
const errno = (code?: string, message = `${code}: raw`) => Object.assign(new Error(message), code ? { code } : {});

describe('how a download fails, in words (downloadErrors.ts)', () => {
  it('says a full disk, or a quota, is full; a refused write has no permission; neither is retried', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const error = describeWriteError(errno(code), 'IMG_1.jpg', where) as DownloadError;
      assert.deepEqual(
        [error.message, error.retryable],
        ['the disk is full: "IMG_1.jpg" could not be written to /site/photos', false],
        code,
      );
    }
    for (const code of ['EACCES', 'EPERM', 'EROFS']) {
      const error = describeWriteError(errno(code), 'IMG_1.jpg', where) as DownloadError;
      assert.deepEqual([error.message, error.retryable], ['no permission to write "IMG_1.jpg" in /site/photos', false], code);
    }
  });

  it('retries a body cut on the way (a reset, a timeout, a premature close, no code at all), not another failure', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', undefined]) {
      const error = describeWriteError(errno(code, 'aborted'), 'IMG_1.jpg', where) as DownloadError;
      assert.deepEqual([error.message, error.retryable], ['the download of "IMG_1.jpg" failed (aborted)', true], String(code));
    }
    assert.equal((describeWriteError(errno('EIO'), 'IMG_1.jpg', where) as DownloadError).retryable, false);
    assert.match(describeWriteError('a thrown string', 'IMG_1.jpg', where).message, /failed \(a thrown string\)/);
  });

  it('a cancel is a cancel, whatever failed with it; a DownloadError passes as it is', () => {
    const controller = new AbortController();
    controller.abort();
    assert.ok(describeWriteError(errno('ENOSPC'), 'x', { ...where, signal: controller.signal }) instanceof CancelledError);
    assert.ok(describeWriteError(Object.assign(new Error('stop'), { name: 'AbortError' }), 'x', where) instanceof CancelledError);
    const own = new DownloadError('the host said no');
    assert.equal(describeWriteError(own, 'x', where), own);
  });

  it('takes image/* and video/* and the generic binary types as media, nothing else', () => {
    for (const type of [
      'image/jpeg',
      'image/svg+xml',
      'video/mp4',
      'image/x-canon-cr2',
      'video/vnd.dlna.mpeg-tts',
      'application/octet-stream',
      'binary/octet-stream',
    ])
      assert.equal(isMediaType(type), true, type);
    for (const type of ['', 'text/html', 'image/', 'image', 'ximage/jpeg', 'image/jpeg extra', 'application/json', 'audio/mpeg'])
      assert.equal(isMediaType(type), false, type);
  });

  it('writes sizes as bytes, MB or GB, with at most one decimal', () => {
    assert.equal(formatBytes(1024 ** 2 - 1), '1048575 bytes');
    assert.equal(formatBytes(1024 ** 2), '1 MB');
    assert.equal(formatBytes(1.25 * 1024 ** 2), '1.3 MB');
    assert.equal(formatBytes(1024 ** 3 - 1024 ** 2), '1023 MB');
    assert.equal(formatBytes(1024 ** 3), '1 GB');
    assert.equal(formatBytes(2.5 * 1024 ** 3), '2.5 GB');
  });

  it("names a URL's host with its port, and an address that cannot be read as such", () => {
    assert.equal(hostOf('https://lh3.googleusercontent.com/p/x=d'), 'lh3.googleusercontent.com');
    assert.equal(hostOf('http://127.0.0.1:8080/x'), '127.0.0.1:8080');
    assert.equal(hostOf('not a url'), 'an invalid address');
  });

  it('a rate limit says what to do, and keeps the wait it was given', () => {
    const error = new RateLimitedError('lh3.googleusercontent.com', 30);
    assert.match(error.message, /^lh3\.googleusercontent\.com answered 429 Too Many Requests: .*import again in a few minutes/);
    assert.deepEqual([error.retryAfterSeconds, error.retryable, error.name], [30, false, 'RateLimitedError']);
  });
});

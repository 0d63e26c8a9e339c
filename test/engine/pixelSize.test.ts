import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dimensionsFor, pixelSizeOfFile } from '../../src/download/pixelSize/pixelSize';
import type { PickedMediaItem } from '../../src/picker/types';
import { makeJpeg } from '../../emulator/sampleEncoders';
import { exifOrientation, jpegSegment, png, withSegments } from '../fixtures/imageHeaders';
import { filesOpenIn, tempDir } from './helpers';

describe('the pixel size of a file on disk, for the links (pixelSize)', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const item = (type: 'PHOTO' | 'VIDEO', width: number, height: number): PickedMediaItem => ({
    id: 'x',
    type,
    mediaFile: {
      baseUrl: 'https://lh3.googleusercontent.com/x',
      mimeType: type === 'VIDEO' ? 'video/mp4' : 'image/jpeg',
      mediaFileMetadata: { width, height },
    },
  });

  it('finds a frame header that lies past the first 64 KB (large Exif and colour-profile blocks before it)', async () => {
    const profile = jpegSegment(0xe2, Buffer.alloc(65_000, 0x20));
    const file = write('big-header.jpg', withSegments(makeJpeg(40, 30, 1), exifOrientation(6, 'II'), profile, profile));
    assert.deepEqual(await pixelSizeOfFile(file), { width: 30, height: 40 });
  });

  it("a photo: the file's size; a header that cannot be read: Google's metadata fitted into the box; a video: Google's metadata", async () => {
    const photo = write('a.jpg', makeJpeg(40, 30, 1));
    const fit = { kind: 'fit', width: 100, height: 100 } as const;
    assert.deepEqual(await dimensionsFor(item('PHOTO', 4000, 3000), fit, photo), { type: 'PHOTO', width: 40, height: 30 });
    const stub = write('b.heic', Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(100)]));
    assert.deepEqual(await dimensionsFor(item('PHOTO', 4000, 3000), fit, stub), { type: 'PHOTO', width: 100, height: 75 });
    assert.deepEqual(await dimensionsFor(item('PHOTO', 4000, 3000), fit, path.join(dir, 'missing.jpg')), {
      type: 'PHOTO',
      width: 100,
      height: 75,
    });
    assert.deepEqual(
      await dimensionsFor(item('VIDEO', 1280, 720), fit, photo),
      { type: 'VIDEO', width: 1280, height: 720 },
      "a video keeps Google's metadata",
    );
  });

  (fs.existsSync('/proc/self/fd') ? it : it.skip)(
    'does not follow a symbolic link put where the file was, and leaves no file open',
    async () => {
      const photo = write('real.png', png(320, 240));
      fs.symlinkSync(photo, path.join(dir, 'link.png'));
      assert.equal(await pixelSizeOfFile(path.join(dir, 'link.png')), undefined);
      for (let i = 0; i < 5; i++) assert.deepEqual(await pixelSizeOfFile(photo), { width: 320, height: 240 });
      assert.deepEqual(filesOpenIn(dir), []);
    },
  );
});

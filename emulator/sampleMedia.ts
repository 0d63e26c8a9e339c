/**
 * Sample media, made the same way at every start: real decodable JPEGs (with an Exif block) and PNGs, a video
 * entry, names that collide and names that are hostile. Nothing is read from disk or the network.
 */
import { makeHeicStub, makeJpeg, makeMp4Stub, makePng } from './sampleEncoders';

export interface SampleItem {
  id: string;
  filename: string;
  mimeType: string;
  type: 'PHOTO' | 'VIDEO';
  width: number;
  height: number;
  createTime: string;
  cameraMake?: string;
  cameraModel?: string;
  /** As Google lists it in mediaFileMetadata.photoMetadata; absent for a screenshot or an image without Exif. */
  photoMetadata?: PhotoMetadata;
  processingStatus?: 'PROCESSING' | 'READY' | 'FAILED';
  /** The full-quality bytes (`=d`, or `=dv` for a video). */
  bytes(): Buffer;
}

export interface PhotoMetadata {
  focalLength: number;
  apertureFNumber: number;
  isoEquivalent: number;
  /** A Duration string, as Google's JSON gives it ("0.008s"). */
  exposureTime: string;
}

function lazy(make: () => Buffer): () => Buffer {
  let cached: Buffer | undefined;
  return () => (cached ??= make());
}

interface Spec {
  filename: string;
  mimeType: string;
  width: number;
  height: number;
  camera?: [string, string];
  photo?: PhotoMetadata;
  video?: 'PROCESSING' | 'READY' | 'FAILED';
  /** Only its resized versions are real JPEGs: its original is a HEIC stub, as large as a phone's. */
  heic?: boolean;
}

// Facts as phones and cameras write them: each photo's own, and none for a screenshot or a file without Exif.
const PIXEL_8 = { focalLength: 6.9, apertureFNumber: 1.68, isoEquivalent: 50, exposureTime: '0.002s' };
const BASE_SPECS: Spec[] = [
  { filename: 'IMG_0001.JPG', mimeType: 'image/jpeg', width: 640, height: 480, camera: ['Google', 'Pixel 8'], photo: PIXEL_8 },
  {
    filename: 'IMG_0001.JPG',
    mimeType: 'image/jpeg',
    width: 480,
    height: 640,
    camera: ['Apple', 'iPhone 15'],
    photo: { focalLength: 6.765, apertureFNumber: 1.6, isoEquivalent: 80, exposureTime: '0.008s' },
  }, // same name, another phone
  { filename: 'sunset.png', mimeType: 'image/png', width: 320, height: 240 },
  {
    filename: 'harbour-panorama.jpg',
    mimeType: 'image/jpeg',
    width: 1024,
    height: 384,
    camera: ['Google', 'Pixel 8'],
    photo: { ...PIXEL_8, isoEquivalent: 200, exposureTime: '0.001s' },
  },
  { filename: 'clip.mp4', mimeType: 'video/mp4', width: 1280, height: 720, video: 'READY', camera: ['Google', 'Pixel 8'] },
  { filename: 'still-processing.mp4', mimeType: 'video/mp4', width: 1280, height: 720, video: 'PROCESSING' },
  { filename: '../../etc/passwd.jpg', mimeType: 'image/jpeg', width: 96, height: 64 }, // path traversal
  { filename: 'CON.jpg', mimeType: 'image/jpeg', width: 96, height: 64 }, // reserved on Windows
  { filename: 'invoice\u202Egpj.exe', mimeType: 'image/png', width: 64, height: 64 }, // right-to-left override trick
  { filename: `${'very-long-name-'.repeat(20)}.jpg`, mimeType: 'image/jpeg', width: 96, height: 64 },
  { filename: '', mimeType: 'image/jpeg', width: 120, height: 90 }, // no name at all
  {
    filename: 'Straße am Meer Ω.jpeg',
    mimeType: 'image/jpeg',
    width: 320,
    height: 240,
    camera: ['FUJIFILM', 'X100V'],
    photo: { focalLength: 23, apertureFNumber: 8, isoEquivalent: 160, exposureTime: '2.5s' },
  },
];

/** A phone photo too large for a web page, in a format browsers cannot show: for the size tests (`largePhoto`). */
const LARGE_PHOTO: Spec = {
  filename: 'IMG_4032.HEIC',
  mimeType: 'image/heic',
  width: 4032,
  height: 3024,
  heic: true,
  camera: ['Apple', 'iPhone 15'],
  photo: { focalLength: 6.765, apertureFNumber: 1.78, isoEquivalent: 400, exposureTime: '0.033333s' },
};

/**
 * The library: the base items (and LARGE_PHOTO when asked for), then `bulkItems` small JPEGs (for paging tests: 250 items make three pages).
 * `bulkItemBytes` pads each bulk JPEG to that size after its end marker (decoders ignore trailing bytes), for
 * benchmarks that need large files.
 */
export function makeLibrary(bulkItems = 0, bulkItemBytes = 0, largePhoto = false): SampleItem[] {
  const small = lazy(() => {
    const jpegBytes = makeJpeg(64, 48, 7);
    return bulkItemBytes > jpegBytes.length ? Buffer.concat([jpegBytes, Buffer.alloc(bulkItemBytes - jpegBytes.length, 0x5a)]) : jpegBytes;
  });
  const items = [...BASE_SPECS, ...(largePhoto ? [LARGE_PHOTO] : [])].map((spec, i): SampleItem => {
    const seed = i + 1;
    const created = new Date(Date.UTC(2026, 5, 1 + i, 9, 30)).toISOString();
    const exifDate = created.slice(0, 19).replace('T', ' ').replace(/-/g, ':');
    const bytes = spec.video
      ? lazy(() => makeMp4Stub(seed))
      : spec.heic
        ? lazy(() => makeHeicStub(seed))
        : spec.mimeType === 'image/png'
          ? lazy(() => makePng(spec.width, spec.height, seed))
          : lazy(() =>
              makeJpeg(
                spec.width,
                spec.height,
                seed,
                spec.camera ? { make: spec.camera[0], model: spec.camera[1], dateTime: exifDate } : undefined,
              ),
            );
    return {
      id: `item-${String(seed).padStart(4, '0')}`,
      filename: spec.filename,
      mimeType: spec.mimeType,
      type: spec.video ? 'VIDEO' : 'PHOTO',
      width: spec.width,
      height: spec.height,
      createTime: created,
      cameraMake: spec.camera?.[0],
      cameraModel: spec.camera?.[1],
      photoMetadata: spec.photo,
      processingStatus: spec.video,
      bytes,
    };
  });
  for (let n = 1; n <= bulkItems; n++) {
    items.push({
      id: `bulk-${String(n).padStart(4, '0')}`,
      filename: `bulk-${String(n).padStart(4, '0')}.jpg`,
      mimeType: 'image/jpeg',
      type: 'PHOTO',
      width: 64,
      height: 48,
      createTime: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
      bytes: small,
    });
  }
  return items;
}

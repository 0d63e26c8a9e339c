/**
 * File names for picked media. `filename` comes from the user's library and is untrusted: it must yield a plain
 * name that is valid on Windows, macOS and Linux and can never point outside the destination folder.
 */

/** Bytes, not characters: most file systems cap a name at 255 bytes. Room is left for "-NN" and a temp prefix. */
export const MAX_NAME_BYTES = 200;

// A Map, not an object: a MIME type from the server such as "__proto__" must not find Object.prototype.
const EXTENSION_BY_MIME = new Map<string, string>(
  Object.entries({
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'image/gif': '.gif',
    'image/webp': '.webp',
    'image/heic': '.heic',
    'image/heif': '.heif',
    'image/avif': '.avif',
    'image/bmp': '.bmp',
    'image/tiff': '.tif',
    'video/mp4': '.mp4',
    'video/quicktime': '.mov',
    'video/webm': '.webm',
    'video/3gpp': '.3gp',
  }),
);

/** Other extensions that are the same format as a MIME type's canonical one ("IMG_1.JPEG" stays as it is). */
const ALSO_FOR_MIME: Record<string, string[]> = {
  'image/jpeg': ['.jpeg', '.jpe', '.jfif'],
  'image/heif': ['.heic'],
  'image/tiff': ['.tiff'],
  'video/mp4': ['.m4v'],
  'video/quicktime': ['.qt'],
};
const MEDIA_EXTENSIONS = new Set([...EXTENSION_BY_MIME.values(), ...Object.values(ALSO_FOR_MIME).flat()]);

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Control characters, bidi marks and overrides (they make "photo\u202Egpj.exe" look like "photoexe.jpg", U+061C
// included), zero-width space, word joiner and line/paragraph separators. ZWJ and ZWNJ stay: scripts and emoji need them.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const FORBIDDEN = /[<>:"/\\|?*]/g;

function extensionForMime(mimeType: string | undefined): string | undefined {
  return mimeType ? EXTENSION_BY_MIME.get(mimeType.toLowerCase()) : undefined;
}

/** Makes a safe, portable file name from an untrusted one. `fallbackStem` is used when nothing usable is left. */
export function safeFileName(untrusted: string | undefined, mimeType: string | undefined, fallbackStem: string): string {
  let name = (untrusted ?? '').normalize('NFC').replace(INVISIBLE, '').replace(FORBIDDEN, '_');
  // Leading dots would hide the file ("..", ".bashrc"); trailing dots and spaces are dropped by Windows.
  name = name
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');

  let { stem, ext } = splitExtension(name);
  const mimeExt = extensionForMime(mimeType);
  if (!/^\.[A-Za-z0-9]{1,10}$/.test(ext) || !extensionFits(ext, mimeType)) {
    // No extension, text after a dot that is not one ("v1.2 final"), or one that is not the MIME type's
    // ("evil.desktop" sent as image/jpeg): keep it all as the stem, add the MIME type's.
    stem = name;
    ext = mimeExt ?? '';
  }
  if (!stem) stem = fallbackStem.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'photo';
  // Windows reserves the name whatever follows its first dot: NUL.tar.gz is NUL.
  if (WINDOWS_RESERVED.test(stem.split('.')[0].trimEnd())) stem = `_${stem}`;

  return truncateStem(stem, ext, MAX_NAME_BYTES) + ext;
}

/**
 * A value that becomes part of a name or of one folder (a camera model, an exposure of 1/125): no separator, no
 * character a file system refuses, no invisible mark, no leading dot (".." must not climb out) nor trailing dot or
 * space; empty stays empty.
 */
export function safeNamePart(untrusted: string): string {
  const part = untrusted
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  // A whole folder named after it ("NUL") would be Windows' device.
  return WINDOWS_RESERVED.test(part.split('.')[0]) ? `_${part}` : part;
}

/**
 * The name for bytes that came back in another format than asked for (a resized HEIC is a JPEG): a media extension
 * that does not fit the returned type is replaced by the type's own; a name that fits, or an unknown type, is kept.
 */
export function withExtensionFor(name: string, contentType: string): string {
  const ownExt = extensionForMime(contentType);
  if (!ownExt) return name;
  const { stem, ext } = splitExtension(name);
  if (ext && extensionFits(ext, contentType)) return name;
  const base = ext && MEDIA_EXTENSIONS.has(ext.toLowerCase()) ? stem : name;
  return truncateStem(base, ownExt, MAX_NAME_BYTES) + ownExt;
}

/** For an image or video, the extension must be one of its type's (any media one when the type is unknown to us). */
function extensionFits(ext: string, mimeType: string | undefined): boolean {
  const type = (mimeType ?? '').toLowerCase();
  if (!/^(image|video)\//.test(type)) return true;
  const lower = ext.toLowerCase();
  const own = EXTENSION_BY_MIME.get(type);
  if (!own) return MEDIA_EXTENSIONS.has(lower);
  return lower === own || (ALSO_FOR_MIME[type] ?? []).includes(lower);
}

/** `IMG_1.JPG` -> `IMG_1` + `.JPG`; a leading dot is not an extension. */
export function splitExtension(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
}

/** Cuts the stem (on a character boundary) so that stem + ext fits in maxBytes of UTF-8. */
function truncateStem(stem: string, ext: string, maxBytes: number): string {
  const budget = maxBytes - Buffer.byteLength(ext);
  if (Buffer.byteLength(stem) <= budget) return stem;
  let out = '';
  for (const ch of stem) {
    if (Buffer.byteLength(out + ch) > budget) break;
    out += ch;
  }
  return out.replace(/[. ]+$/, '') || '_';
}

/** `IMG_1.jpg`, then `IMG_1-1.jpg`, `IMG_1-2.jpg`, ... (the way VS Code's own paste names copies). */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const { stem, ext } = splitExtension(name);
  return `${stem}-${n}${ext}`;
}

/**
 * Hands out names that no other download of this run has taken. Case-insensitive, because the destination may be
 * on a case-insensitive file system (macOS, Windows) where IMG.JPG and img.jpg are the same file.
 */
export class NameReservations {
  private readonly taken = new Set<string>();

  /** The first of name, name-1, name-2, ... that is not reserved and for which `isFree` agrees. */
  async reserve(name: string, isFree: (candidate: string) => Promise<boolean>): Promise<string> {
    for (let n = 0; ; n++) {
      const candidate = numberedName(name, n);
      const key = candidate.toLowerCase();
      if (this.taken.has(key)) continue;
      this.taken.add(key); // before the await, so a concurrent download cannot pick it too
      if (await isFree(candidate)) return candidate;
    }
  }
}

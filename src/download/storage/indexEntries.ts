/**
 * The index file's entries: their shape, the key they are found by, and reading them back from text, refusing any
 * file whose entries are out of shape (a committed index must not point a link elsewhere). Pure.
 */
export interface IndexEntry {
  /** Google's PickedMediaItem.id (stable across sessions). */
  id: string;
  /** `original`, or the box it was resized into, such as `2048x2048`. */
  size: string;
  /** The file's name in this folder. */
  file: string;
  bytes: number;
  sha256: string;
  /** The type the bytes came as (a resized HEIC is image/jpeg). */
  mimeType?: string;
  importedAt: string;
}

export function keyOf(id: string, size: string): string {
  return `${size}\u0000${id}`;
}

/** The entries, or undefined when the text is not an index (any entry out of shape counts: the file is suspect). */
export function parseIndex(text: string): Map<string, IndexEntry> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const items = (data as { items?: unknown } | null)?.items;
  if ((data as { version?: unknown } | null)?.version !== 1 || !Array.isArray(items)) return undefined;
  const entries = new Map<string, IndexEntry>();
  for (const item of items as Partial<IndexEntry>[]) {
    if (!isEntry(item)) return undefined;
    entries.set(keyOf(item.id, item.size), {
      id: item.id,
      size: item.size,
      file: item.file,
      bytes: item.bytes,
      sha256: item.sha256,
      mimeType: item.mimeType,
      importedAt: item.importedAt,
    });
  }
  return entries;
}

function isEntry(item: Partial<IndexEntry> | null): item is IndexEntry {
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.id === 'string' &&
    item.id !== '' &&
    typeof item.size === 'string' &&
    // A plain name in this folder: an index committed to a repository must not point a link elsewhere.
    typeof item.file === 'string' &&
    item.file !== '' &&
    !item.file.startsWith('.') && // nor `..`, nor the index and its lock
    // No separator, drive (C:photo.jpg is a name on POSIX, a path on Windows) or control character: none is written.
    !/[\\/<>:"|?*\u0000-\u001f]/.test(item.file) &&
    Number.isSafeInteger(item.bytes) &&
    (item.bytes as number) > 0 &&
    typeof item.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(item.sha256) &&
    typeof item.importedAt === 'string' &&
    (item.mimeType === undefined || typeof item.mimeType === 'string')
  );
}

/**
 * HEIC and AVIF (ISO base media files): the primary item's image size ('ispe'), turned by its 'irot' as viewers show
 * it. meta > pitm names the primary item; meta > iprp > ipma lists each item's properties by index into ipco.
 */
import type { ByteReader, PixelSize } from './byteReader';

interface Box {
  type: string;
  /** Where its content starts (after the header; a full box's version and flags are part of the content). */
  start: number;
  end: number;
}

/** The boxes in [start, end), stopping at one that would run past `end`. */
function* boxes(bytes: ByteReader, start: number, end: number): Generator<Box> {
  for (let at = start; at + 8 <= end;) {
    let size = bytes.u32be(at);
    let header = 8;
    if (size === 1) {
      if (bytes.u32be(at + 8) !== 0) return; // a 64-bit size beyond 4 GB: not a header we need
      size = bytes.u32be(at + 12);
      header = 16;
    } else if (size === 0) {
      size = end - at; // to the end
    }
    if (size < header || at + size > end) return;
    yield { type: bytes.ascii(at + 4, 4), start: at + header, end: at + size };
    at += size;
  }
}

function child(bytes: ByteReader, parent: Box, type: string, skip = 0): Box | undefined {
  for (const box of boxes(bytes, parent.start + skip, parent.end)) if (box.type === type) return box;
  return undefined;
}

export function isoBmffSize(bytes: ByteReader): PixelSize | undefined {
  const file: Box = { type: 'file', start: 0, end: bytes.length };
  const meta = child(bytes, file, 'meta');
  if (!meta) return undefined;
  const inMeta = (type: string) => child(bytes, meta, type, 4); // meta is a full box
  const pitm = inMeta('pitm');
  const iprp = inMeta('iprp');
  const ipco = iprp && child(bytes, iprp, 'ipco');
  const ipma = iprp && child(bytes, iprp, 'ipma');
  if (!pitm || !ipco || !ipma) return undefined;
  const primary = bytes.u8(pitm.start) === 0 ? bytes.u16be(pitm.start + 4) : bytes.u32be(pitm.start + 4);
  const properties = [...boxes(bytes, ipco.start, ipco.end)];
  let size: PixelSize | undefined;
  let quarterTurns = 0;
  for (const index of propertyIndexes(bytes, ipma, primary)) {
    const property = properties[index - 1];
    if (property?.type === 'ispe') size = { width: bytes.u32be(property.start + 4), height: bytes.u32be(property.start + 8) };
    if (property?.type === 'irot') quarterTurns = bytes.u8(property.start) & 3;
  }
  return size && quarterTurns % 2 === 1 ? { width: size.height, height: size.width } : size;
}

/** The 1-based ipco indexes of the properties associated with `item`. */
function propertyIndexes(bytes: ByteReader, ipma: Box, item: number): number[] {
  const version = bytes.u8(ipma.start);
  const wideIndexes = (bytes.u8(ipma.start + 3) & 1) === 1;
  const count = bytes.u32be(ipma.start + 4);
  let at = ipma.start + 8;
  for (let i = 0; i < count && at < ipma.end; i++) {
    const id = version < 1 ? bytes.u16be(at) : bytes.u32be(at);
    at += version < 1 ? 2 : 4;
    const associations = bytes.u8(at++);
    const indexes: number[] = [];
    for (let a = 0; a < associations; a++) {
      indexes.push(wideIndexes ? bytes.u16be(at) & 0x7fff : bytes.u8(at) & 0x7f); // the top bit says "essential"
      at += wideIndexes ? 2 : 1;
    }
    if (id === item) return indexes;
  }
  return [];
}

/** What each header reader finds: the pixels as a browser shows them. */
export interface PixelSize {
  width: number;
  height: number;
}

/** Reads numbers and text at offsets of a byte array; a read past its end throws Truncated, and only that. */
export class Truncated extends Error {}

export class ByteReader {
  constructor(readonly bytes: Uint8Array) {}

  get length(): number {
    return this.bytes.length;
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.bytes[at];
  }

  u16be(at: number): number {
    this.need(at, 2);
    return (this.bytes[at] << 8) | this.bytes[at + 1];
  }

  u16le(at: number): number {
    this.need(at, 2);
    return this.bytes[at] | (this.bytes[at + 1] << 8);
  }

  u24le(at: number): number {
    this.need(at, 3);
    return this.bytes[at] | (this.bytes[at + 1] << 8) | (this.bytes[at + 2] << 16);
  }

  u32be(at: number): number {
    this.need(at, 4);
    return ((this.bytes[at] << 24) | (this.bytes[at + 1] << 16) | (this.bytes[at + 2] << 8) | this.bytes[at + 3]) >>> 0;
  }

  u32le(at: number): number {
    this.need(at, 4);
    return ((this.bytes[at + 3] << 24) | (this.bytes[at + 2] << 16) | (this.bytes[at + 1] << 8) | this.bytes[at]) >>> 0;
  }

  /** `length` bytes as Latin-1 text (four-character codes, signatures). */
  ascii(at: number, length: number): string {
    this.need(at, length);
    return String.fromCharCode(...this.bytes.subarray(at, at + length));
  }

  private need(at: number, length: number): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + length > this.bytes.length) throw new Truncated();
  }
}

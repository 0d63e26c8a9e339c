/** Google's media host: the bytes behind each baseUrl (=d, =dv, =wN, =wW-hH), videos' stills, thumbnails, and injected media faults. */
import type * as http from 'node:http';
import type { Fault } from './faults';
import { bearerToken, sendGoogleError, sendJson } from './http';
import { makeJpeg } from './sampleEncoders';
import type { SampleItem } from './sampleMedia';
import type { EmulatorState } from './state';

export class MediaHost {
  /** Resized JPEGs kept in memory: the emulator serves the same few sizes over and over. */
  private readonly resized = new Map<string, Buffer>();

  constructor(private readonly state: EmulatorState) {}

  /** /media/{sessionId}/{listing}/{itemId}={params}: only with a valid token, a picked item and a live listing. */
  async media(req: http.IncomingMessage, path: string, res: http.ServerResponse, fault: Fault | undefined): Promise<void> {
    if (!this.state.userFor(bearerToken(req))) return sendGoogleError(res, 401, 'UNAUTHENTICATED', 'Missing or invalid bearer token.');
    if (fault?.redirectTo) return void res.writeHead(302, { Location: fault.redirectTo }).end();
    const match = /^\/media\/([^/]+)\/(\d+)\/([^/=]+)(?:=(.*))?$/.exec(path);
    const session = match ? this.state.sessions.get(decodeURIComponent(match[1])) : undefined;
    const item = match && session?.picked.includes(match[3]) ? this.state.item(match[3]) : undefined;
    if (!match || !session || !item) return sendGoogleError(res, 404, 'NOT_FOUND', 'No such media item.');
    const listedAt = session.listings[Number(match[2])];
    if (listedAt === undefined || Date.now() - listedAt > this.state.options.baseUrlLifetimeMs)
      return sendGoogleError(res, 403, 'PERMISSION_DENIED', 'This baseUrl has expired; list the items again.');
    const { bytes, type } = this.render(item, match[4] ?? '', fault?.resizedMaxSide ?? Infinity);
    const { mediaFirstByteDelayMs, mediaBytesPerSecond } = this.state.options;
    if (mediaFirstByteDelayMs > 0) await new Promise((r) => setTimeout(r, mediaFirstByteDelayMs));
    res.writeHead(200, { 'Content-Type': fault?.contentType ?? type, 'Content-Length': bytes.length });
    if (fault?.truncateAfterBytes !== undefined) {
      res.write(bytes.subarray(0, fault.truncateAfterBytes), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    if (fault?.stallAfterBytes !== undefined) {
      res.write(bytes.subarray(0, fault.stallAfterBytes)); // and never end: a host that hangs mid-body
      return;
    }
    const rate = fault?.bytesPerSecond || mediaBytesPerSecond;
    if (rate) {
      const chunk = Math.max(1, Math.ceil(rate / 20));
      for (let at = 0; at < bytes.length && !res.destroyed; at += chunk) {
        res.write(bytes.subarray(at, at + chunk));
        await new Promise((r) => setTimeout(r, 50));
      }
      res.end();
      return;
    }
    res.end(bytes);
  }

  /** The picker page's thumbnails (no token: they are the emulator's own page's images). */
  thumbnail(itemId: string, res: http.ServerResponse): void {
    const item = this.state.item(itemId);
    if (!item) return sendJson(res, 404, {});
    const bytes = this.scaled(item, 200, 150);
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': bytes.length, 'Cache-Control': 'max-age=3600' }).end(bytes);
  }

  /**
   * `maxSide`: none unless a fault asks (Google documents no cap on the size it resizes to). `=wN` is width N (the
   * aspect kept), `=wW-hH` fits the box; on a video either is a still of it, as Google's is (a poster).
   */
  private render(item: SampleItem, params: string, maxSide: number): { bytes: Buffer; type: string } {
    const size = /^w(\d+)(?:-h(\d+))?/.exec(params);
    if (params === 'd' || params === 'dv') {
      if (item.type === 'VIDEO' && params !== 'dv') return { bytes: this.scaled(item, 320, 180), type: 'image/jpeg' }; // a video's thumbnail
      return { bytes: item.bytes(), type: item.mimeType };
    }
    if (size) {
      const height = size[2] === undefined ? Infinity : Number(size[2]);
      return { bytes: this.scaled(item, Math.min(Number(size[1]), maxSide), Math.min(height, maxSide)), type: 'image/jpeg' };
    }
    return { bytes: this.scaled(item, item.type === 'VIDEO' ? 320 : 256, item.type === 'VIDEO' ? 180 : 256), type: 'image/jpeg' };
  }

  /** A JPEG of the item fitted into w x h. */
  private scaled(item: SampleItem, w: number, h: number): Buffer {
    const scale = Math.min(w / item.width, h / item.height, 1);
    const width = Math.max(1, Math.round(item.width * scale));
    const height = Math.max(1, Math.round(item.height * scale));
    const key = `${item.id}:${width}x${height}`;
    let bytes = this.resized.get(key);
    if (!bytes) {
      bytes = makeJpeg(width, height, Number(item.id.replace(/\D/g, '')) || 1);
      this.resized.set(key, bytes);
    }
    return bytes;
  }
}

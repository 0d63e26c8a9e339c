/** The emulator's HTTP plumbing: JSON, Google error bodies, HTML, and bounded request bodies. */
import type * as http from 'node:http';
import { canonicalStatus } from '../src/picker/errors';

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

/**
 * Google's error shape, `{ error: { code, message, status, details? } }`; the status name defaults to the engine's own
 * table. A `reason` goes into the details as Google's ErrorInfo.
 */
export function sendGoogleError(
  res: http.ServerResponse,
  code: number,
  status: string | undefined,
  message: string,
  retryAfter?: string,
  reason?: string,
): void {
  if (retryAfter) res.setHeader('Retry-After', retryAfter);
  const details = reason ? { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }] } : {};
  sendJson(res, code, { error: { code, message, status: status ?? canonicalStatus(code), ...details } });
}

export function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) }).end(html);
}

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A form body, or a JSON object read as one (google-auth-library posts either). */
export async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    return new URLSearchParams(Object.entries(JSON.parse(body || '{}') as Record<string, string>));
  }
  return new URLSearchParams(body);
}

/** The request's bearer token, if any. */
export function bearerToken(req: http.IncomingMessage): string | undefined {
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
}

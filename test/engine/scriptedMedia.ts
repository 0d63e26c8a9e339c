/** A scripted media transport for the downloader's tests: answers given in turn, each ask and body read recorded. */
import type { DownloadOptions } from '../../src/download/downloader';
import type { MediaGet, MediaResponse } from '../../src/download/transport/mediaTransport';
import { NameReservations } from '../../src/workflow/naming';

export const MEDIA = 'https://lh3.googleusercontent.com/p/abc=d';

export interface Answer {
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scripted {
  get: MediaGet;
  asked: { url: string; token?: string }[];
  /** How many bodies were read, and how many dropped unread. */
  reads: number;
  discards: number;
}

/** A media GET that gives the scripted answers in turn (the last one again when they run out), and records each ask. */
export function scripted(...answers: Answer[]): Scripted {
  const record: Scripted = { get: undefined as unknown as MediaGet, asked: [], reads: 0, discards: 0 };
  record.get = async (url, headers) => {
    record.asked.push({ url, token: headers.Authorization });
    const { status = 200, headers: head = {}, body = '', statusText } = answers[Math.min(record.asked.length - 1, answers.length - 1)];
    const lower = new Map(Object.entries(head).map(([k, v]) => [k.toLowerCase(), v]));
    const response: MediaResponse = {
      status,
      statusText: statusText ?? (status === 200 ? 'OK' : 'Status'),
      header: (name) => lower.get(name.toLowerCase()),
      readBody: async (sink) => {
        record.reads++;
        const bytes = Buffer.from(body, 'latin1');
        if (bytes.length && !sink.write(bytes, 0, bytes.length)) await sink.drained();
      },
      discard: () => void record.discards++,
    };
    return response;
  };
  return record;
}

export const jpeg = (body: string, extra: Record<string, string> = {}): Answer => ({
  headers: { 'Content-Type': 'image/jpeg', 'Content-Length': String(body.length), ...extra },
  body,
});

export const redirect = (to: string): Answer => ({ status: 302, headers: { Location: to } });

/** The downloader's options for these tests: a fixed token, retries after 1 ms without jitter, `more` over them. */
export function downloadOptions(destDir: string, get: MediaGet, more: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    destDir,
    tokens: { getAccessToken: async () => 'token', refreshAccessToken: async () => 'token' },
    trustedTestOrigins: [],
    names: new NameReservations(),
    retryBaseDelayMs: 1,
    random: () => 0,
    get,
    ...more,
  };
}

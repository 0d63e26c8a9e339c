/** Injected faults: the next matching request(s) go wrong in a chosen way. */

export interface Fault {
  method?: string;
  /** Prefix of the path, e.g. "/v1/sessions", "/v1/mediaItems", "/media/", "/token". */
  path?: string;
  times?: number;
  /** Answer with this HTTP status and a Google JSON error body. */
  status?: number;
  errorStatus?: string;
  /** The google.rpc.ErrorInfo reason in the error's details, as Google gives it (SERVICE_DISABLED, ACCESS_TOKEN_SCOPE_INSUFFICIENT). */
  errorReason?: string;
  retryAfter?: string;
  /** Answer 200 with this JSON instead (e.g. a malformed pollInterval). */
  body?: unknown;
  delayMs?: number;
  /** Media only: send the headers (full Content-Length) and this many bytes, then drop the connection. */
  truncateAfterBytes?: number;
  /** Media only: send the headers and this many bytes, then nothing more while the connection stays open. */
  stallAfterBytes?: number;
  /** Media only: trickle the body at this rate. */
  bytesPerSecond?: number;
  /** Media only: send this Content-Type instead of the item's (e.g. text/html, as a sign-in page would). */
  contentType?: string;
  /**
   * Media only: a resized photo (=wW-hH) comes at most this many pixels a side, whatever was asked (Google documents
   * no cap; this is an answer whose size differs from the one asked for).
   */
  resizedMaxSide?: number;
  /** Media only: answer with a redirect to this URL. */
  redirectTo?: string;
}

export class FaultQueue {
  private readonly faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The first fault that matches, counted down (and removed once used up). */
  take(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => (!f.method || f.method === method) && (!f.path || path.startsWith(f.path)));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

/**
 * sha256 of finished files on a worker thread. On the main thread it costs an import about a second of CPU per GB,
 * time the downloads would wait for; on its own thread it runs beside them. The worker's source is inline, so it needs no file of its own in the bundle.
 */
import { Worker } from 'node:worker_threads';

// Synchronous reads into one reused buffer: the thread makes no garbage, so its heap stays small (see resourceLimits).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, file }) => {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const hash = createHash('sha256');
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
    parentPort.postMessage({ id, sha256: hash.digest('hex') });
  } catch (err) {
    parentPort.postMessage({ id, error: err.message });
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
});`;

type Reply = { id: number; sha256?: string; error?: string };

export class FileHasher {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (sha: string) => void; reject: (err: Error) => void }>();
  private nextId = 0;

  hash(file: string): Promise<string> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref(); // work in flight keeps a CLI process alive until it is done
      worker.postMessage({ id, file });
    });
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('the import ended before the file was hashed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 } });
    worker.on('message', ({ id, sha256, error }: Reply) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (sha256) waiter?.resolve(sha256);
      else waiter?.reject(new Error(error ?? 'hashing failed'));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the hashing thread stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}

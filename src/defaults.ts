/** Defaults the faces show before the engine is loaded (the VS Code layer loads the engine at the first import). */

/** Downloads in flight at once: Google's media host answers each after ~100-300 ms, so many at once is what is fast. */
export const DEFAULT_CONCURRENCY = 16;

/** Largest file accepted: Google Photos keeps videos of up to 10 GB; anything beyond that is not a file from there. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 ** 3;

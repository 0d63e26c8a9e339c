/**
 * The parts of the product loaded on first use, by the faces only (the engine's own libraries load through
 * src/vendor/libraries.ts). esbuild points each require() at a bundle of its own.
 */

/** The import engine: the extension needs it only when an import starts (dist/engine.js, a file of its own). */
export function importEngine(): typeof import('./import') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./import');
}

/** The Google emulator, for the CLI's --emulator only (never part of the extension). */
export function loadEmulator(): typeof import('../emulator/main') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../emulator/main');
}

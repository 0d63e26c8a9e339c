/**
 * Large libraries, loaded on first use rather than at activation (google-auth-library: ~290 KB, ~35 ms to load).
 * A require() inside a function: esbuild points it at dist/vendor/<name>.js, a file of its own, so the extension's
 * main bundle stays small and nothing of these is parsed until a sign-in, an import or a QR code needs it.
 */
export function googleAuthLibrary(): typeof import('./vendor/googleAuthLibrary') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./vendor/googleAuthLibrary');
}

/** Glob matching, only for a destination setting that maps globs (most never do). */
export function picomatchLibrary(): typeof import('picomatch') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('picomatch');
}

export function qrcodeLibrary(): typeof import('qrcode') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('qrcode');
}

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

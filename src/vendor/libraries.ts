/**
 * Large libraries, loaded on first use rather than at activation (google-auth-library: ~290 KB, ~35 ms to load).
 * A require() inside a function: esbuild points it at dist/vendor/<name>.js, a file of its own, so the extension's
 * main bundle stays small and nothing of these is parsed until a sign-in, an import or a QR code needs it.
 */
export function googleAuthLibrary(): typeof import('./googleAuthLibrary') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./googleAuthLibrary');
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

// Bundles the extension and the CLI. Type-checking is tsc's job (npm run typecheck).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

// The extension loads these on first use (a require() inside a function, see src/lazyModules.ts). Bundled into extension.js they would still be parsed at
// activation, so each becomes its own file under dist/vendor/, required only when the import() runs.
// google-auth-library's vendor file is src/vendor/googleAuthLibrary.ts, which also switches its logging off.
const LAZY = { 'google-auth-library': 'src/vendor/googleAuthLibrary.ts', qrcode: undefined, picomatch: undefined };
const lazyVendor = {
  name: 'lazy-vendor',
  setup(build) {
    build.onResolve({ filter: /^(google-auth-library|qrcode|picomatch|\.\/vendor\/googleAuthLibrary)$/ }, (args) => ({
      path: `./vendor/${args.path === './vendor/googleAuthLibrary' ? 'google-auth-library' : args.path}.js`,
      external: true,
    }));
  },
};

// The CLI's --emulator loads the emulator from dist/emulator.js, its own bundle, so a plain import never parses it.
const lazyEmulator = {
  name: 'lazy-emulator',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/emulator\/main$/ }, () => ({ path: './emulator.js', external: true }));
  },
};

// The import engine loads at the first import, not at activation: dist/engine.js, required by src/lazyModules.ts.
const lazyEngine = {
  name: 'lazy-engine',
  setup(build) {
    build.onResolve({ filter: /^\.\/import$/ }, (args) => (args.importer.endsWith('lazyModules.ts') ? { path: './engine.js', external: true } : undefined));
  },
};

// What the extension loads runs in VS Code's extension host: Node 18.17 in VS Code 1.86, the oldest that
// engines.vscode admits. esbuild lowers, or refuses, syntax that Node does not have.
const extensionHost = { ...common, target: 'node18.17' };

const builds = [
  { ...extensionHost, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyVendor, lazyEngine] },
  // Its own copies of the vendor libraries' entry points resolve to dist/vendor/ as the extension's do.
  { ...extensionHost, entryPoints: ['src/import.ts'], outfile: 'dist/engine.js', plugins: [lazyVendor] },
  ...Object.entries(LAZY).map(([name, entry]) => ({
    ...extensionHost,
    ...(entry ? { entryPoints: [entry] } : { stdin: { contents: `module.exports = require('${name}');`, resolveDir: __dirname, loader: 'js' } }),
    outfile: `dist/vendor/${name}.js`,
  })),
  // The CLI shares dist/vendor/: an import with a saved token never parses google-auth-library (less memory too).
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyEmulator, lazyVendor] },
  { ...common, entryPoints: ['emulator/main.ts'], outfile: 'dist/emulator.js' },
  // The panel's script runs in the webview (a browser), not in Node.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['src/webview/picker.ts'], outfile: 'dist/webview/picker.js' },
];

async function main() {
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('esbuild: watching');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

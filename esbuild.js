// Bundles the extension and the CLI. Type-checking is tsc's job (npm run typecheck).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const CLIENT_FILE_VARIABLE = 'GOOGLE_PHOTOS_OAUTH_CLIENT_FILE';

// The extension loads these on first use (a require() inside a function, see src/vendor/libraries.ts). Bundled into extension.js they would still be parsed at
// activation, so each becomes its own file under dist/vendor/, required only when the import() runs.
// google-auth-library's vendor file is src/vendor/googleAuthLibrary.ts, which also switches its logging off.
const LAZY = { 'google-auth-library': 'src/vendor/googleAuthLibrary.ts', qrcode: undefined, picomatch: undefined };
const lazyVendor = {
  name: 'lazy-vendor',
  setup(build) {
    build.onResolve({ filter: /^(google-auth-library|qrcode|picomatch|\.\/googleAuthLibrary)$/ }, (args) => ({
      path: `./vendor/${args.path === './googleAuthLibrary' ? 'google-auth-library' : args.path}.js`,
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
    build.onResolve({ filter: /^\.\/import$/ }, (args) =>
      args.importer.endsWith('lazyModules.ts') ? { path: './engine.js', external: true } : undefined,
    );
  },
};

/** Every bundle. `client` becomes src/auth/builtInClient.ts's BUILT_IN_OAUTH_CLIENT (undefined: the build has none). */
function buildOptions({ production, client }) {
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
    absWorkingDir: __dirname,
    define: {
      __BUILT_IN_OAUTH_CLIENT__: client ? JSON.stringify({ clientId: client.clientId, clientSecret: client.clientSecret }) : 'undefined',
    },
  };
  // What the extension loads runs in VS Code's extension host: Node 18.17 in VS Code 1.86, the oldest that
  // engines.vscode admits. esbuild lowers, or refuses, syntax that Node does not have.
  const extensionHost = { ...common, target: 'node18.17' };
  return [
    {
      ...extensionHost,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      external: ['vscode'],
      plugins: [lazyVendor, lazyEngine],
    },
    // Its own copies of the vendor libraries' entry points resolve to dist/vendor/ as the extension's do.
    { ...extensionHost, entryPoints: ['src/import.ts'], outfile: 'dist/engine.js', plugins: [lazyVendor] },
    ...Object.entries(LAZY).map(([name, entry]) => ({
      ...extensionHost,
      ...(entry
        ? { entryPoints: [entry] }
        : { stdin: { contents: `module.exports = require('${name}');`, resolveDir: __dirname, loader: 'js' } }),
      outfile: `dist/vendor/${name}.js`,
    })),
    // The CLI shares dist/vendor/: an import with a saved token never parses google-auth-library (less memory too).
    {
      ...common,
      entryPoints: ['src/cli.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
      plugins: [lazyEmulator, lazyVendor],
    },
    { ...common, entryPoints: ['emulator/main.ts'], outfile: 'dist/emulator.js' },
    // The panel's script runs in the webview (a browser), not in Node.
    {
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      entryPoints: ['src/webview/importPanel.ts'],
      outfile: 'dist/webview/importPanel.js',
    },
  ];
}

/**
 * The publisher's OAuth client, for a production build (npm run package): the JSON Google's console downloads for a
 * Desktop app client, named by GOOGLE_PHOTOS_OAUTH_CLIENT_FILE and checked by src/auth/oauthClientFile.ts. Other
 * builds have none, so `npm run build` and the tests sign in only with a client the settings or the environment name.
 */
function builtInClient(production, env = process.env) {
  const file = env[CLIENT_FILE_VARIABLE];
  if (!file) return undefined;
  if (!production) {
    console.warn(
      `esbuild.js: ${CLIENT_FILE_VARIABLE} is read by production builds only (npm run package); this build has no client built in.`,
    );
    return undefined;
  }
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${CLIENT_FILE_VARIABLE}: cannot read ${file} (${err.code ?? err.message}).`);
  }
  return loadTypeScript('src/auth/oauthClientFile.ts').parseDesktopClientFile(text, file);
}

/** A pure module of src/ for this script: bundled in memory, then evaluated. */
function loadTypeScript(entry) {
  const [out] = esbuild.buildSync({
    entryPoints: [path.join(__dirname, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  }).outputFiles;
  const loaded = { exports: {} };
  new Function('module', 'exports', 'require', out.text)(loaded, loaded.exports, require);
  return loaded.exports;
}

async function main() {
  const production = process.argv.includes('--production');
  const builds = buildOptions({ production, client: builtInClient(production) });
  if (process.argv.includes('--watch')) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('esbuild: watching');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

if (require.main === module) {
  main().catch((err) => {
    // esbuild has printed its own errors (err.errors); ours are one sentence.
    console.error(err.errors ? err.message : `esbuild.js: ${err.message}`);
    process.exit(1);
  });
}

// For the tests that build the CLI with a client file of their own.
module.exports = { buildOptions, builtInClient };

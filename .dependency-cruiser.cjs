/**
 * The layers of ARCHITECTURE.md's table ("may import"), checked by `npm run lint` (dependency-cruiser). A rule here
 * and a row there say the same thing: change both together.
 */
const ENGINE = '^src/(auth|download|picker|util|vendor|workflow)/|^src/(import|importReport|endpoints|trustedUrl|defaults)[.]ts$';
/** Node's ways out of the process: files, the network, other processes and threads. */
const NODE_IO = '^(node:)?(fs|fs/promises|net|tls|http|https|http2|dgram|dns|child_process|worker_threads|cluster)$';
/** Shared definitions every engine layer may use. */
const SHARED = '^src/(util/|endpoints[.]ts$|trustedUrl[.]ts$|defaults[.]ts$)';
const TYPE_ONLY = ['type-only', 'type-import'];

/** A rule: modules in `from` may import nothing in src/ or emulator/ outside `allowed` (plus type-only imports of `types`). */
function onlyImports(name, comment, from, allowed, types) {
  const rule = { name, comment, severity: 'error', from: { path: from }, to: { path: '^(src|emulator)/', pathNot: allowed } };
  const rules = [rule];
  if (types) {
    rule.to.pathNot = `${allowed}|${types}`;
    rules.push({ name: `${name}-value-import`, comment: `${comment}; from ${types}, types only`, severity: 'error', from: { path: from }, to: { path: types, pathNot: allowed, dependencyTypesNot: TYPE_ONLY } });
  }
  return rules;
}

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'Modules import one way: a circle (types included) means a definition is in the wrong place.', severity: 'error', from: {}, to: { circular: true } },
    { name: 'engine-not-vscode', comment: 'The engine runs in the CLI too: it never imports vscode nor the VS Code face.', severity: 'error', from: { path: ENGINE }, to: { path: '^vscode$|/@types/vscode/|^src/vscode/|^src/extension[.]ts$|^src/cli' } },
    { name: 'engine-not-lazy-modules', comment: 'lazyModules.ts loads the engine and the emulator: only the faces use it.', severity: 'error', from: { path: ENGINE }, to: { path: '^src/lazyModules[.]ts$' } },
    { name: 'src-not-emulator', comment: 'The emulator is loaded by the CLI only through lazyModules.ts (its own bundle).', severity: 'error', from: { path: '^src/', pathNot: '^src/lazyModules[.]ts$' }, to: { path: '^emulator/' } },
    ...onlyImports('util-is-the-bottom', 'util/ imports nothing of the product', '^src/util/', '^src/util/'),
    ...onlyImports('picker-imports-util', 'picker/ (the Picker protocol) imports util/ only', '^src/picker/', '^src/picker/|^src/util/'),
    ...onlyImports('workflow-imports-util', 'workflow/ (pure rules) imports util/ and its own modules', '^src/workflow/', '^src/workflow/|^src/util/', '^src/picker/types[.]ts$'),
    { name: 'workflow-is-pure', comment: 'workflow/ holds pure rules: no files, no network, no processes.', severity: 'error', from: { path: '^src/workflow/' }, to: { path: NODE_IO } },
    { name: 'workflow-no-packages', comment: 'workflow/ holds pure rules: no third-party package (no network library).', severity: 'error', from: { path: '^src/workflow/' }, to: { path: 'node_modules/', pathNot: 'node_modules/@types/node/' } },
    ...onlyImports('download-layer', 'download/ (bytes to disk) imports util/, workflow/ and the shared definitions', '^src/download/', `^src/download/|^src/workflow/|${SHARED}`, '^src/picker/|^src/importReport[.]ts$'),
    ...onlyImports('auth-layer', 'auth/ (sign-in) imports util/, the endpoints and the vendor loader', '^src/auth/', `^src/auth/|^src/vendor/|${SHARED}`),
    ...onlyImports('import-report-types', 'importReport.ts is the events and summary, types only', '^src/importReport[.]ts$', '^$', '^src/workflow/'),
    ...onlyImports('vendor-layer', 'vendor/ wraps third-party libraries', '^src/vendor/', '^src/vendor/'),
    {
      name: 'extension-loads-engine-lazily',
      comment: 'extension.js loads the engine (dist/engine.js) at the first import: the VS Code face takes its values only through lazyModules.ts, else two copies of its classes would exist.',
      severity: 'error',
      from: { path: '^src/vscode/|^src/extension[.]ts$' },
      to: { path: '^src/(import[.]ts$|download/)', dependencyTypesNot: TYPE_ONLY },
    },
    ...onlyImports('webview-layer', 'The panel\'s script runs in a browser: from outside webview/ it takes types, and values only from the pure countdown and view modules', '^src/webview/', '^src/webview/|^src/util/clock[.]ts$|^src/vscode/importView[.]ts$', '^src/'),
    { name: 'webview-values-are-pure', comment: 'What the panel\'s script takes values from imports only types itself (it is bundled for a browser).', severity: 'error', from: { path: '^src/util/clock[.]ts$|^src/vscode/importView[.]ts$' }, to: { dependencyTypesNot: TYPE_ONLY } },
    ...onlyImports('emulator-uses-definitions', 'The emulator uses the engine\'s own definitions only (status names, loopback check, Durations, scopes)', '^emulator/', '^emulator/|^src/(endpoints|trustedUrl)[.]ts$|^src/picker/(duration|errors)[.]ts$|^src/util/'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(out|dist)/' },
  },
};

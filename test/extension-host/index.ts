/**
 * The extension-host test runner (extensionTestsPath): mocha over out/test/extension-host/*.test.js inside a real VS Code.
 * Both launchers load this same module: code-server's extension host here, @vscode/test-electron where VS Code can
 * be downloaded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  // Which VS Code and which Node the suite ran on, for the log: the floor's and the newest's differ in both.
  console.log(`VS Code ${vscode.version}, extension host on Node ${process.versions.node}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      console.log(`extension host: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}

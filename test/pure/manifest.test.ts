import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONTEXT_KEYS } from '../../src/vscode/commands';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
/**
 * The oldest VS Code the extension runs on. Its API needs 1.74 (LogOutputChannel; commands that activate the
 * extension without activation events); its extension host needs Node 18.17 (global fetch, AbortSignal.any), which
 * VS Code ships from 1.86 on (Electron 27). `npm run test:vscode:floor` runs the suites on it (tools/toolchain.mjs).
 */
const VSCODE_FLOOR = '1.86.0';

describe('the extension manifest', () => {
  it("claims the oldest VS Code it runs on, and compiles against that version's API only", () => {
    assert.equal(manifest.engines.vscode, `^${VSCODE_FLOOR}`);
    assert.equal(manifest.devDependencies['@types/vscode'], VSCODE_FLOOR, 'an API newer than the floor does not compile');
    const installed = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@types/vscode/package.json'), 'utf8')).version as string;
    assert.equal(installed, VSCODE_FLOOR, 'the installed @types/vscode is the one package.json names (npm ci)');
  });

  it('activates only on its commands and its authentication provider', () => {
    assert.deepEqual(manifest.activationEvents, ['onAuthenticationRequest:google-photos']);
    assert.ok(!JSON.stringify(manifest.activationEvents).includes('*'));
  });

  it('declares workspace trust and virtual workspaces as they are', () => {
    // Untrusted folders work, but their own settings cannot steer where files are written (or linked from).
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    // Every setting a workspace can set decides where files go, what is inserted into the user's document, or
    // whether an import can succeed: a cloned repository's own values of them are ignored until it is trusted.
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    const workspaceSettable = Object.entries<{ scope?: string }>(manifest.contributes.configuration.properties)
      .filter(([, prop]) => prop.scope !== 'application' && prop.scope !== 'machine')
      .map(([key]) => key);
    assert.deepEqual([...restricted].sort(), workspaceSettable.sort());
    for (const key of [
      'googlePhotosImport.linkTemplates',
      'googlePhotosImport.altText',
      'googlePhotosImport.maxFileSizeMB',
      'googlePhotosImport.responsiveWidths',
      'googlePhotosImport.videoPosters',
    ])
      assert.ok(restricted.includes(key), key);
    // Files are written with Node's fs to a folder on disk, which a virtual workspace does not have.
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.equal(manifest.extensionKind[0], 'workspace', 'runs where the files are, also in remote windows');
  });

  it('keeps settings that steer the sign-in out of workspace settings', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of ['googlePhotosImport.endpoint', 'googlePhotosImport.oauth.clientId', 'googlePhotosImport.oauth.clientSecret']) {
      assert.equal(props[key].scope, 'application', key);
    }
    // Per folder, like the other download settings: each site may want its own sizes.
    for (const key of ['googlePhotosImport.destination', 'googlePhotosImport.responsiveWidths', 'googlePhotosImport.videoPosters'])
      assert.equal(props[key].scope, 'resource', key);
    for (const [key, prop] of Object.entries<Record<string, unknown>>(props))
      assert.ok(prop.markdownDescription, `${key} has a markdownDescription`);
  });

  it('has every %placeholder% in package.nls.json, and nothing unused there', () => {
    const used = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    for (const key of used) assert.ok(key in nls, `${key} missing from package.nls.json`);
    for (const key of Object.keys(nls)) assert.ok(used.includes(key), `${key} is never used`);
  });

  it('has a walkthrough from nothing to a first import, each step with its page', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.deepEqual(
      walkthrough.steps.map((s: { id: string }) => s.id),
      ['project', 'api', 'client', 'secret', 'signin', 'import', 'pageReady', 'try'],
    );
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
      assert.ok(step.completionEvents.length > 0, `${step.id} can be completed`);
    }
    const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    const linked = [...JSON.stringify(nls).matchAll(/command:([\w.]+)/g)].map((m) => m[1]);
    // Besides the extension's own commands, a step may open VS Code's settings.
    for (const command of linked)
      assert.ok(commands.has(command) || command === 'workbench.action.openSettings', `a step links to ${command}, which exists`);
  });

  it("shows the walkthrough's client setup steps only when the package has no client built in", () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const when = Object.fromEntries(walkthrough.steps.map((s: { id: string; when?: string }) => [s.id, s.when]));
    for (const id of ['project', 'api', 'client', 'secret']) assert.equal(when[id], `!${CONTEXT_KEYS.hasBuiltInClient}`, id);
    for (const id of ['signin', 'import', 'pageReady', 'try']) assert.equal(when[id], undefined, id);
  });

  it('contributes exactly the commands the extension registers (src/vscode/commands.ts)', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  });

  it('has a 128x128 PNG icon', () => {
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});

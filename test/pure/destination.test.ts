import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { chooseDestination, type FolderLike } from '../../src/vscode/destination';

describe('choosing the destination folder (fake URIs)', () => {
  const folder = (name: string, fsPath: string, scheme = 'file'): FolderLike => ({ name, uri: { scheme, fsPath, toString: () => `${scheme}://${fsPath}` } });
  const blog = folder('blog', '/home/me/blog');
  const site = folder('site', '/home/me/site');

  it('uses the only folder, with the setting relative to it', () => {
    assert.deepEqual(chooseDestination([blog], undefined, 'assets'), { kind: 'folder', folder: blog, fsPath: path.resolve('/home/me/blog/assets'), label: 'assets/' });
    const nested = chooseDestination([blog], undefined, 'static/img/');
    assert.equal(nested.kind === 'folder' && nested.fsPath, path.resolve('/home/me/blog/static/img'));
  });

  it('in a multi-root workspace, uses the active editor\'s folder, else asks', () => {
    const chosen = chooseDestination([blog, site], site, 'assets');
    assert.equal(chosen.kind === 'folder' && chosen.label, 'site/assets');
    assert.deepEqual(chooseDestination([blog, site], undefined, 'assets'), { kind: 'ask', folders: [blog, site] });
  });

  it('offers to open a folder when there is none', () => {
    assert.deepEqual(chooseDestination(undefined, undefined, 'assets'), { kind: 'no-workspace' });
    assert.deepEqual(chooseDestination([], undefined, 'assets'), { kind: 'no-workspace' });
  });

  it('refuses settings that leave the workspace folder, and folders not on disk', () => {
    for (const bad of ['../outside', 'assets/../../x', '..']) {
      assert.deepEqual(chooseDestination([blog], undefined, bad), { kind: 'invalid', reason: 'outside', detail: bad }, bad);
    }
    for (const bad of ['/etc', 'C:\\Windows']) assert.equal((chooseDestination([blog], undefined, bad) as { reason?: string }).reason, 'absolute', bad);
    const virtual = chooseDestination([folder('remote', '/repo', 'vscode-vfs')], undefined, 'assets');
    assert.deepEqual(virtual, { kind: 'invalid', reason: 'not-on-disk', detail: 'remote' });
  });
});


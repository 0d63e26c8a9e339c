import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { chooseDestination, type FolderLike } from '../../src/vscode/destination';

describe('choosing the destination folder (fake URIs)', () => {
  const folder = (name: string, fsPath: string, scheme = 'file'): FolderLike => ({
    name,
    uri: { scheme, fsPath, toString: () => `${scheme}://${fsPath}` },
  });
  const blog = folder('blog', '/home/me/blog');
  const site = folder('site', '/home/me/site');

  it('uses the only folder, with the setting relative to it', () => {
    assert.deepEqual(chooseDestination([blog], undefined, 'assets'), {
      kind: 'folder',
      folder: blog,
      fsPath: path.resolve('/home/me/blog/assets'),
      label: 'assets/',
    });
    const nested = chooseDestination([blog], undefined, 'static/img/');
    assert.equal(nested.kind === 'folder' && nested.fsPath, path.resolve('/home/me/blog/static/img'));
  });

  it("in a multi-root workspace, uses the active editor's folder, else asks", () => {
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
    for (const bad of ['/etc', 'C:\\Windows'])
      assert.equal((chooseDestination([blog], undefined, bad) as { reason?: string }).reason, 'absolute', bad);
    const virtual = chooseDestination([folder('remote', '/repo', 'vscode-vfs')], undefined, 'assets');
    assert.deepEqual(virtual, { kind: 'invalid', reason: 'not-on-disk', detail: 'remote' });
  });

  describe('patterns and globs', () => {
    const post = { relativePath: 'content/posts/hello world.md' };
    const resolved = (setting: Parameters<typeof chooseDestination>[2], document?: { relativePath: string }) => {
      const choice = chooseDestination([blog], undefined, setting, false, document);
      return choice.kind === 'folder' ? path.relative(blog.uri.fsPath, choice.fsPath).split(path.sep).join('/') : choice;
    };

    it('fills in every document variable and keeps the per-item ones for the engine', () => {
      assert.equal(resolved('static/images/${documentBaseName}', post), 'static/images/hello world');
      assert.equal(resolved('${documentDirName}/img', post), 'content/posts/img');
      assert.equal(resolved('${documentDirName}/img', { relativePath: 'README.md' }), 'img', 'a document at the root');
      assert.equal(resolved('files/${documentFileName}', post), 'files/hello world.md');
      assert.equal(resolved('assets/${createYear}/${createMonth}-${createDay}', post), 'assets/${createYear}/${createMonth}-${createDay}');
      assert.equal(resolved('a/$${documentBaseName}', post), 'a/$${documentBaseName}', 'an escape stays for the engine to read as text');
      assert.equal(
        resolved('img/${documentBaseName}', { relativePath: 'p/${createYear}.md' }),
        'img/$${createYear}',
        'a name that looks like a variable is escaped',
      );
      assert.equal(resolved('Bilder/${documentBaseName}', { relativePath: 'Beiträge/Straße Ω.md' }), 'Bilder/Straße Ω');
      assert.equal(resolved('img\\${documentBaseName}', post), 'img/hello world', 'Windows separators');
    });

    it('maps the document through globs, first match wins; without a document only "**" applies', () => {
      const map = { 'content/posts/**': 'static/images/${documentBaseName}', 'docs/*.md': 'docs/img', '**': 'assets' };
      assert.equal(resolved(map, post), 'static/images/hello world');
      assert.equal(resolved(map, { relativePath: 'docs/guide.md' }), 'docs/img');
      assert.equal(resolved(map, { relativePath: 'docs/deep/guide.md' }), 'assets', '* stays in one folder');
      assert.equal(resolved(map, { relativePath: '.github/README.md' }), 'assets', 'dot folders match too');
      assert.equal(resolved(map), 'assets');
      assert.deepEqual(resolved({ 'content/**': 'x' }), { kind: 'invalid', reason: 'no-match', detail: '' });
      assert.deepEqual(resolved({ 'content/**': 'x' }, { relativePath: 'notes.md' }), {
        kind: 'invalid',
        reason: 'no-match',
        detail: 'notes.md',
      });
    });

    it('says which variable needs a document, and which one is unknown', () => {
      assert.deepEqual(resolved('img/${documentBaseName}'), { kind: 'invalid', reason: 'needs-document', detail: 'documentBaseName' });
      assert.deepEqual(resolved('img/${docName}', post), { kind: 'invalid', reason: 'unknown-variable', detail: 'docName' });
    });

    it('refuses a pattern that leaves the folder, whatever the document is called', () => {
      assert.equal((resolved('../${documentBaseName}', post) as { reason: string }).reason, 'outside');
      assert.equal((resolved('${documentDirName}/../../..', post) as { reason: string }).reason, 'outside');
      assert.equal((resolved('${createYear}/../../x', post) as { reason: string }).reason, 'outside');
      assert.equal((resolved({ '**': '/etc/${documentBaseName}' }, post) as { reason: string }).reason, 'absolute');
    });
  });
});

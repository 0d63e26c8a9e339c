import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, type Run, runCli } from './cliRun';
import { emulatorAndFolderPerTest } from './helpers';

describe('the headless import writes links (--links-for, dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let site: string;
  before(requireBuiltCli);
  emulatorAndFolderPerTest({ pollInterval: '0.2s' }, (e, folder) => {
    emulator = e;
    site = folder;
  });

  const againstEmulator = () => ({ GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken() });
  const run = (args: string[]) => runCli(['import', ...args], againstEmulator(), { cwd: site });
  const pick = async (r: Run, itemIds = ['item-0001', 'item-0004']) => {
    emulator.pick((await emulator.waitForSession()).id, { itemIds });
    return r.exit;
  };
  const post = (text: string, mode = 0o640) => {
    const file = path.join(site, 'content', 'trip.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode });
    fs.chmodSync(file, mode);
    return file;
  };

  it('prints the links alone on stdout, relative to the document, with the summary on stderr', async () => {
    const doc = post('# Trip\n');
    const r = run(['--dest', 'assets', '--links-for', doc, '--alt', '${index}: ${title}']);
    assert.equal(await pick(r), 0, r.stderr());
    assert.equal(r.stdout(), '![1: IMG 0001](../assets/IMG_0001.JPG)\n![2: harbour panorama](../assets/harbour-panorama.jpg)\n');
    assert.match(r.stderr(), /Imported 2 file\(s\) into/);
  });

  it('gives --json a "links" string, site-root under --link-root, with a caption', async () => {
    fs.mkdirSync(path.join(site, 'public'));
    const r = run([
      '--dest',
      'public/images',
      '--links-for',
      'src/pages/trip.html',
      '--link-root',
      'public',
      '--caption',
      'Photo ${index} & more',
      '--json',
    ]);
    assert.equal(await pick(r, ['item-0001']), 0, r.stderr());
    const summary = JSON.parse(r.stdout());
    assert.equal(
      summary.links,
      '<figure><img src="/images/IMG_0001.JPG" alt="IMG 0001" width="640" height="480"><figcaption>Photo 1 &amp; more</figcaption></figure>',
    );
  });

  it('--insert-at replaces the marker line, keeping the rest of the document and its mode', async () => {
    const doc = post('# Trip\r\n\r\n  <!-- photos -->\r\nThe end.\r\n', 0o666);
    const r = run(['--dest', 'assets', '--links-for', doc, '--insert-at', '<!-- photos -->']);
    assert.equal(await pick(r), 0, r.stderr());
    assert.equal(
      fs.readFileSync(doc, 'utf8'),
      '# Trip\r\n\r\n  ![IMG 0001](../assets/IMG_0001.JPG)\r\n  ![harbour panorama](../assets/harbour-panorama.jpg)\r\nThe end.\r\n',
    );
    if (process.platform !== 'win32') assert.equal(fs.statSync(doc).mode & 0o777, 0o666, 'a mode the umask narrows is kept');
    assert.deepEqual(fs.readdirSync(path.dirname(doc)), ['trip.md'], 'no temporary file left');
    assert.match(r.stdout(), /harbour-panorama/, 'the links are printed too');
  });

  it('leaves a document without the marker alone, says so, and prints the links', async () => {
    const doc = post('# Trip\n');
    const r = run(['--dest', 'assets', '--links-for', doc, '--insert-at', '<!-- photos -->']);
    assert.equal(await pick(r, ['item-0001']), 0, r.stderr());
    assert.equal(fs.readFileSync(doc, 'utf8'), '# Trip\n');
    assert.match(r.stderr(), /no line of .*trip\.md reads "<!-- photos -->", so it was left as it is/);
    assert.equal(r.stdout(), '![IMG 0001](../assets/IMG_0001.JPG)\n');
  });

  it('--insert-at keeps a hard-linked document one file: every name shows the links', async () => {
    const doc = post('<!-- photos -->\n');
    const other = path.join(site, 'trip-copy.md');
    fs.linkSync(doc, other);
    const r = run(['--dest', 'assets', '--links-for', doc, '--insert-at', '<!-- photos -->']);
    assert.equal(await pick(r, ['item-0001']), 0, r.stderr());
    assert.equal(fs.readFileSync(doc, 'utf8'), '![IMG 0001](../assets/IMG_0001.JPG)\n');
    assert.equal(fs.readFileSync(other, 'utf8'), '![IMG 0001](../assets/IMG_0001.JPG)\n', 'the other name sees it too');
    assert.equal(fs.statSync(doc).ino, fs.statSync(other).ino);
    assert.deepEqual(fs.readdirSync(path.dirname(doc)), ['trip.md'], 'no temporary file left');
  });

  it('--insert-at leaves a hard-linked document it cannot write as it was, with nothing beside it', async function () {
    const doc = post('<!-- photos -->\n');
    fs.linkSync(doc, path.join(site, 'trip-copy.md'));
    try {
      execFileSync('chattr', ['+i', doc], { stdio: 'ignore' }); // refuses even root, unlike a file mode
    } catch {
      this.skip();
    }
    try {
      const r = run(['--dest', 'assets', '--links-for', doc, '--insert-at', '<!-- photos -->']);
      assert.equal(await pick(r, ['item-0001']), 1);
      assert.match(r.stderr(), /trip\.md could not be rewritten \(EPERM\); it is as it was\. Paste the printed links instead/);
      assert.equal(fs.readFileSync(doc, 'utf8'), '<!-- photos -->\n');
      assert.deepEqual(fs.readdirSync(path.dirname(doc)), ['trip.md'], 'no temporary file left');
    } finally {
      execFileSync('chattr', ['-i', doc], { stdio: 'ignore' });
    }
  });

  it('--insert-at leaves a document that is not UTF-8 alone, before any session', async () => {
    const latin1 = Buffer.from('Caf\xe9\n<!-- photos -->\n', 'latin1');
    const doc = post('');
    fs.writeFileSync(doc, latin1);
    const r = run(['--dest', 'assets', '--links-for', doc, '--insert-at', '<!-- photos -->']);
    assert.equal(await r.exit, 1);
    assert.match(r.stderr(), /trip\.md is not UTF-8 text, so it is left alone; paste the printed links instead/);
    assert.deepEqual(fs.readFileSync(doc), latin1);
    assert.equal(emulator.sessions.size, 0, 'no session was created');
  });

  it('refuses to write into a document edited while the user picked', async () => {
    const doc = post('<!-- photos -->\n');
    const r = run(['--dest', 'assets', '--links-for', doc, '--insert-at', '<!-- photos -->']);
    const session = await emulator.waitForSession();
    fs.writeFileSync(doc, '<!-- photos -->\nA line typed meanwhile.\n');
    emulator.pick(session.id, { itemIds: ['item-0001'] });
    assert.equal(await r.exit, 1);
    assert.equal(fs.readFileSync(doc, 'utf8'), '<!-- photos -->\nA line typed meanwhile.\n');
    assert.match(r.stderr(), /trip\.md changed while importing, so the links were not written into it/);
    assert.equal(r.stdout(), '![IMG 0001](../assets/IMG_0001.JPG)\n', 'the links are printed to paste');
  });

  it('says what is wrong with the link options before any session', async () => {
    const doc = post('# Trip\n');
    const cases: [string[], RegExp][] = [
      [['--links-for', doc, '--alt', '${camera}'], /--alt: unknown variable \$\{camera\}/],
      [['--links-for', doc, '--caption', '${lens}'], /--caption: unknown variable \$\{lens\}/],
      [['--insert-at', 'x'], /--insert-at shapes the links of --links-for DOC/],
      [['--links-for', 'notes.txt'], /no link format for "notes\.txt"; the document's name ends in one of \.md/],
      [['--links-for', 'missing.md', '--insert-at', 'x'], /--insert-at: cannot read .*missing\.md \(ENOENT\)/],
      [['--links-for', doc, '--link-root', 'nowhere'], /--link-root: .*nowhere is not a folder/],
    ];
    for (const [args, message] of cases) {
      const r = run(['--dest', 'assets', ...args]);
      assert.equal(await r.exit, 1, args.join(' '));
      assert.match(r.stderr(), message);
    }
    assert.equal(emulator.sessions.size, 0, 'no session was created');
  });
});

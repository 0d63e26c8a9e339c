import * as assert from 'node:assert/strict';
import { altTextFor, hasLinkFormat, type LinkedFile, makeLink, makeLinks } from '../../src/workflow/links';
import { TemplateError } from '../../src/workflow/template';

const doc = '/site/content/posts/trip.md';
const photo = (fsPath: string, width = 640, height = 480): LinkedFile => ({ fsPath, kind: 'photo', width, height });
const video = (fsPath: string): LinkedFile => ({ fsPath, kind: 'video', width: 1280, height: 720 });
const at = (languageId: string, documentPath = doc) => ({ languageId, documentPath });

describe('links for the page being written (makeLink)', () => {
  // [language, photo link, video link] for a file next to the document's folder's parent.
  const table: [string, string, string][] = [
    ['markdown', '![sunset](../../assets/sunset.jpg)', '<video controls src="../../assets/clip.mp4" title="clip"></video>'],
    ['mdx', '![sunset](../../assets/sunset.jpg)', '<video controls src="../../assets/clip.mp4" title="clip"></video>'],
    [
      'html',
      '<img src="../../assets/sunset.jpg" alt="sunset" width="640" height="480">',
      '<video controls src="../../assets/clip.mp4"></video>',
    ],
    [
      'vue',
      '<img src="../../assets/sunset.jpg" alt="sunset" width="640" height="480">',
      '<video controls src="../../assets/clip.mp4"></video>',
    ],
    [
      'svelte',
      '<img src="../../assets/sunset.jpg" alt="sunset" width="640" height="480">',
      '<video controls src="../../assets/clip.mp4"></video>',
    ],
    [
      'astro',
      '<img src="../../assets/sunset.jpg" alt="sunset" width="640" height="480">',
      '<video controls src="../../assets/clip.mp4"></video>',
    ],
    [
      'php',
      '<img src="../../assets/sunset.jpg" alt="sunset" width="640" height="480">',
      '<video controls src="../../assets/clip.mp4"></video>',
    ],
    ['asciidoc', 'image::../../assets/sunset.jpg[sunset]', 'video::../../assets/clip.mp4[]'],
    ['restructuredtext', '.. image:: ../../assets/sunset.jpg\n   :alt: sunset', '`clip <../../assets/clip.mp4>`_'],
    ['latex', '\\includegraphics[width=\\linewidth]{../../assets/sunset.jpg}', '% video: ../../assets/clip.mp4'],
    ['org', '[[file:../../assets/sunset.jpg]]', '[[file:../../assets/clip.mp4]]'],
  ];
  for (const [languageId, photoLink, videoLink] of table) {
    it(`${languageId}: photo and video`, () => {
      assert.equal(makeLink(photo('/site/assets/sunset.jpg'), at(languageId)), photoLink);
      assert.equal(makeLink(video('/site/assets/clip.mp4'), at(languageId)), videoLink);
      assert.ok(hasLinkFormat(languageId));
    });
  }

  it('has no format for other languages, unless the settings give a template', () => {
    assert.equal(hasLinkFormat('plaintext'), false);
    assert.equal(hasLinkFormat('typescript'), false);
    assert.throws(() => makeLink(photo('/site/a.jpg'), at('plaintext')), TemplateError);
    const settings = { templates: { plaintext: 'IMAGE ${path} (${width}x${height}, ${fileName}: ${alt})' } };
    assert.ok(hasLinkFormat('plaintext', settings));
    assert.equal(makeLink(photo('/site/content/posts/a_b.jpg'), at('plaintext'), settings), 'IMAGE a_b.jpg (640x480, a_b.jpg: a b)');
  });

  it('lets a template override a built-in format, with a video variant', () => {
    const settings = { templates: { markdown: { photo: '{{< figure src="${path}" alt="${alt}" >}}', video: '{{< video "${path}" >}}' } } };
    assert.equal(
      makeLink(photo('/site/static/images/a.jpg'), at('markdown'), settings),
      '{{< figure src="../../static/images/a.jpg" alt="a" >}}',
    );
    assert.equal(makeLink(video('/site/static/v.mp4'), at('markdown'), settings), '{{< video "../../static/v.mp4" >}}');
    // Only a photo template given: videos keep the built-in format.
    assert.equal(
      makeLink(video('/site/v.mp4'), at('markdown', '/site/p.md'), { templates: { markdown: { photo: '${path}' } } }),
      '<video controls src="v.mp4" title="v"></video>',
    );
  });

  it('names an unknown template variable and the setting it is in', () => {
    assert.throws(
      () => makeLink(photo('/site/a.jpg'), at('markdown'), { templates: { markdown: '![${legend}](${path})' } }),
      (e: Error) => e instanceof TemplateError && /googlePhotosImport\.linkTemplates/.test(e.message) && /\$\{legend\}/.test(e.message),
    );
    assert.throws(
      () => altTextFor('a.jpg', 1, '${titel}'),
      (e: Error) => e instanceof TemplateError && /googlePhotosImport\.altText/.test(e.message) && /\$\{titel\}/.test(e.message),
    );
    assert.throws(() => altTextFor('a.jpg', 1, '${__proto__}'), TemplateError, 'no inherited property counts as a variable');
  });

  it('writes paths that render: spaces, parentheses, #, %, non-ASCII names', () => {
    const md = (name: string) => makeLink(photo(`/site/content/posts/${name}`), at('markdown'));
    assert.equal(md('my trip.jpg'), '![my trip](<my trip.jpg>)');
    assert.equal(md('a(1).jpg'), '![a(1)](<a(1).jpg>)');
    assert.equal(md('no#1.jpg'), '![no#1](no%231.jpg)');
    assert.equal(md('100%.jpg'), '![100%](100%25.jpg)');
    assert.equal(md('Straße am Meer Ω.jpeg'), '![Straße am Meer Ω](<Straße am Meer Ω.jpeg>)');
    assert.equal(md('[x].jpg'), '![\\[x\\]]([x].jpg)', 'brackets in the alt text are escaped');
    const html = makeLink(photo('/site/content/posts/my "best" & #1.jpg'), at('html'));
    assert.equal(html, '<img src="my%20%22best%22%20&amp;%20%231.jpg" alt="my &quot;best&quot; &amp; #1" width="640" height="480">');
    assert.equal(makeLink(photo('/site/content/posts/my trip.jpg'), at('asciidoc')), 'image::my%20trip.jpg[my trip]');
    assert.equal(makeLink(photo('/site/content/posts/my trip.jpg'), at('restructuredtext')), '.. image:: my\\ trip.jpg\n   :alt: my trip');
    assert.equal(
      makeLink(photo('/site/content/posts/my_trip.jpg'), at('latex')),
      '\\includegraphics[width=\\linewidth]{\\detokenize{my_trip.jpg}}',
    );
  });

  // Each renderer's reading of these is proven in test/renderers; these pin the text written.
  it('escapes what would open markup in a name, per format', () => {
    const link = (languageId: string, name: string) =>
      makeLink(photo(`/site/content/posts/${name}`), at(languageId), { altText: '${fileName}' });
    assert.equal(
      link('markdown', 'a `b` *c* _d_ <e> & ~f~ {g}.jpg'),
      '![a \\`b\\` \\*c\\* \\_d\\_ \\<e\\> \\& \\~f\\~ \\{g\\}.jpg](<a %60b%60 *c* _d_ %3Ce%3E %26 ~f~ %7Bg%7D.jpg>)',
    );
    assert.equal(
      link('markdown', 'no\u00a0break\u3000wide.jpg'),
      '![no\u00a0break\u3000wide.jpg](no%C2%A0break%E3%80%80wide.jpg)',
      'other spaces are encoded',
    );
    // Braces are entities in HTML-like attributes: Svelte, Astro and MDX read {…} as code.
    assert.equal(
      link('html', 'a\\b `c` {d}\u2009e.jpg'),
      '<img src="a%5Cb%20%60c%60%20%7Bd%7D%E2%80%89e.jpg" alt="a\\b `c` &#123;d&#125;\u2009e.jpg" width="640" height="480">',
    );
    assert.equal(
      link('asciidoc', "a,b it's (C) &copy; {sp}....jpg"),
      'image::a,b%20it\'s%20(C)%20%26copy;%20%7Bsp%7D....jpg["a,b it\\\'s \\(C) \\&copy; \\{sp}\\....jpg"]',
    );
    assert.equal(link('asciidoc', 'sunset.jpg'), 'image::sunset.jpg[sunset.jpg]', 'an alt text with nothing to escape stays unquoted');
    assert.equal(link('restructuredtext', 'me@home #1 100%.jpg'), '.. image:: me%40home\\ %231\\ 100%25.jpg\n   :alt: me@home #1 100%.jpg');
    assert.equal(
      makeLink(video('/site/content/posts/a `b` <c>.mp4'), at('restructuredtext')),
      '`a \\`b\\` \\<c\\> <a\\ %60b%60\\ %3Cc%3E.mp4>`_',
    );
    assert.equal(
      link('latex', '100% #1 {a}^b\\c.jpg'),
      '\\includegraphics[width=\\linewidth]{\\detokenize{100}\\csname c_percent_str\\endcsname\\detokenize{ }\\csname c_hash_str\\endcsname\\detokenize{1 }\\csname c_left_brace_str\\endcsname\\detokenize{a}\\csname c_right_brace_str\\endcsname\\csname c_circumflex_str\\endcsname\\detokenize{b}\\csname c_backslash_str\\endcsname\\detokenize{c.jpg}}',
    );
    assert.equal(link('org', 'a[1]\\.jpg'), '[[file:a\\[1\\]\\.jpg]]');
    assert.equal(link('org', 'x\\[y.jpg'), '[[file:x\\\\\\[y.jpg]]', 'a backslash before a bracket is doubled');
  });

  it('keeps a backslash in a POSIX file name, and keeps a name with a colon from reading as a URL scheme', () => {
    assert.equal(makeLink(photo('/site/back\\slash.jpg'), at('markdown', '/site/p.md')), '![back\\\\slash](back%5Cslash.jpg)');
    assert.equal(makeLink(photo('/site/a:b.jpg'), at('markdown', '/site/p.md')), '![a:b](./a:b.jpg)');
    assert.equal(makeLink(photo('/site/img/a:b.jpg'), at('markdown', '/site/p.md')), '![a:b](img/a:b.jpg)');
    assert.equal(makeLink(photo('/site/static/a:b.jpg'), at('markdown', '/site/p.md'), { linkRoot: '/site/static' }), '![a:b](/a:b.jpg)');
  });

  it('uses / on every OS, Windows paths included', () => {
    assert.equal(makeLink(photo('C:\\blog\\assets\\a.jpg'), at('markdown', 'C:\\blog\\posts\\trip.md')), '![a](../assets/a.jpg)');
    assert.equal(
      makeLink(photo('C:\\blog\\static\\images\\a.jpg'), at('markdown', 'C:\\blog\\content\\trip.md'), { linkRoot: 'C:\\blog\\static' }),
      '![a](/images/a.jpg)',
    );
  });

  it('links from the site root under the link root, relative elsewhere', () => {
    const settings = { linkRoot: '/site/static' };
    assert.equal(makeLink(photo('/site/static/images/a.jpg'), at('markdown'), settings), '![a](/images/a.jpg)');
    assert.equal(
      makeLink(photo('/site/assets/a.jpg'), at('markdown'), settings),
      '![a](../../assets/a.jpg)',
      'outside the link root: relative',
    );
    assert.equal(
      makeLink(photo('/site/static-old/a.jpg'), at('markdown'), settings),
      '![a](../../static-old/a.jpg)',
      'a sibling whose name starts the same is outside',
    );
  });

  it('links across workspace folders with a relative path', () => {
    assert.equal(
      makeLink(photo('/work/media-repo/assets/a.jpg'), at('markdown', '/work/blog/posts/p.md')),
      '![a](../../media-repo/assets/a.jpg)',
    );
  });

  it('leaves out width and height that Google did not give', () => {
    assert.equal(makeLink({ fsPath: '/site/a.jpg', kind: 'photo' }, at('html', '/site/p.html')), '<img src="a.jpg" alt="a">');
  });

  it('joins several links in pick order: one per line, block formats with a blank line between', () => {
    const files = [photo('/site/a.jpg'), photo('/site/b.jpg')];
    assert.equal(makeLinks(files, at('markdown', '/site/p.md')), '![a](a.jpg)\n![b](b.jpg)');
    assert.equal(makeLinks(files, at('restructuredtext', '/site/p.rst')), '.. image:: a.jpg\n   :alt: a\n\n.. image:: b.jpg\n   :alt: b');
    assert.equal(makeLinks(files, at('markdown', '/site/p.md'), { altText: 'Photo ${index}' }), '![Photo 1](a.jpg)\n![Photo 2](b.jpg)');
  });

  it('makes alt text from the file name: no extension, dashes and underscores as spaces', () => {
    assert.equal(altTextFor('harbour-panorama.jpg', 1), 'harbour panorama');
    assert.equal(altTextFor('IMG_0001.JPG', 1), 'IMG 0001');
    assert.equal(altTextFor('README', 1), 'README');
    assert.equal(altTextFor('a.jpg', 3, '${fileStem} #${index} (${fileName})'), 'a #3 (a.jpg)');
  });
});

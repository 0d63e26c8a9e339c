import * as assert from 'node:assert/strict';
import { factsOf } from '../../src/workflow/facts';
import { altTextFor, checkLinkSettings, type LinkedFile, makeLink, makeLinks } from '../../src/workflow/links';
import { escapeSnippetText, makeLinksSnippet } from '../../src/workflow/linkSnippet';
import { TemplateError } from '../../src/workflow/template';

const at = (languageId: string, documentPath = '/site/posts/p.md') => ({ languageId, documentPath });
const responsive: LinkedFile = {
  fsPath: '/site/assets/sea.jpg',
  kind: 'photo',
  width: 2000,
  height: 1500,
  variants: [
    { width: 480, fsPath: '/site/assets/sea-480w.jpg' },
    { width: 1024, fsPath: '/site/assets/sea-1024w.jpg' },
  ],
};
const clip: LinkedFile = { fsPath: '/site/assets/clip.mp4', kind: 'video', posterPath: '/site/assets/clip.poster.jpg' };
const facts = factsOf({
  cameraMake: 'Google',
  cameraModel: 'Pixel 8',
  width: 4000,
  height: 3000,
  photoMetadata: { focalLength: 6.9, apertureFNumber: 1.7, isoEquivalent: 50, exposureTime: '0.008s' },
});

describe('page-ready links: responsive sizes, posters, facts, captions', () => {
  it('gives HTML-like languages an img with srcset and sizes; Markdown keeps one image', () => {
    const img =
      '<img src="../assets/sea.jpg" srcset="../assets/sea-480w.jpg 480w, ../assets/sea-1024w.jpg 1024w, ../assets/sea.jpg 2000w" sizes="(max-width: 2000px) 100vw, 2000px" alt="sea" width="2000" height="1500">';
    for (const languageId of ['html', 'vue', 'svelte', 'astro', 'php']) assert.equal(makeLink(responsive, at(languageId)), img, languageId);
    assert.equal(makeLink(responsive, at('markdown')), '![sea](../assets/sea.jpg)');
    // MDX is JSX: the React name of the attribute, and a closed element.
    assert.equal(makeLink(responsive, at('mdx')), img.replace('srcset=', 'srcSet=').replace(/>$/, ' />'));
    assert.equal(
      makeLink({ ...responsive, variants: undefined }, at('mdx')),
      '![sea](../assets/sea.jpg)',
      'without sizes, MDX keeps Markdown',
    );
  });

  it('keeps a srcset whole for names with spaces and commas', () => {
    const file: LinkedFile = {
      fsPath: '/site/posts/a, b.jpg',
      kind: 'photo',
      width: 800,
      variants: [{ width: 400, fsPath: '/site/posts/a, b-400w.jpg' }],
    };
    assert.match(
      makeLink(file, at('html')),
      / srcset="a%2C%20b-400w\.jpg 400w, a%2C%20b\.jpg 800w" sizes="\(max-width: 800px\) 100vw, 800px"/,
    );
  });

  it('gives ${srcset}, ${sizes} and ${poster} to link templates, empty when there are none', () => {
    const templates = {
      markdown: {
        photo: '{{< img src="${path}" srcset="${srcset}" sizes="${sizes}" >}}',
        video: '{{< video src="${path}" poster="${poster}" >}}',
      },
    };
    assert.equal(
      makeLink(responsive, at('markdown'), { templates }),
      '{{< img src="../assets/sea.jpg" srcset="../assets/sea-480w.jpg 480w, ../assets/sea-1024w.jpg 1024w, ../assets/sea.jpg 2000w" sizes="(max-width: 2000px) 100vw, 2000px" >}}',
    );
    assert.equal(
      makeLink({ fsPath: '/site/a.jpg', kind: 'photo' }, at('markdown'), { templates }),
      '{{< img src="../a.jpg" srcset="" sizes="" >}}',
    );
    assert.equal(
      makeLink(clip, at('markdown'), { templates }),
      '{{< video src="../assets/clip.mp4" poster="../assets/clip.poster.jpg" >}}',
    );
    assert.equal(
      makeLink({ ...clip, posterPath: undefined }, at('markdown'), { templates }),
      '{{< video src="../assets/clip.mp4" poster="" >}}',
    );
  });

  it("shows a video poster in HTML-like links and in Markdown's video element", () => {
    assert.equal(makeLink(clip, at('html')), '<video controls poster="../assets/clip.poster.jpg" src="../assets/clip.mp4"></video>');
    assert.equal(
      makeLink(clip, at('markdown')),
      '<video controls poster="../assets/clip.poster.jpg" src="../assets/clip.mp4" title="clip"></video>',
    );
  });

  it("puts the photo's facts in alt text, captions and link templates (empty when Google gave none)", () => {
    const photo: LinkedFile = { fsPath: '/site/posts/a.jpg', kind: 'photo', facts };
    assert.equal(altTextFor('a.jpg', 1, '${title}, ${cameraModel} at f/${aperture}', facts), 'a, Pixel 8 at f/1.7');
    assert.equal(altTextFor('a.jpg', 1, '${title} (${cameraModel})'), 'a ()');
    const settings = { captionText: '${cameraMake} ${cameraModel}, ${focalLength} mm, f/${aperture}, ${exposureTime} s, ISO ${iso}' };
    assert.equal(
      makeLink(photo, at('html'), settings),
      '<figure><img src="a.jpg" alt="a" width="4000" height="3000"><figcaption>Google Pixel 8, 6.9 mm, f/1.7, 1/125 s, ISO 50</figcaption></figure>',
    );
    assert.equal(
      makeLink(photo, at('markdown'), { templates: { markdown: '${path} ${cameraModel} ${width}x${height} ${caption}' }, ...settings }),
      'a.jpg Pixel 8 4000x3000 Google Pixel 8, 6.9 mm, f/1.7, 1/125 s, ISO 50',
    );
  });

  it('escapes a caption for HTML, Svelte and MDX, and leaves Markdown without a figure', () => {
    const photo: LinkedFile = { fsPath: '/site/posts/a.jpg', kind: 'photo' };
    const settings = { captionText: '<b>${title}</b> & {x}' };
    const caption = '<figcaption>&lt;b&gt;a&lt;/b&gt; &amp; &#123;x&#125;</figcaption>';
    assert.equal(makeLink(photo, at('svelte'), settings), `<figure><img src="a.jpg" alt="a">${caption}</figure>`);
    assert.equal(makeLink(photo, at('mdx'), settings), `<figure><img src="a.jpg" alt="a" />${caption}</figure>`);
    assert.equal(
      makeLink({ ...clip, fsPath: '/site/posts/c.mp4', posterPath: undefined }, at('html'), settings),
      `<figure><video controls src="c.mp4"></video>${caption.replace('&gt;a&lt;', '&gt;c&lt;')}</figure>`,
    );
    assert.equal(makeLink(photo, at('markdown'), settings), '![a](a.jpg)');
  });

  it('checks every template of the settings before anything starts, naming the setting and the variable', () => {
    const fails = (settings: object, setting: string, variable: string) =>
      assert.throws(
        () => checkLinkSettings(settings),
        (e: Error) => e instanceof TemplateError && e.message.includes(setting) && e.message.includes(`\${${variable}}`),
      );
    fails({ altText: '${title} ${camera}' }, 'googlePhotosImport.altText', 'camera');
    fails({ captionText: '${isoSpeed}' }, 'googlePhotosImport.captionText', 'isoSpeed');
    fails({ templates: { html: { photo: '${path}', video: '${posterPath}' } } }, 'googlePhotosImport.linkTemplates', 'posterPath');
    fails({ altText: '${srcset}' }, 'googlePhotosImport.altText', 'srcset');
    checkLinkSettings({
      altText: '${title} ${exposureTime}',
      captionText: '${cameraMake}',
      templates: { markdown: '${srcset} ${sizes} ${poster} ${caption} ${iso}' },
    });
  });
});

describe('links as a snippet: alt texts as tab stops', () => {
  it("makes each link's alt text a placeholder, in pick order, its escaped text as the default", () => {
    const files: LinkedFile[] = [
      { fsPath: '/site/posts/a b.jpg', kind: 'photo' },
      { fsPath: '/site/posts/[x].jpg', kind: 'photo' },
    ];
    assert.equal(makeLinksSnippet(files, at('markdown')), '![${1:a b}](<a b.jpg>)\n![${2:\\\\[x\\\\]}]([x].jpg)');
    assert.equal(
      makeLinksSnippet([{ fsPath: '/site/posts/my "q".jpg', kind: 'photo', width: 4 }], at('html', '/site/posts/p.html')),
      '<img src="my%20%22q%22.jpg" alt="${1:my &quot;q&quot;}" width="4">',
    );
  });

  it('inserts the rest verbatim: $, } and \\ in names and templates are escaped', () => {
    const files: LinkedFile[] = [{ fsPath: '/site/posts/$5 {deal}.jpg', kind: 'photo' }];
    const settings = { templates: { markdown: '{{< figure src="${path}" alt="${alt}" >}} \\ $' } };
    assert.equal(
      makeLinksSnippet(files, at('markdown'), settings),
      '{{< figure src="\\$5 {deal\\}.jpg" alt="${1:\\$5 {deal\\}}" >\\}\\} \\\\ \\$',
    );
    assert.equal(escapeSnippetText('a$b}c\\d'), 'a\\$b\\}c\\\\d');
  });

  it('mirrors an alt text a template repeats, and gives no snippet where no link shows one', () => {
    const settings = { templates: { markdown: '<img alt="${alt}" title="${alt}">' } };
    assert.equal(
      makeLinksSnippet([{ fsPath: '/site/posts/a.jpg', kind: 'photo' }], at('markdown'), settings),
      '<img alt="${1:a}" title="${1:a}">',
    );
    assert.equal(makeLinksSnippet([{ fsPath: '/site/posts/a.jpg', kind: 'photo' }], at('latex', '/site/posts/p.tex')), undefined);
  });

  it('gives the same text as the plain links once the placeholders are resolved', () => {
    const files: LinkedFile[] = [responsive, clip, { fsPath: "/site/posts/it's 100% (ok) & <b>.jpg", kind: 'photo', width: 3, height: 2 }];
    for (const languageId of ['markdown', 'mdx', 'html', 'asciidoc', 'restructuredtext']) {
      const snippet = makeLinksSnippet(files, at(languageId), { captionText: '${title}' });
      assert.ok(snippet, languageId);
      const resolved = snippet.replace(/\$\{\d+:((?:\\.|[^\\}])*)\}/g, '$1').replace(/\\([$}\\])/g, '$1');
      assert.equal(resolved, makeLinks(files, at(languageId), { captionText: '${title}' }), languageId);
    }
  });
});

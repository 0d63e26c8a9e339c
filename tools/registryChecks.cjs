/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, so that the tests (compiled to CommonJS) and tools/package.mjs both load it */
// What the two registries check of a packaged extension, run offline on the .vsix (no network, no token): the
// Visual Studio Marketplace through vsce's own manifest validation, Open VSX through ovsx's own (the client reads the
// .vsix with readVSIXPackage and validateManifest) and the rules its server applies on publishing (the namespace and
// name pattern, semver, field sizes and characters, URLs, the gallery banner, a license). Run by tools/package.mjs on
// every `npm run package` output; test/pure/registryChecks.test.ts runs it on good and bad manifests.
const fs = require('node:fs');
const zlib = require('node:zlib');
const { validateManifestForPackaging } = require('@vscode/vsce/out/package');
const { validatePublisher } = require('@vscode/vsce/out/validation');
const { validateManifest: ovsxValidateManifest } = require('ovsx/lib/util');
const { readVSIXPackage } = require('ovsx/lib/zip');

// Open VSX's server (ExtensionValidator): namespace and extension names, field sizes, reserved versions.
const OPEN_VSX_NAME = /^[\w\-+$~]+$/;
const OPEN_VSX_FIELD_SIZE = 255;
const OPEN_VSX_DESCRIPTION_SIZE = 2048;
const OPEN_VSX_RESERVED_VERSIONS = ['latest', 'pre-release', 'reviews'];
// Semantic versioning 2.0.0, as both registries parse it.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
// Control, format, unassigned, private-use, line and paragraph separator characters: Open VSX refuses them.
const REFUSED_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u;
// The license file vsce packages (LICENSE, LICENSE.md or LICENSE.txt; a plain LICENSE gains .txt).
const LICENSE_FILE = /^extension\/licen[cs]e(\.(md|txt))?$/i;
// The Marketplace shows the icon at 128×128 and asks for at least that.
const ICON_MIN_SIZE = 128;

/**
 * Every reason either registry would refuse this extension, as sentences ([] when both accept it).
 * `manifest`: its package.json; `nls`: its package.nls.json; `files`: the .vsix's entries, name → contents.
 */
function registryProblems({ manifest, nls = {}, files = new Map() }) {
  const problems = [];
  const attempt = (registry, check) => {
    try {
      check();
    } catch (err) {
      problems.push(`${registry}: ${err.message}`);
    }
  };
  // vsce packages an extension without a publisher, but publishes none.
  attempt('Marketplace (vsce)', () => validateManifestForPackaging(manifest));
  attempt('Marketplace (vsce publish)', () => validatePublisher(manifest.publisher));
  attempt('Open VSX (ovsx)', () => ovsxValidateManifest(manifest));
  problems.push(...openVsxProblems(manifest, nls).map((p) => `Open VSX: ${p}`));
  if (!manifest.license && ![...files.keys()].some((name) => LICENSE_FILE.test(name))) {
    problems.push('Open VSX: the extension has no license: set "license" in package.json and ship a LICENSE file.');
  }
  problems.push(...iconProblems(manifest, files));
  return problems;
}

function openVsxProblems(manifest, nls) {
  const problems = [];
  for (const [field, value] of [
    ['publisher (the namespace)', manifest.publisher],
    ['name', manifest.name],
  ]) {
    if (typeof value === 'string' && value && !OPEN_VSX_NAME.test(value))
      problems.push(`invalid ${field} "${value}": letters, digits and _ - + $ ~ only.`);
    if (typeof value === 'string' && value.length > OPEN_VSX_FIELD_SIZE)
      problems.push(`${field} is longer than ${OPEN_VSX_FIELD_SIZE} characters.`);
  }
  if (typeof manifest.version === 'string') {
    if (OPEN_VSX_RESERVED_VERSIONS.includes(manifest.version)) problems.push(`the version "${manifest.version}" is reserved.`);
    else if (!SEMVER.test(manifest.version)) problems.push(`"${manifest.version}" is not a semantic version (https://semver.org/).`);
  }
  const text = (field, value, limit) => {
    if (value === undefined) return;
    const shown = localized(value, nls, field, problems);
    if (REFUSED_CHARACTERS.test(shown)) problems.push(`${field} holds a control or other invisible character.`);
    if (shown.length > limit) problems.push(`${field} is longer than ${limit} characters.`);
  };
  text('displayName', manifest.displayName, OPEN_VSX_FIELD_SIZE);
  text('description', manifest.description, OPEN_VSX_DESCRIPTION_SIZE);
  for (const category of manifest.categories ?? []) text('categories', category, OPEN_VSX_FIELD_SIZE);
  for (const keyword of manifest.keywords ?? []) text('keywords', keyword, OPEN_VSX_FIELD_SIZE);
  if (manifest.license !== undefined) text('license', manifest.license, OPEN_VSX_FIELD_SIZE);
  for (const field of ['homepage', 'repository', 'bugs']) {
    const value = urlOf(manifest[field]);
    if (value !== undefined && !isAbsoluteUrl(value)) problems.push(`${field} is not an absolute URL: ${value}`);
  }
  const banner = manifest.galleryBanner ?? {};
  if (banner.theme !== undefined && !['dark', 'light'].includes(banner.theme))
    problems.push(`galleryBanner.theme must be "dark" or "light", not "${banner.theme}".`);
  if (typeof banner.color === 'string' && banner.color.length > 16) problems.push('galleryBanner.color is longer than 16 characters.');
  if (manifest.markdown !== undefined && !['github', 'standard'].includes(manifest.markdown))
    problems.push(`markdown must be "github" or "standard", not "${manifest.markdown}".`);
  if (manifest.qna !== undefined && manifest.qna !== false && manifest.qna !== 'marketplace' && !isAbsoluteUrl(String(manifest.qna)))
    problems.push('qna must be "marketplace", false or a URL.');
  return problems;
}

/** A "%key%" value as the registries show it: package.nls.json's text. An unknown key would be shown as it is. */
function localized(value, nls, field, problems) {
  const key = /^%(.+)%$/.exec(String(value))?.[1];
  if (key === undefined) return String(value);
  if (typeof nls[key] !== 'string') {
    problems.push(`${field} is "${value}", but package.nls.json has no "${key}": the listing would show "${value}".`);
    return '';
  }
  return nls[key];
}

function urlOf(value) {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : (value?.url ?? '');
}

function isAbsoluteUrl(value) {
  try {
    const url = new URL(value.replace(/^git\+/, ''));
    return !/^https?:$/.test(url.protocol) || url.host !== '';
  } catch {
    return false;
  }
}

function iconProblems(manifest, files) {
  if (!manifest.icon) return ['Marketplace: no "icon": the listing would show a placeholder.'];
  const icon = files.get(`extension/${manifest.icon.replace(/^\.?\//, '')}`);
  if (!icon) return [`Marketplace: the icon ${manifest.icon} is not in the .vsix.`];
  if (icon.length < 24 || icon.readUInt32BE(0) !== 0x89504e47) return [`Marketplace: the icon ${manifest.icon} is not a PNG.`];
  const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
  return width < ICON_MIN_SIZE || height < ICON_MIN_SIZE
    ? [`Marketplace: the icon is ${width}×${height}; it needs at least ${ICON_MIN_SIZE}×${ICON_MIN_SIZE}.`]
    : [];
}

/** The .vsix's problems: its package.json read as ovsx reads it, its package.nls.json and its files. */
async function vsixProblems(vsix) {
  const manifest = await readVSIXPackage(vsix);
  const files = zipFiles(vsix);
  const nlsFile = files.get('extension/package.nls.json');
  return registryProblems({ manifest, nls: nlsFile ? JSON.parse(nlsFile.toString('utf8')) : {}, files });
}

/** Every entry of a zip, name → contents (stored or deflated, as vsce writes them). */
function zipFiles(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const files = new Map();
  let at = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const [method, compressedSize] = [buf.readUInt16LE(at + 10), buf.readUInt32LE(at + 20)];
    const [nameLength, extraLength, commentLength] = [buf.readUInt16LE(at + 28), buf.readUInt16LE(at + 30), buf.readUInt16LE(at + 32)];
    const local = buf.readUInt32LE(at + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressedSize);
    files.set(buf.toString('utf8', at + 46, at + 46 + nameLength), method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

module.exports = { registryProblems, vsixProblems, zipFiles };

import * as assert from 'node:assert/strict';
import { factsOf } from '../../src/workflow/facts';

describe("the photo's facts as template values", () => {
  it('reads camera, size and exposure as people write them', () => {
    const facts = factsOf({
      cameraMake: ' Google ',
      cameraModel: 'Pixel  8',
      width: 4032,
      height: 3024,
      photoMetadata: { focalLength: 6.81, apertureFNumber: 1.7, isoEquivalent: 100, exposureTime: '0.008s' },
    });
    assert.deepEqual(facts, {
      cameraMake: 'Google',
      cameraModel: 'Pixel 8',
      width: '4032',
      height: '3024',
      focalLength: '6.81',
      aperture: '1.7',
      iso: '100',
      exposureTime: '1/125',
    });
  });

  it('gives long exposures in seconds and leaves out what Google does not give or gives malformed', () => {
    assert.equal(factsOf({ photoMetadata: { exposureTime: '2.5s' } }).exposureTime, '2.5');
    const facts = factsOf({
      width: -1,
      cameraMake: 7 as unknown as string,
      photoMetadata: { exposureTime: 'fast', isoEquivalent: Infinity, focalLength: '' },
    });
    assert.deepEqual(facts, {
      cameraMake: '',
      cameraModel: '',
      width: '',
      height: '',
      focalLength: '',
      aperture: '',
      iso: '',
      exposureTime: '',
    });
    assert.deepEqual(Object.values(factsOf(undefined)).filter(Boolean), []);
  });
});

describe("facts from someone else's photo", () => {
  it('keep no control or bidirectional characters', () => {
    const facts = factsOf({ cameraMake: 'Evil\u001b]8;;http://x\u0007Cam\u202e', cameraModel: 'A\u0000B' });
    assert.equal(facts.cameraMake, 'Evil ]8;;http://x Cam');
    assert.equal(facts.cameraModel, 'A B');
  });
});

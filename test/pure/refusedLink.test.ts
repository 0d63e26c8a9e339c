import * as assert from 'node:assert/strict';
import { DownloadError } from '../../src/download/downloadErrors';
import { withFreshLinkOnRefusal } from '../../src/download/refusedLink';
import type { RefusedLinkOutcome } from '../../src/picker/freshUrls';
import type { PickedMediaItem } from '../../src/picker/types';

const item: PickedMediaItem = { id: 'item-1', mediaFile: { baseUrl: 'https://lh3.googleusercontent.com/old' } };
const refusal = () => new DownloadError('lh3.googleusercontent.com answered 403 Forbidden', false, 403);

describe('a link the media host refuses, asked for once more with a fresh one (refusedLink.ts)', () => {
  /** Downloads that answer in turn (an error is thrown), and the links they were asked with. */
  function downloads(...answers: (string | Error)[]) {
    const asked: string[] = [];
    const download = async (baseUrl: string) => {
      asked.push(baseUrl);
      const answer = answers[asked.length - 1];
      if (answer instanceof Error) throw answer;
      return answer;
    };
    return { asked, download };
  }
  const refresh = (outcome: RefusedLinkOutcome) => async () => outcome;
  const fresh = refresh({ kind: 'retry', baseUrl: 'https://lh3.googleusercontent.com/fresh' });

  it('downloads with the fresh link after a 403', async () => {
    const { asked, download } = downloads(refusal(), 'saved');
    assert.equal(await withFreshLinkOnRefusal(item, 'a.jpg', item.mediaFile.baseUrl, download, fresh), 'saved');
    assert.deepEqual(asked, ['https://lh3.googleusercontent.com/old', 'https://lh3.googleusercontent.com/fresh']);
  });

  it('a failure of the fresh link other than a 403 is that failure, not "refused even with a fresh link"', async () => {
    const serverError = new DownloadError('lh3.googleusercontent.com answered 500 Internal Server Error', true, 500);
    const { download } = downloads(refusal(), serverError);
    await assert.rejects(withFreshLinkOnRefusal(item, 'a.jpg', item.mediaFile.baseUrl, download, fresh), (err) => err === serverError);
  });

  it('a second 403 fails the item saying so; any other first failure, or no way to refresh, is the failure itself', async () => {
    await assert.rejects(
      withFreshLinkOnRefusal(item, 'a.jpg', item.mediaFile.baseUrl, downloads(refusal(), refusal()).download, fresh),
      /^DownloadError: Google refused the download of "a\.jpg" \(403\) even with a fresh link/,
    );
    const notFound = new DownloadError('answered 404', false, 404);
    await assert.rejects(withFreshLinkOnRefusal(item, 'a.jpg', 'x', downloads(notFound).download, fresh), (err) => err === notFound);
    const first = refusal();
    await assert.rejects(withFreshLinkOnRefusal(item, 'a.jpg', 'x', downloads(first).download, undefined), (err) => err === first);
  });
});

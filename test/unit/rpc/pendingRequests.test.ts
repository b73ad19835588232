/**
 * The one request tracker every message link uses: answers reach the request with their
 * id, progress does not settle it, a late or unknown answer is ignored, a send that throws
 * fails its request, and the other side going away fails exactly the requests sent to it.
 */
import { strict as assert } from 'node:assert';
import { PendingRequests } from '../../../src/rpc/pendingRequests';

describe('PendingRequests', () => {
  it('settles each request by its id, out of order, and ignores late and unknown answers', async () => {
    const pending = new PendingRequests<string>();
    const sent: number[] = [];
    const first = pending.start<string>('a', (id) => sent.push(id));
    const second = pending.start<string>('b', (id) => sent.push(id));
    assert.equal(new Set(sent).size, 2, 'ids are distinct');
    assert.equal(pending.context(sent[1]), 'b');
    assert.equal(pending.resolve(sent[1], 'two'), true);
    assert.equal(pending.resolve(sent[1], 'again'), false, 'an answer arriving twice is ignored');
    assert.equal(pending.reject(999, new Error('nobody')), false);
    assert.equal(pending.resolve(sent[0], 'one'), true);
    assert.deepEqual(await Promise.all([first, second]), ['one', 'two']);
    assert.equal(pending.size, 0);
    assert.equal(pending.context(sent[0]), undefined);
  });

  it('passes progress without settling, and rejects with the error given', async () => {
    const pending = new PendingRequests();
    let id = -1;
    const seen: string[] = [];
    const request = pending.start<number>(undefined, (n) => (id = n), (m) => seen.push(m));
    pending.progress(id, 'Reading weights.csv…');
    pending.progress(id, 'Checking weights.csv…');
    assert.equal(pending.size, 1);
    const error = new Error('weights.csv, row 4, column weight: not a number');
    pending.reject(id, error);
    await assert.rejects(request, (e) => e === error);
    assert.deepEqual(seen, ['Reading weights.csv…', 'Checking weights.csv…']);
  });

  it('fails a request whose send throws, and keeps nothing waiting', async () => {
    const pending = new PendingRequests();
    await assert.rejects(
      pending.start(undefined, () => {
        throw new Error('could not clone the message');
      }),
      /could not clone/,
    );
    assert.equal(pending.size, 0);
  });

  it('fails only the requests sent to the side that went away', async () => {
    const pending = new PendingRequests<'worker 1' | 'worker 2'>();
    const ids: number[] = [];
    const one = pending.start('worker 1', (id) => ids.push(id));
    const two = pending.start('worker 2', (id) => ids.push(id));
    const three = pending.start('worker 1', (id) => ids.push(id));
    let made = 0;
    pending.rejectWhere(() => new Error(`timed out ${++made}`), (w) => w === 'worker 1');
    await assert.rejects(one, /timed out 1/);
    await assert.rejects(three, /timed out 2/);
    assert.equal(pending.size, 1);
    pending.resolve(ids[1], 'fine');
    assert.equal(await two, 'fine');
  });
});

import { describe, expect, test } from 'vitest';
import { fetchQuoteModel } from '../../src/pushed/quote-model-client.ts';
import type { VenueFetch } from '../../src/pushed/venue-client.ts';

type Answer = { status: number; body?: string; etag?: string } | 'network';

function fakeServer(answer: Answer) {
  const seen: Record<string, string>[] = [];
  const fetch: VenueFetch = async (url, init) => {
    seen.push({ url, ...init.headers });
    if (answer === 'network') throw new TypeError(`Failed to fetch ${url} with ${JSON.stringify(init.headers)}`);
    const headers = new Headers(answer.etag ? { ETag: answer.etag } : {});
    return { status: answer.status, headers, text: async () => answer.body ?? '' };
  };
  return {
    seen,
    ask: (tag: string | null) => fetchQuoteModel({ baseUrl: 'https://venue.test/1', deviceToken: 'tok', fetch }, tag),
  };
}

const MODEL = { v: 1, learnedFrom: 3 };

describe('the venue’s learned quotes, as a tablet asks for them', () => {
  test('a new model comes with its tag; the held one’s tag is sent, and 304 says it is still the venue’s', async () => {
    const fresh = fakeServer({
      status: 200,
      etag: '"q7"',
      body: JSON.stringify({ model: MODEL, learnedFrom: 3, computedAt: 1, throughFinishedAt: 99 }),
    });
    expect(await fresh.ask(null)).toEqual({ kind: 'model', model: MODEL, throughFinishedAt: 99, tag: '"q7"' });
    expect(fresh.seen[0]).toMatchObject({ url: 'https://venue.test/1/quotes/model', Authorization: 'Bearer tok' });
    expect(fresh.seen[0]).not.toHaveProperty('If-None-Match');

    const same = fakeServer({ status: 304 });
    expect(await same.ask('"q7"')).toEqual({ kind: 'unchanged' });
    expect(same.seen[0]).toMatchObject({ 'If-None-Match': '"q7"' });
  });

  test('no answer, none learned yet, or an answer not as the contract says: nothing to use', async () => {
    for (const answer of [
      'network',
      { status: 404, body: '{"error":{"type":"no_quote_model"}}' },
      { status: 200, etag: '"q1"', body: 'not json' },
      { status: 200, etag: '"q1"', body: '{"model":{}}' },
      { status: 200, body: JSON.stringify({ model: MODEL, throughFinishedAt: 1 }) },
      { status: 304 },
    ] as Answer[])
      expect(await fakeServer(answer).ask(null)).toEqual({ kind: 'unavailable' });
  });
});

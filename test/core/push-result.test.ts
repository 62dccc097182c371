import { describe, expect, test } from 'vitest';
import {
  classifyPushResponse,
  classifyRelayResponse,
  forRecipient,
  NEEDS_VENUE_SERVER,
  heldUntilPaired,
  parseRetryAfter,
} from '../../src/core/push-result.ts';

const NOW = Date.parse('2026-11-28T20:00:00Z');
const classify = (status: number, body: string, retryAfter: string | null = null) =>
  classifyPushResponse(status, body, retryAfter, NOW);

describe('classifying Pushed answers', () => {
  test.each([
    [
      'sent',
      '{"response":{"type":"shipment_successfully_sent","message":"ok","data":{"shipment":"Ab12Cd"}}}',
      'Ab12Cd',
    ],
    ['queued', '{"response":{"type":"shipment_successfully_queued","message":"ok","data":{"shipment":"Q1"}}}', 'Q1'],
    ['an unheard-of type', '{"response":{"type":"whatever","data":{"shipment":"Z9"}}}', 'Z9'],
    ['no shipment id', '{"response":{"type":"shipment_successfully_sent"}}', null],
    ['a strange shipment id', '{"response":{"data":{"shipment":"<b>x</b>"}}}', null],
  ])('200 with response (%s) is delivered', (_, body, shipmentId) => {
    expect(classify(200, body)).toEqual({ kind: 'delivered', shipmentId });
  });

  test.each([
    [
      400,
      '{"error":{"type":"app_credentials_are_not_valid","message":"App credentials are not valid."}}',
      'app_credentials_are_not_valid',
      'App credentials are not valid.',
    ],
    [
      401,
      '{"error":{"type":"target_has_no_subscribers","message":"Target has no subscribers."}}',
      'target_has_no_subscribers',
      'Target has no subscribers.',
    ],
    [400, '{"error":{"type":"invalid_code","message":"bad"}}', 'invalid_code', 'bad'],
    [
      403,
      '{"error":{"type":"brand_new_error","message":"Passed through unchanged"}}',
      'brand_new_error',
      'Passed through unchanged',
    ],
    [
      200,
      '{"error":{"type":"target_has_no_subscribers","message":"in a 200"}}',
      'target_has_no_subscribers',
      'in a 200',
    ],
    [404, '<html><body>Not found</body></html>', 'http_404', ''],
    [400, '', 'http_400', ''],
    [400, '{"error":"just a string"}', 'http_400', ''],
    [422, '{"error":{}}', 'http_422', ''],
  ])('%i %s is refused', (status, body, errorType, message) => {
    expect(classify(status, body)).toEqual({ kind: 'refused', status, errorType, message });
  });

  test.each([
    [500, '{"error":{"type":"server","message":"x"}}', null, null],
    [502, '<html>Bad gateway</html>', null, null],
    [503, '', '120', 120_000],
    [504, 'upstream timed out', null, null],
    [429, '{"error":{"type":"rate_limited"}}', '5', 5_000],
    [408, '', 'Sat, 28 Nov 2026 20:01:00 GMT', 60_000],
    [503, '', 'soon', null],
  ])('%i is transient (Retry-After %s)', (status, body, retryAfter, retryAfterMs) => {
    expect(classify(status, body, retryAfter)).toEqual({ kind: 'transient', status, retryAfterMs });
  });

  test.each([
    [200, ''],
    [200, 'OK'],
    [200, '<html>Captive portal login</html>'],
    [200, '{"something":"else"}'],
    [204, ''],
    [302, ''],
    [0, ''],
  ])('%i with %j is unknown: it may have been sent', (status, body) => {
    expect(classify(status, body)).toEqual({ kind: 'unknown', cause: 'unreadable' });
  });

  test('Retry-After in the past or unreadable', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 19:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});

describe('a tablet opened from a venue server before pairing', () => {
  const refusedToken = classifyRelayResponse(
    401,
    '{"error":{"type":"unauthorized","message":"This device is not allowed to send: check its device token."}}',
    null,
    NOW,
  );

  test('the demo token refused by the venue server: the push waits for pairing, it does not fail on a token', () => {
    expect(refusedToken.kind).toBe('refused');
    expect(heldUntilPaired(refusedToken, true)).toEqual({ kind: 'held', why: 'not_paired' });
  });

  test('a token the owner typed, refused, still fails in words; other answers to the demo are as they were', () => {
    expect(heldUntilPaired(refusedToken, false)).toBe(refusedToken);
    const delivered = classifyRelayResponse(200, '{"response":{"data":{"shipment":"s1"}}}', null, NOW);
    expect(heldUntilPaired(delivered, true)).toBe(delivered);
    const badSecret = classifyRelayResponse(401, '{"error":{"type":"app_credentials_are_not_valid"}}', null, NOW);
    expect(heldUntilPaired(badSecret, true)).toBe(badSecret);
  });
});

describe('classifying the relay’s answers', () => {
  const relay = (status: number, body: string) => classifyRelayResponse(status, body, null, NOW);

  test.each([
    [502, '<html>Bad gateway</html>', 'relay'],
    [503, '', 'relay'],
    [500, '{"error":{"type":"relay_error","message":"The relay failed."}}', 'relay'],
    [429, '{"error":{"type":"rate_limited","message":"slow down"}}', 'relay'],
    [502, '{"error":{"type":"upstream_unreachable","message":"Pushed could not be reached."}}', 'pushed'],
    [500, '{"error":{"type":"sandbox_fault","message":"Failing on purpose with 500."}}', 'pushed'],
  ])('%i %s: %s did not answer', (status, body, unanswered) => {
    expect(relay(status, body)).toEqual({ kind: 'transient', status, retryAfterMs: null, unanswered });
  });

  test('anything else reads as Pushed’s answer would', () => {
    expect(relay(200, '{"response":{"data":{"shipment":"S1"}}}')).toEqual({ kind: 'delivered', shipmentId: 'S1' });
    expect(relay(401, '{"error":{"type":"unauthorized","message":"x"}}')).toMatchObject({
      kind: 'refused',
      errorType: 'unauthorized',
    });
    expect(relay(409, '{"error":{"type":"outcome_unknown","message":"x"}}')).toEqual({
      kind: 'unknown',
      cause: 'relay_lost',
    });
  });
});

describe('the venue server holding a push back', () => {
  const relay = (status: number, body: string) => classifyRelayResponse(status, body, null, NOW);
  test('a disconnected tablet: held, not refused, so the push waits for the tablet to be paired again', () => {
    expect(
      relay(401, '{"error":{"type":"device_revoked","message":"This tablet was disconnected from the venue server."}}'),
    ).toEqual({ kind: 'held', why: 'device_revoked' });
  });
  test('a venue without Pushed credentials yet: held too', () => {
    expect(relay(409, '{"error":{"type":"venue_not_configured","message":"…"}}')).toEqual({
      kind: 'held',
      why: 'venue_not_configured',
    });
  });
  test('an unknown token is still refused (a typing mistake in Settings is not waited out)', () => {
    expect(relay(401, '{"error":{"type":"unauthorized","message":"no"}}')).toMatchObject({
      kind: 'refused',
      errorType: 'unauthorized',
    });
  });
  test('Pushed itself saying device_revoked in a 200 or 400 is not the venue server holding it', () => {
    expect(relay(400, '{"error":{"type":"device_revoked","message":"x"}}')).toMatchObject({ kind: 'refused' });
  });
});

describe('a guest who allowed Pushed on their phone (target user)', () => {
  const relay = (status: number, body: string) => classifyRelayResponse(status, body, null, NOW);

  test.each(['pushed_permission_missing', 'pushed_permission_lost'])(
    'the venue server’s 409 %s is a refusal the host acts on, neither held nor retried',
    (type) => {
      expect(relay(409, `{"error":{"type":"${type}","message":"m"}}`)).toEqual({
        kind: 'refused',
        status: 409,
        errorType: type,
        message: 'm',
      });
    },
  );

  test('“no subscribers” for a user target is told apart from one for a PushedID, Pushed’s message kept', () => {
    const refused = relay(400, '{"error":{"type":"target_has_no_subscribers","message":"No subscribers."}}');
    expect(forRecipient(refused, { type: 'user' })).toEqual({
      kind: 'refused',
      status: 400,
      errorType: 'user_not_subscribed',
      message: 'No subscribers.',
    });
    expect(forRecipient(refused, { type: 'pushed_id' })).toBe(refused);
    const delivered = relay(200, '{"response":{"data":{"shipment":"S1"}}}');
    expect(forRecipient(delivered, { type: 'user' })).toBe(delivered);
  });

  test('one that cannot go straight to Pushed is refused, not retried', () => {
    expect(NEEDS_VENUE_SERVER).toMatchObject({ kind: 'refused', errorType: 'needs_venue_server' });
  });
});

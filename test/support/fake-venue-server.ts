import * as v from 'valibot';
import type { VenueFetch } from '../../src/pushed/venue-client.ts';
import {
  deviceAnswerSchema,
  devicesAnswerSchema,
  pairAnswerSchema,
  pairingOfferSchema,
  pairRequestSchema,
  venueAnswerSchema,
  venueChangesSchema,
} from '../../src/core/wire/venue.ts';

/** One tablet as the fake server keeps it. */
interface Device {
  id: string;
  label: string;
  token: string;
  pairedAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  pairedBy: string | null;
  revokedBy: string | null;
  lastOwnerAction: { action: 'venue' | 'pairing_code' | 'revoke' | 'pin'; at: string } | null;
}

/**
 * An in-memory venue server answering per /work/venue-api.md at the network boundary (a `fetch`),
 * for the kiosk's model and screens. One venue; codes are handed out with `addCode`.
 */
export function fakeVenueServer({ origin = 'http://127.0.0.1:4173', now = () => Date.now() } = {}) {
  const venue = {
    id: 'ven_1',
    name: 'Casa Prueba',
    appKey: '',
    appSecret: '',
    channelAlias: 'CasaPrueba',
    subscriptionLink: 'https://pushed.co/s/Casa1',
  };
  const devices: Device[] = [];
  const codes = new Map<string, { expiresAt: number; used: boolean }>();
  const requests: { method: string; url: string; auth: string | null; body: unknown; staffPin: string | null }[] = [];
  let nextToken = 0;
  let down = false;
  /** The venue's check-in page as GET /venue names it; absent (a server of before) until set. */
  let checkIn: { code: string; url: string | null } | null = null;
  /** The demo's server sharing its board says `demoSync: true` in GET /venue; no other server does. */
  let demoSync = false;
  /** The venue's staff PIN as the server knows it; null: none yet, owner actions need none. */
  let staffPin: string | null = null;

  const iso = (ms: number) => new Date(ms).toISOString();
  const publicDevice = (d: Device, current: Device | null) => ({
    id: d.id,
    label: d.label,
    pairedAt: d.pairedAt,
    lastSeenAt: d.lastSeenAt,
    revokedAt: d.revokedAt,
    current: d === current,
    pairedBy: d.pairedBy,
    revokedBy: d.revokedBy,
    lastOwnerAction: d.lastOwnerAction,
  });
  const publicVenue = () => {
    const { appSecret, ...rest } = venue;
    return { ...rest, hasAppSecret: appSecret !== '' };
  };
  // The fake speaks the contract: what it answers passes the wire's schema, or the test is wrong.
  const answer = (status: number, body: unknown, schema?: v.GenericSchema) => {
    if (schema) v.parse(schema, body);
    return sent(status, body);
  };
  const sent = (status: number, body: unknown) => ({
    status,
    headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
    text: async () => JSON.stringify(body),
  });
  const error = (status: number, type: string, extra: object = {}) =>
    answer(status, { error: { type, message: type, ...extra } });
  // What the server reads a request by: refused in the server's words when the schema refuses it.
  const read = <S extends v.GenericSchema>(schema: S, body: unknown) => v.safeParse(schema, body ?? {});

  const fetch: VenueFetch = async (url, init) => {
    const body: unknown = init.body ? JSON.parse(init.body) : undefined;
    const auth = init.headers.Authorization ?? null;
    requests.push({ method: init.method, url, auth, body, staffPin: init.headers['Waitbell-Staff-Pin'] ?? null });
    if (down) throw new TypeError('Failed to fetch');
    const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/relay\/1|^\/1/, '');
    if (init.method === 'POST' && path === '/pair') {
      const request = read(pairRequestSchema, body);
      if (!request.success) return error(400, 'invalid_request');
      const { code, label } = request.output;
      const key = code.replace(/[\s-]/g, '').toUpperCase();
      if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(key)) return error(400, 'invalid_pairing_code');
      const known = codes.get(key);
      if (!known) return error(404, 'pairing_code_unknown');
      if (known.used) return error(410, 'pairing_code_used');
      if (known.expiresAt < now()) return error(410, 'pairing_code_expired');
      known.used = true;
      const token = `tok${String(++nextToken).padStart(40, '0')}`;
      const device: Device = {
        id: `dev_${nextToken}`,
        label: label ?? `Tablet ${devices.length + 1}`,
        token,
        pairedAt: iso(now()),
        lastSeenAt: null,
        revokedAt: null,
        pairedBy: null,
        revokedBy: null,
        lastOwnerAction: null,
      };
      devices.push(device);
      return answer(
        200,
        {
          deviceToken: token,
          device: { id: device.id, label: device.label },
          venue: {
            id: venue.id,
            name: venue.name,
            channelAlias: venue.channelAlias,
            subscriptionLink: venue.subscriptionLink,
          },
        },
        pairAnswerSchema,
      );
    }
    const me = devices.find((d) => auth === `Bearer ${d.token}`) ?? null;
    if (!me) return error(401, 'unauthorized');
    if (me.revokedAt)
      return error(401, 'device_revoked', { message: 'This tablet was disconnected from the venue server.' });
    me.lastSeenAt = iso(now());
    /** An owner action's PIN check, as the server's (no tries counted here); null when it may go. */
    const owner = (action: Device['lastOwnerAction'] & {} extends { action: infer A } ? A : never) => {
      const given = init.headers['Waitbell-Staff-Pin'];
      if (staffPin !== null && !given) return error(403, 'staff_pin_required');
      if (staffPin !== null && given !== staffPin) return error(403, 'staff_pin_wrong', { triesLeft: 4 });
      me.lastOwnerAction = { action, at: iso(now()) };
      return null;
    };
    const venueAnswer = () =>
      answer(
        200,
        {
          venue: publicVenue(),
          device: { id: me.id, label: me.label },
          ...(checkIn ? { checkIn } : {}),
          ...(demoSync ? { demoSync: true } : {}),
        },
        venueAnswerSchema,
      );
    if (path === '/venue' && init.method === 'GET') return venueAnswer();
    if (path === '/venue' && init.method === 'PUT') {
      const request = read(venueChangesSchema, body);
      if (!request.success) return error(400, 'invalid_request');
      const refused = owner('venue');
      if (refused) return refused;
      const changes = request.output;
      const fields: { field: string; problem: string }[] = [];
      for (const field of ['appKey', 'appSecret', 'channelAlias'] as const) {
        const value = changes[field];
        if (value !== undefined && value !== '' && !/^[A-Za-z0-9]+$/.test(value))
          fields.push({ field, problem: 'bad_characters' });
      }
      if (changes.subscriptionLink !== undefined && !/^https:\/\/\S+$/.test(changes.subscriptionLink))
        fields.push({ field: 'subscriptionLink', problem: 'not_https' });
      if (changes.name !== undefined && changes.name.trim() === '') fields.push({ field: 'name', problem: 'required' });
      if (fields.length > 0) return error(400, 'invalid_venue_settings', { fields });
      for (const [k, value] of Object.entries(changes))
        if (k !== 'appSecret' || value) Object.assign(venue, { [k]: value });
      return venueAnswer();
    }
    if (path === '/devices' && init.method === 'GET')
      return answer(200, { devices: devices.map((d) => publicDevice(d, me)) }, devicesAnswerSchema);
    const revoke = /^\/devices\/([^/]+)\/revoke$/.exec(path);
    if (revoke && init.method === 'POST') {
      const device = devices.find((d) => d.id === decodeURIComponent(revoke[1]!));
      if (!device) return error(404, 'not_found');
      const refused = owner('revoke');
      if (refused) return refused;
      const keep = (body as { keep?: string[] } | undefined)?.keep ?? [];
      const gone = [device];
      for (const d of devices)
        if (d.pairedBy && gone.some((g) => g.id === d.pairedBy) && !keep.includes(d.id)) gone.push(d);
      for (const d of gone) if (!d.revokedAt) Object.assign(d, { revokedAt: iso(now()), revokedBy: me.id });
      const revoked = gone.map((d) => publicDevice(d, me));
      return answer(200, { device: revoked[0], revoked }, deviceAnswerSchema);
    }
    if (path === '/pairing-codes' && init.method === 'POST') {
      const refused = owner('pairing_code');
      if (refused) return refused;
      const code = addCode();
      return answer(
        200,
        { code, url: `${origin}/pair?code=${code}`, expiresAt: iso(codes.get(code.replace(/-/g, ''))!.expiresAt) },
        pairingOfferSchema,
      );
    }
    return error(404, 'not_found');
  };

  let counter = 0;
  /** A fresh single-use code, valid 10 minutes, as the server prints it. */
  function addCode(code?: string): string {
    const raw = code?.replace(/-/g, '') ?? `K7QM3XDP${String(9000 + ++counter).slice(-4)}`;
    codes.set(raw, { expiresAt: now() + 10 * 60_000, used: false });
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  }

  return {
    fetch,
    venue,
    devices,
    requests,
    addCode,
    /** Adds a tablet paired earlier (not this one), by the command line or by the tablet `pairedBy`; its id. */
    addDevice(label: string, lastSeen: string | null = null, pairedBy: string | null = null) {
      const id = `dev_x${devices.length}`;
      devices.push({
        id,
        label,
        token: `other${devices.length}`.padEnd(43, 'x'),
        pairedAt: iso(now() - 86_400_000 + devices.length * 60_000),
        lastSeenAt: lastSeen,
        revokedAt: null,
        pairedBy,
        revokedBy: null,
        lastOwnerAction: null,
      });
      return id;
    },
    /** Sets the venue's staff PIN as the server knows it (null: none yet). */
    setStaffPin: (pin: string | null) => (staffPin = pin),
    revokeAll: () => devices.forEach((d) => (d.revokedAt ??= iso(now()))),
    setDown: (value: boolean) => (down = value),
    /** The check-in page the server names (its code, and its public address or null); null: names none. */
    setCheckIn: (value: { code: string; url: string | null } | null) => (checkIn = value),
    /** Answers as the demo's server sharing its board (true) or as any other (false). */
    setDemoSync: (value: boolean) => (demoSync = value),
  };
}

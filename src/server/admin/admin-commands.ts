import QRCode from 'qrcode';
import { VENUE_NAME_MAX_LENGTH } from '../../core/settings.ts';
import {
  PAIRING_CODE_TTL_MS,
  plainText,
  VenueInputError,
  type Device,
  type Venue,
  type VenuePatch,
  type VenueProblem,
  type VenueStore,
} from '../venue/venue-store.ts';
import type { Logger } from '../log/logger.ts';

/**
 * The venue server's admin commands (`npm run server -- venue add "Casa Prueba"`), one set of
 * functions over the venue store: run by the CLI on a database it opened itself, or by the
 * serving process for a CLI that asked through its admin socket (PGlite is single-process).
 */

/** A command as typed, plus the app secret read by the CLI (from a hidden prompt or stdin, never argv). */
export interface AdminRequest {
  args: string[];
  appSecret?: string;
  /** The CLI prints to a terminal: only then is the pairing QR drawn (its escape codes garble a pipe or a file). */
  terminal?: boolean;
}

/** What the CLI prints (stdout when exitCode is 0, else stderr) and exits with. */
export interface AdminAnswer {
  exitCode: number;
  output: string;
}

/** Exit codes: a command the CLI does not know, or a venue or device that is not there, is a usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

type SecretSource = 'none' | 'prompt' | 'stdin';
type VenueFields = Omit<VenuePatch, 'appSecret'>;
export type AdminCommand =
  | { kind: 'help' }
  | { kind: 'venue add'; name: string }
  | { kind: 'venue list' }
  | { kind: 'venue pair'; venue: string }
  | { kind: 'venue set'; venue: string; patch: VenueFields; secret: SecretSource }
  | { kind: 'device list'; venue: string }
  | { kind: 'venue forget-pin'; venue: string }
  | { kind: 'device revoke'; device: string };

const RUN = 'npm run server --';
/** Each command and what it does, line by line; a command longer than the column has its words under it. */
const COMMANDS: [command: string, words: string[]][] = [
  [
    'npm run server',
    ['serve the app, its API and every venue (configured by the', 'environment: see the README, "The venue server")'],
  ],
  [`${RUN} venue add "NAME"`, ['add a venue; prints a pairing code and its QR for its first tablet']],
  [`${RUN} venue list`, ['the venues, their Pushed app and how many tablets each has']],
  [`${RUN} venue pair VENUE`, ['a new pairing code and QR for one more tablet']],
  [
    `${RUN} venue set VENUE`,
    [
      '[--name N] [--app-key K] [--channel-alias A] [--subscription-link L]',
      '[--app-secret | --app-secret-stdin]',
      'change a venue; --app-secret asks for the Pushed app secret',
      'without showing it, --app-secret-stdin reads it from the first',
      'line of standard input (never give it on the command line)',
    ],
  ],
  [
    `${RUN} venue forget-pin VENUE`,
    [
      "forget the venue's staff PIN on the server, when nobody remembers",
      'it: until a tablet saves a new one, any paired tablet may change',
      'the Pushed account, pair and disconnect tablets (disconnect the',
      'ones you do not trust first)',
    ],
  ],
  [`${RUN} device list VENUE`, ["the venue's tablets, who paired each, who disconnected it"]],
  [
    `${RUN} device revoke DEVICE`,
    ['disconnect a tablet at once, with every tablet it paired', '(DEVICE: its id, from device list)'],
  ],
  [`${RUN} help`, ['this text']],
];
/** Where every command's words start: two spaces past the longest command. */
const COLUMN = 2 + Math.max(...COMMANDS.map(([command]) => command.length)) + 2;

export const HELP = [
  'Waitbell venue server',
  '',
  ...COMMANDS.flatMap(([command, [first, ...rest]]) => [
    `  ${command}`.padEnd(COLUMN) + first,
    ...rest.map((line) => ' '.repeat(COLUMN) + line),
  ]),
  '',
  "VENUE is a venue's name or its id (ven_…, from venue list).",
  '',
].join('\n');
const MORE = `Run \`${RUN} help\` for the commands.`;

/** The option names `venue set` takes, and the venue field each sets. */
const SET_OPTIONS: Record<string, keyof VenueFields> = {
  '--name': 'name',
  '--app-key': 'appKey',
  '--channel-alias': 'channelAlias',
  '--subscription-link': 'subscriptionLink',
};

/** The command in `args`, or what is wrong with them in words. Never repeats a value that might be a secret. */
export function parseAdminArgs(args: string[]): { command: AdminCommand } | { problem: string } {
  const [group, action, ...rest] = args;
  const usage = (text: string) => ({ problem: `${text}\n${MORE}` });
  if (group === undefined || ['help', '--help', '-h'].includes(group)) return { command: { kind: 'help' } };
  if (group !== 'venue' && group !== 'device') return usage(`Unknown command "${shown(group)}".`);
  if (action === undefined) return usage(`"${group}" needs a command after it.`);
  const one = () => (rest.length === 1 && rest[0]!.trim() ? rest[0]!.trim() : null);
  switch (`${group} ${action}`) {
    case 'venue add': {
      const name = rest.join(' ').trim();
      if (!name) return usage('venue add needs the venue\'s name: venue add "Casa Prueba".');
      if (name.startsWith('-')) return usage('venue add takes only the venue\'s name: venue add "Casa Prueba".');
      return { command: { kind: 'venue add', name } };
    }
    case 'venue list':
      return rest.length ? usage('venue list takes nothing after it.') : { command: { kind: 'venue list' } };
    case 'venue pair': {
      const venue = one();
      return venue ? { command: { kind: 'venue pair', venue } } : usage('venue pair needs one venue: its name or id.');
    }
    case 'venue forget-pin': {
      const venue = one();
      return venue
        ? { command: { kind: 'venue forget-pin', venue } }
        : usage('venue forget-pin needs one venue: its name or id.');
    }
    case 'device list': {
      const venue = one();
      return venue
        ? { command: { kind: 'device list', venue } }
        : usage('device list needs one venue: its name or id.');
    }
    case 'device revoke': {
      const device = one();
      return device
        ? { command: { kind: 'device revoke', device } }
        : usage('device revoke needs one device id (dev_…, from device list).');
    }
    case 'venue set':
      return parseSet(rest, usage);
    default:
      return usage(`Unknown command "${group} ${shown(action)}".`);
  }
}

/** An argument as it may be repeated in a message: only an option's name, never a value after `=`. */
const shown = (arg: string) => arg.split('=')[0]!.slice(0, 40);

function parseSet(rest: string[], usage: (text: string) => { problem: string }) {
  const [venue, ...options] = rest;
  if (!venue || venue.startsWith('-')) return usage('venue set needs the venue first: venue set VENUE --app-key K.');
  const patch: VenueFields = {};
  let secret: SecretSource = 'none';
  for (let i = 0; i < options.length; i++) {
    const option = options[i]!;
    if (option.startsWith('--app-secret') && option !== '--app-secret' && option !== '--app-secret-stdin')
      return usage(
        'The app secret is never taken from the command line (anyone on the machine can read it there, in `ps`): ' +
          'use --app-secret to be asked for it, or --app-secret-stdin to pipe it.',
      );
    if (option === '--app-secret' || option === '--app-secret-stdin') {
      if (secret !== 'none') return usage('Give the app secret one way: --app-secret or --app-secret-stdin.');
      secret = option === '--app-secret' ? 'prompt' : 'stdin';
      continue;
    }
    const [name, inline] = option.includes('=')
      ? [option.slice(0, option.indexOf('=')), option.slice(option.indexOf('=') + 1)]
      : [option, undefined];
    const field = SET_OPTIONS[name];
    if (!field)
      return usage(
        option.startsWith('-')
          ? `venue set has no option "${shown(option)}".`
          : 'venue set takes one venue, then options (put a name with spaces in quotes).',
      );
    const value = inline ?? options[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) return usage(`${name} needs a value.`);
    patch[field] = value;
  }
  if (!Object.keys(patch).length && secret === 'none')
    return usage(
      'venue set needs something to change: --name, --app-key, --app-secret, --channel-alias or --subscription-link.',
    );
  return { command: { kind: 'venue set' as const, venue, patch, secret } };
}

/** What the host-stand owner is told about a refused venue field, as Settings would say it. */
function problemText(p: VenueProblem): string {
  switch (p.field) {
    case 'name':
      return p.problem === 'required'
        ? 'The venue needs a name.'
        : `The venue's name is too long (at most ${VENUE_NAME_MAX_LENGTH} characters).`;
    case 'appKey':
      return 'The Pushed app key may only have letters and digits.';
    case 'appSecret':
      return 'The Pushed app secret may only have letters and digits.';
    case 'channelAlias':
      return 'The channel alias may only have letters and digits.';
    case 'subscriptionLink':
      return 'The subscription link must be an https:// address.';
  }
}

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

/** A fixed-width table; the last column runs free. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

const pushedApp = (v: Venue) =>
  v.appKey && v.hasAppSecret ? 'set' : v.appKey ? 'secret missing' : v.hasAppSecret ? 'key missing' : 'not set';

function describeVenue(v: Venue, checkIn: string): string {
  return [
    `${v.name} (${v.id})`,
    `  guests check in at: ${checkIn}`,
    `  Pushed app key:     ${v.appKey || '(not set)'}`,
    `  Pushed app secret:  ${v.hasAppSecret ? 'set (never shown)' : '(not set)'}`,
    `  channel alias:      ${v.channelAlias || '(not set)'}`,
    `  subscription link:  ${v.subscriptionLink || '(not set)'}`,
  ].join('\n');
}

/** Runs one admin request against the venue store. Never throws for anything a person typed. */
export async function runAdminCommand(
  venues: VenueStore,
  request: AdminRequest,
  options: { publicUrl: string; log: Pick<Logger, 'info'>; via: 'cli' | 'socket' },
): Promise<AdminAnswer> {
  const parsed = parseAdminArgs(request.args);
  if ('problem' in parsed) return { exitCode: EXIT.usage, output: parsed.problem };
  const { command } = parsed;
  const done = (output: string, fields: Record<string, string> = {}): AdminAnswer => {
    options.log.info('admin command', { command: command.kind, via: options.via, ...fields });
    return { exitCode: EXIT.ok, output };
  };
  const refuse = (output: string): AdminAnswer => ({ exitCode: EXIT.usage, output });
  const wantsSecret = command.kind === 'venue set' && command.secret !== 'none';
  if (request.appSecret !== undefined && !wantsSecret)
    return refuse('An app secret was sent with a command that takes none.');

  const find = async (text: string): Promise<Venue | AdminAnswer> => {
    const all = await venues.venues();
    const byId = all.find((v) => v.id === text);
    if (byId) return byId;
    const named = all.filter((v) => v.name.toLocaleLowerCase() === text.toLocaleLowerCase());
    if (named.length === 1) return named[0]!;
    if (named.length > 1)
      return refuse(
        `${named.length} venues are named "${text}": give its id instead (${named.map((v) => v.id).join(', ')}).`,
      );
    return refuse(`There is no venue named "${text}" or with that id. \`${RUN} venue list\` shows them.`);
  };
  /** The venue's check-in page, as guests' phones open it (its code alone reads the same: /v/CODE). */
  const checkInOf = async (venueId: string): Promise<string> =>
    `${options.publicUrl}/v/${(await venues.code(venueId)) ?? '?'}`;
  const pairing = async (venue: Venue): Promise<string> => {
    const { code } = await venues.createPairingCode(venue.id);
    const url = `${options.publicUrl}/pair?code=${code}`;
    const qr = request.terminal
      ? [await QRCode.toString(url, { type: 'terminal', small: true })]
      : [
          '(The QR code is drawn only in a terminal: run this command in one to see it, or open the link below on the tablet.)',
        ];
    return [
      `Pairing code for ${venue.name}: ${code}`,
      `(valid ${PAIRING_CODE_TTL_MS / 60_000} minutes, for one tablet)`,
      '',
      ...qr,
      url,
      '',
      request.terminal
        ? 'On the tablet, open Settings → Connect to the venue server and scan this QR code with the camera, or type the code.'
        : 'On the tablet, open Settings → Connect to the venue server and type the code.',
    ].join('\n');
  };

  try {
    switch (command.kind) {
      case 'help':
        return { exitCode: EXIT.ok, output: HELP };
      case 'venue add': {
        // Another venue by the same name would make every later command ask which one: say so now.
        const same = (await venues.venues()).find(
          (v) => v.name.toLowerCase() === plainText(command.name).toLowerCase(),
        );
        if (same) return refuse(`A venue named “${same.name}” exists already (${same.id}): choose another name.`);
        const venue = await venues.createVenue(command.name);
        const next = [
          '',
          `Next, set the venue's Pushed app and channel (or do it from a paired tablet: Settings → Venue server);`,
          `the join code guests scan is the channel's subscription link:`,
          `  ${RUN} venue set ${venue.id} --app-key KEY --app-secret \\`,
          `    --channel-alias ALIAS --subscription-link https://pushed.co/s/LINK`,
        ].join('\n');
        return done(`Added the venue ${venue.name} (${venue.id}).\n\n${await pairing(venue)}\n${next}`, {
          venue: venue.id,
        });
      }
      case 'venue list': {
        const all = await venues.venues();
        if (!all.length) return done(`No venues yet. Add one: ${RUN} venue add "Casa Prueba"`);
        const rows = [['id', 'Pushed app', 'tablets', 'check-in', 'name']];
        for (const v of all) {
          const active = (await venues.devices(v.id)).filter((d) => !d.revokedAt).length;
          rows.push([v.id, pushedApp(v), String(active), (await venues.code(v.id)) ?? '', v.name]);
        }
        return done(table(rows));
      }
      case 'venue pair': {
        const venue = await find(command.venue);
        if (!('id' in venue)) return venue;
        return done(await pairing(venue), { venue: venue.id });
      }
      case 'venue set': {
        const venue = await find(command.venue);
        if (!('id' in venue)) return venue;
        const patch: VenuePatch = { ...command.patch };
        if (command.secret !== 'none') {
          const secret = request.appSecret?.trim();
          if (!secret) return refuse('No app secret was given: nothing was changed.');
          patch.appSecret = secret;
        }
        const updated = await venues.updateVenue(venue.id, patch);
        return done(`Saved.\n${describeVenue(updated, await checkInOf(venue.id))}`, {
          venue: venue.id,
          fields: Object.keys(patch).join(','),
        });
      }
      case 'device list': {
        const venue = await find(command.venue);
        if (!('id' in venue)) return venue;
        const devices = await venues.devices(venue.id);
        if (!devices.length) return done(`${venue.name} has no tablets yet. Pair one: ${RUN} venue pair ${venue.id}`);
        const rows = [['id', 'paired', 'by', 'last seen', 'revoked', 'by', 'label']];
        const by = (id: string | null, done: Date | null) => (!done ? '—' : (id ?? 'command line'));
        for (const d of devices)
          rows.push([
            d.id,
            when(d.pairedAt),
            by(d.pairedBy, d.pairedAt),
            when(d.lastSeenAt),
            when(d.revokedAt),
            by(d.revokedBy, d.revokedAt),
            d.label,
          ]);
        return done(`${venue.name} (${venue.id})\n${table(rows)}`, { venue: venue.id });
      }
      case 'device revoke': {
        let found: Device | undefined;
        for (const v of await venues.venues())
          found ??= (await venues.devices(v.id)).find((d) => d.id === command.device);
        if (!found)
          return refuse(
            `There is no tablet with the id "${shown(command.device)}". \`${RUN} device list VENUE\` shows them.`,
          );
        const [revoked, ...paired] = (await venues.revokeDevice(found.venueId, found.id))!; // found just above
        const along = paired.length
          ? `\nWith it, the tablets it paired: ${paired.map((d) => `${d.label} (${d.id})`).join(', ')}.`
          : '';
        return done(
          `Disconnected ${revoked!.label} (${revoked!.id}) on ${when(revoked!.revokedAt)}: it can no longer send. ` +
            `Its waitlist stays on the tablet; pair it again with a new code to reconnect it.${along}`,
          {
            venue: found.venueId,
            device: found.id,
            ...(paired.length ? { along: paired.map((d) => d.id).join(',') } : {}),
          },
        );
      }
      case 'venue forget-pin': {
        const venue = await find(command.venue);
        if (!('id' in venue)) return venue;
        await venues.forgetPin(venue.id);
        return done(
          `Forgot the staff PIN of ${venue.name} on the venue server.\n` +
            'Until a tablet saves a new one, any paired tablet may change the Pushed account, pair and disconnect tablets: ' +
            'disconnect any tablet you do not trust first. Then, on a tablet: Settings → Staff PIN → choose a new PIN.',
          { venue: venue.id },
        );
      }
    }
  } catch (error) {
    if (error instanceof VenueInputError)
      return refuse(`Nothing was changed:\n${error.problems.map((p) => `  ${problemText(p)}`).join('\n')}`);
    throw error;
  }
}

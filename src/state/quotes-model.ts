import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { CsvProblem } from '../core/history-csv.ts';
import {
  importKeys,
  knownPartyOf,
  REQUOTE_MARGIN_MINUTES,
  requoteMinutes,
  summarizeHistory,
  type HistorySummary,
} from '../core/past-party.ts';
import type { Party } from '../core/party.ts';
import { DEFAULT_RETENTION, historyCutoff, type RetentionSettings } from '../core/retention.ts';
import type { Clock } from '../core/ports.ts';
import {
  addToModel,
  expectedWait,
  learnQuoteModel,
  readQuoteModel,
  suggestQuote,
  type DefaultQuotes,
  type QuoteModel,
  type Suggestion,
} from '../core/quote-estimator.ts';
import type { PastParty } from '../core/quote-history.ts';
import type { Result } from '../core/result.ts';
import { historyRecordOf, type HistoryRecord, type HistoryStore, type ImportCount } from '../storage/history-store.ts';
import type { CachedQuoteModel, QuoteModelStore } from '../storage/quote-model-store.ts';
import { coalesce } from './coalesce.ts';
import { startOfDay } from './finished-today.ts';

/** Lets the tablet handle what is waiting (a tap, a frame) before going on. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Reads a history file's text (the CSV reader is a chunk of its own, loaded on first use). */
export type ReadHistoryCsv = (text: string) => Result<PastParty[], CsvProblem[]>;

/** What a chosen history file would import, or every line it was refused for. */
export type HistoryPreview =
  | {
      ok: true;
      parties: PastParty[];
      summary: HistorySummary;
      /** Parties older than the history is kept: an import leaves them out. */
      tooOld: number;
    }
  | { ok: false; problems: CsvProblem[] };

/** A suggestion, and how many past parties (of every size) the quotes learned from: none means no history at all. */
export type SuggestedQuote = Suggestion & { learnedFrom: number };

/** What an import did: rows added, already there from an earlier import, and too old to keep. */
export type HistoryImported = ImportCount & { tooOld: number };

/** What the venue server answered for its learned quotes: a newer model, the held one still, or nothing to use. */
export type VenueQuotesAnswer =
  | { kind: 'model'; model: unknown; throughFinishedAt: number; tag: string }
  | { kind: 'unchanged' }
  | { kind: 'unavailable' };

/** The venue server's learned quotes, for a tablet paired with it (main.tsx wires its client). */
export interface VenueQuotes {
  /** Whether this tablet is paired with a venue server now: an unpaired one learns from its own history. */
  paired(): Promise<boolean>;
  /** Asks for the venue's model, sending the tag of the one held. Never rejects. */
  fetch(heldTag: string | null): Promise<VenueQuotesAnswer>;
  /** The model last received, kept for a start-up without the server. */
  cache: QuoteModelStore;
}

/** Where the model came from at the last start-up (or import): the venue server, its copy kept here, or this tablet's history. */
export type QuotesSource = 'server' | 'cached' | 'local';

/** What the quotes are built from. */
export interface QuotesDeps {
  history: HistoryStore;
  clock: Clock;
  loadCsvReader(): Promise<ReadHistoryCsv>;
  /** The venue's usual quotes per size class (a setting). */
  defaults: ReadonlySignal<DefaultQuotes>;
  /** The venue server's learned quotes; absent: always learned here. */
  venue?: VenueQuotes;
  /** How long the venue keeps its anonymous history (a shared setting); absent, the defaults. */
  retention?: () => Promise<RetentionSettings>;
}

/** What the quotes read of the board: the parties on it, today's finished ones, and its clock. */
export interface QuotesBoard {
  parties: ReadonlySignal<Party[]>;
  finished: ReadonlySignal<Party[]>;
  now: ReadonlySignal<number>;
}

/**
 * Suggested quotes and "quote likely short" for the board: a model learned from the history
 * store (after start-up, and again after an import), kept current as parties finish.
 */
export function createQuotes(
  { history, clock, loadCsvReader, defaults, venue, retention }: QuotesDeps,
  board: QuotesBoard,
  fail: (error: unknown) => void,
) {
  const model = signal<QuoteModel>(learnQuoteModel([]));
  let learned = false;
  /** Today's finished parties the model already holds (read with the history, or added since). */
  let inModel = new Set<string>();
  /** Parties finished up to this moment are in the venue server's model already: only later ones are added here. */
  let heldThrough = -Infinity;
  const source = signal<QuotesSource | null>(null);

  // Tonight as the estimator knows it: the board first (so index i is board party i), then today's finished.
  const tonight = computed(() => [...board.parties.value, ...board.finished.value].map(knownPartyOf));

  /**
   * The expected total wait of each waiting party, in minutes: recomputed on the board's tick only
   * (every 15 s), so a tap on the board never pays for it; a party added since has none until then.
   */
  const expected = computed(() => {
    const now = board.now.value;
    return untracked(() => {
      const known = tonight.value;
      const waits = new Map<string, number>();
      board.parties.value.forEach((p, i) => {
        if (p.status === 'waiting') waits.set(p.id, expectedWait(model.value, known, known[i]!, now, defaults.value)); // known[i] is p
      });
      return waits;
    });
  });

  /** Waiting parties whose expected wait runs ≥ 10 min past their quote, and the quote to give them now. */
  const requotes = computed(() => {
    const out = new Map<string, number>();
    for (const p of board.parties.value) {
      const wait = expected.value.get(p.id);
      if (p.status !== 'waiting' || wait === undefined || p.quoteMinutes === null) continue;
      if (wait >= p.quoteMinutes + REQUOTE_MARGIN_MINUTES) out.set(p.id, requoteMinutes(wait));
    }
    return out;
  });

  // Before this, a past party is older than the venue keeps its history.
  const oldest = async (): Promise<number> => historyCutoff((await retention?.()) ?? DEFAULT_RETENTION, clock.now());

  /** The venue server's model (newer, or the copy kept here when it is unchanged or out of reach); null: learn here. */
  async function venueModel(): Promise<{ model: QuoteModel; through: number; from: QuotesSource } | null> {
    if (!venue || !(await venue.paired())) return null;
    const held = await venue.cache.read().catch((): CachedQuoteModel | null => null); // a lost copy only costs the download
    const answer = await venue.fetch(held?.tag ?? null);
    if (answer.kind === 'model') {
      const model = readQuoteModel(answer.model);
      if (model) {
        const { model: json, throughFinishedAt, tag } = answer;
        await venue.cache.save({ model: json, throughFinishedAt, tag }).catch(() => {}); // kept for the next start only
        return { model, through: throughFinishedAt, from: 'server' };
      }
    }
    const model = held && readQuoteModel(held.model);
    return model ? { model, through: held.throughFinishedAt, from: 'cached' } : null;
  }

  async function readAndLearn(local = false): Promise<void> {
    try {
      const now = clock.now();
      await history.purgeBefore(await oldest()); // kept as long as the venue's retention says
      // A history file imported here was never seen by the venue server: this tablet keeps learning from it.
      const fromVenue = local || (await history.hasImported()) ? null : await venueModel();
      if (fromVenue) {
        inModel = new Set();
        heldThrough = fromVenue.through;
        model.value = fromVenue.model;
        source.value = fromVenue.from;
        learned = true;
        absorb(board.finished.value);
        return;
      }
      const records: HistoryRecord[] = [];
      for await (const page of history.pages()) {
        records.push(...page);
        await nextTask(); // a tap waits for one page at most, not for the whole history
      }
      const today = startOfDay(now);
      inModel = new Set(records.filter((r) => (r.seatedAt ?? r.leftAt ?? 0) >= today).map((r) => r.id));
      model.value = learnQuoteModel(records);
      heldThrough = -Infinity;
      source.value = 'local';
      learned = true;
      absorb(board.finished.value);
    } catch (error) {
      fail(error);
    }
  }
  const learn = coalesce(() => readAndLearn());
  const learnHere = coalesce(() => readAndLearn(true));

  /** Adds today's newly finished parties to the model; one that came back to the board (Undo, Recall) means learning again. */
  function absorb(finished: readonly Party[]): void {
    if (!learned) return;
    const finishedIds = new Set(finished.map((p) => p.id));
    const back = board.parties.value.some((p) => inModel.has(p.id) && !finishedIds.has(p.id));
    if (back) return void learn();
    let next = model.value;
    for (const party of finished) {
      const record = historyRecordOf(party);
      if (!record || inModel.has(party.id) || (party.finishedAt ?? 0) <= heldThrough) continue;
      inModel.add(party.id);
      next = addToModel(next, record);
    }
    model.value = next;
  }
  const stopAbsorbing: () => void = effect(() => {
    const finished = board.finished.value; // the only thing this follows: the model it writes is not
    untracked(() => absorb(finished));
  });

  return {
    model: model as ReadonlySignal<QuoteModel>,
    /** Where the model came from; null until it is learned. */
    source: source as ReadonlySignal<QuotesSource | null>,
    expected: expected as ReadonlySignal<ReadonlyMap<string, number>>,
    requotes: requotes as ReadonlySignal<ReadonlyMap<string, number>>,
    /** The quote to suggest now for a party of `size` joining the list, with its basis. */
    suggest(size: number): SuggestedQuote {
      const suggestion = suggestQuote(model.value, tonight.value, size, clock.now(), defaults.value);
      return { ...suggestion, learnedFrom: model.value.learnedFrom };
    },
    /** Learns from the history store; call after the board is shown. Never rejects. */
    learn,
    /** Reads a history file (loading the CSV reader first): what it would import, or every refused line. */
    async preview(text: string): Promise<HistoryPreview> {
      const read = (await loadCsvReader())(text);
      if (!read.ok) return { ok: false, problems: read.error };
      const cutoff = await oldest();
      const tooOld = read.value.reduce((n, p) => (p.joinedAt < cutoff ? n + 1 : n), 0);
      return { ok: true, parties: read.value, summary: summarizeHistory(read.value), tooOld };
    },
    /**
     * Imports a previewed file in one transaction (all or nothing; rows already imported are skipped,
     * rows older than the history is kept are left out), then learns again.
     */
    async importHistory(parties: readonly PastParty[]): Promise<HistoryImported | null> {
      const keys = importKeys(parties);
      const cutoff = await oldest();
      const records = parties.map((p, i) => ({ id: keys[i]!, ...p })).filter((r) => r.joinedAt >= cutoff); // one key per party
      try {
        const count = await history.importAll(records);
        await learnHere(); // the venue server has not seen the file: this tablet learns from it from now on

        return { ...count, tooOld: parties.length - records.length };
      } catch (error) {
        fail(error);
        return null;
      }
    },
    stop: stopAbsorbing,
  };
}

/** The quotes model. */
export type Quotes = ReturnType<typeof createQuotes>;

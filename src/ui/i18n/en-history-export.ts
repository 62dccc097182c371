import type { VenueProblem } from '../../core/venue.ts';
import { enVenue } from './en-venue.ts';

/** Settings → the venue's history from the venue server, in English. */
export const enHistoryExport = {
  title: 'The venue’s history',
  why: 'Every finished party the venue server keeps, from all the venue’s tablets, as a spreadsheet file (CSV). It has no guest’s name, note, phone or email, and it can be imported into suggested quotes.',
  download: 'Download the venue’s history (CSV)',
  downloading: 'Downloading…',
  downloaded: (fileName: string) => `Downloaded ${fileName}. It is in this tablet’s downloads.`,
  offline: 'The venue’s history is kept on the venue server: connect this tablet to the internet, then try again.',
  problem(problem: VenueProblem): string {
    if (problem.kind === 'unreachable') return enHistoryExport.offline;
    if (problem.kind === 'not_found')
      return 'This venue server can’t export the history yet: ask whoever runs it to update it.';
    return enVenue.pairMessage(problem);
  },
};

/** The sync protocol this build speaks: the merge rules' version. A tablet and a server of different ones must not sync. */
export const SYNC_PROTOCOL = 1;
/** The header a tablet names its sync protocol in (a tablet without it speaks 1, the protocol before the header). */
export const SYNC_PROTOCOL_HEADER = 'Waitbell-Sync';

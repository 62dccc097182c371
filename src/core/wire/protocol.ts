/** The sync protocol this build speaks: the merge rules' version. A tablet and a server of different ones must not sync. */
export const SYNC_PROTOCOL = 1;
/** The header a tablet names its sync protocol in (a tablet without it speaks 1, the protocol before the header). */
export const SYNC_PROTOCOL_HEADER = 'Waitbell-Sync';
/** The header an owner action carries the staff PIN in (the one typed to open Settings); never logged, never echoed. */
export const STAFF_PIN_HEADER = 'Waitbell-Staff-Pin';

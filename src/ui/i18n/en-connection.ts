/** The connection badge of a tablet connected to the venue server, in English. */
export const enConnection = {
  changes: (n: number) => (n === 1 ? '1 change' : `${n} changes`),
  inSync: 'In sync',
  syncing: (n: number) => (n > 0 ? `Syncing ${enConnection.changes(n)}` : 'Syncing'),
  offline: (n: number) => (n > 0 ? `Offline · ${enConnection.changes(n)} waiting` : 'Offline'),
  unreachable: (n: number) =>
    n > 0 ? `Venue server unreachable · ${enConnection.changes(n)} waiting` : 'Venue server unreachable',
  disconnected: 'Disconnected from the venue server',
  updateRequired: "Update Waitbell: this tablet's version is older than the venue server's",
  /** Spoken with the badge: what each state means for the host. */
  explain: {
    in_sync: 'Every change on this tablet has reached the venue server.',
    syncing: 'Changes made here are on their way to the other tablets.',
    offline: 'No network: changes are kept on this tablet and go when it is back.',
    unreachable: 'The venue server does not answer: changes are kept on this tablet and go when it does.',
    disconnected: 'This tablet was disconnected: its changes are kept but no longer shared.',
    update_required:
      'The venue server syncs by newer rules: this tablet keeps its changes and shares nothing until Waitbell updates (it is fetching the update).',
  },
};

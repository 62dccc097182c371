import { createRelay } from './relay.ts';
import { relayConfigFromEnv } from './relay-config.ts';
import { relayLogger } from './relay-log.ts';
import { createRelayServer } from './relay-server.ts';

// `npm run relay`: the relay on its own, configured by the environment (see README, "The relay").
const log = relayLogger();
let config: ReturnType<typeof relayConfigFromEnv>;
try {
  config = relayConfigFromEnv();
} catch (error) {
  log.error((error as Error).message);
  process.exit(2);
}
if (!config.trustedProxies?.length)
  // Behind a proxy every client would share its address, and so one failed-auth budget.
  log.warn('RELAY_TRUSTED_PROXIES is empty: client addresses are the socket peers; set it when a proxy is in front');
const relay = createRelay({ ...config, logger: log });
const { server, connections } = createRelayServer(relay, config, log);
server.listen(config.port, config.host, () =>
  log.info('relay listening', {
    host: config.host,
    port: config.port,
    upstream: config.upstream,
    origins: config.allowedOrigins.join(' '),
    app: config.appDir ?? null,
  }),
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return; // a second signal changes nothing: the grace period already bounds the wait
  stopping = true;
  log.info('stopping', { signal, graceMs: config.shutdownGraceMs });
  await connections.stop(config.shutdownGraceMs);
  await relay.close().catch(() => log.error('key log close failed'));
  log.info('stopped');
  process.exit(0);
}
// stop() ends the process either way; a failure on the way out is logged, never left to reject.
const onSignal = (signal: string): void => {
  stop(signal).catch(() => (log.error('stop failed'), process.exit(1)));
};
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGINT', () => onSignal('SIGINT'));

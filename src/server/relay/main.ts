import { createServer } from 'node:http';
import { createRelay } from './relay.ts';
import { relayConfigFromEnv } from './relay-config.ts';
import { relayLogger } from './relay-log.ts';

// `npm run relay`: the relay on its own, configured by the environment (see README, "The relay").
const log = relayLogger();
let config: ReturnType<typeof relayConfigFromEnv>;
try {
  config = relayConfigFromEnv();
} catch (error) {
  log.error((error as Error).message);
  process.exit(2);
}
const relay = createRelay({ ...config, logger: log });
const server = createServer((req, res) => void relay.handle(req, res));
server.listen(config.port, config.host, () =>
  log.info('relay listening', { host: config.host, port: config.port, upstream: config.upstream, origins: config.allowedOrigins.join(' ') }),
);
const stop = () => server.close(() => void relay.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

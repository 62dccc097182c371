import { runQuotesCli } from './backtest-cli.ts';

// `npm run quotes -- backtest FILE.csv`: how Waitbell's suggestions would have done on a venue's past nights.
const result = runQuotesCli(process.argv.slice(2));
if (result.out !== undefined) process.stdout.write(result.out);
process.stderr.write(result.err);
process.exitCode = result.code;

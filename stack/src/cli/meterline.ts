#!/usr/bin/env node
// The meterline command: `meterline stats-api [flags]` runs the stats API.
import { statsApiConfig } from '../stats-api/config.ts';
import { startStatsApi } from '../stats-api/server.ts';

const usage = `usage: meterline <command> [flags]

commands:
  stats-api   serve the stats API (flags: --backend-url, --backend-timeout-ms, --host, --port, --token, --sources)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'stats-api': {
      const config = statsApiConfig(args, process.env);
      const api = await startStatsApi(config);
      console.log(`meterline stats API on ${api.url} (back end ${config.backendUrl})`);
      const stop = () => void api.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise(() => {});
    }
    case undefined:
    case '--help':
    case 'help':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`meterline: unknown command "${command}"\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`meterline: ${error.message}`);
    process.exit(1);
  },
);

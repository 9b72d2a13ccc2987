#!/usr/bin/env -S node --conditions=@meterline/source
// The meterline command, on commander: per-command help that never acts, -h, --version, and usage
// errors that name the command's help.
import { SDK_VERSION } from '@meterline/sdk';
import { Argument, Command, CommanderError, Option } from 'commander';
import { localStackOptions } from '../local/stack-options.ts';
import { statsApiConfig } from '../stats-api/config.ts';
import { startStatsApi } from '../stats-api/server.ts';
import {
  CLAUDE_CODE_PROTOCOLS,
  type ClaudeCodeProtocol,
  claudeCodeEnvironment,
  managedSettings,
  parseAttributes,
  shellBlock,
} from './claude-code-setup.ts';
import { query, stats } from './query-commands.ts';
import { sampleBurst } from './sample-burst.ts';
import { clean, down, logs, reset, status, untilSignal, up } from './stack-commands.ts';
import { events, logsql, traces } from './trace-commands.ts';

/** Exit codes: 0 done; 1 the command ran and failed (unhealthy, unreachable, an error answer); 2 misuse. */
const EXIT_CODES = `
Exit codes:
  0  done
  1  the command failed: a part is down or unreachable, a query or view answered an error
  2  the command line is wrong (unknown command or flag, missing argument)

Environment: METERLINE_HOME (default ./.meterline), METERLINE_VM_PORT, METERLINE_STATS_API_PORT,
METERLINE_OTLP_GRPC_PORT, METERLINE_OTLP_HTTP_PORT, METERLINE_COLLECTOR_HEALTH_PORT.`;

const options = localStackOptions(process.env);
const program = new Command('meterline')
  .description('Run the Meterline stack without Docker, and ask it questions.')
  .version(SDK_VERSION, '-v, --version')
  .helpOption('-h, --help', 'show help for a command (it never acts)')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText('after', EXIT_CODES)
  .exitOverride();

program
  .command('up')
  .description('run the local stack (VictoriaMetrics, collector, stats API, example service) until Ctrl-C')
  .action(() => up(options));

program
  .command('down')
  .description('stop a running `meterline up`, and any part a crash left behind')
  .action(() => down(options));

program
  .command('status')
  .description("health of the local stack's parts")
  .option('--json', 'print JSON')
  .action((flags: { json?: boolean }) => status(options, flags.json ?? false));

program
  .command('logs')
  .description('the last lines of each part’s log, or of one part (collector, example)')
  .argument('[part]')
  .option('-n, --lines <count>', 'lines per part', '50')
  .action((part: string | undefined, flags: { lines: string }) => logs(options, part, Number(flags.lines)));

program
  .command('test')
  .description('send a burst of sample telemetry through the running stack and show where it landed')
  .action(() => sampleBurst(options));

program
  .command('reset')
  .description('delete the stored data and logs (the stack must be stopped)')
  .action(() => reset(options));

program
  .command('clean')
  .description(`delete the whole stack folder (${options.home}; the stack must be stopped)`)
  .action(() => clean(options));

program
  .command('query')
  .description(
    'run PromQL against VictoriaMetrics: an instant table, or with --range a time-aligned sparkline per series',
  )
  .argument('<promql>')
  .option('--range <duration>', 'a range query over the last 15m, 2h, 1d…')
  .option('--step <duration>', 'the range step (default: a sixtieth of the range)')
  .option('--backend-url <url>', 'VictoriaMetrics (default: the running stack’s)')
  .option('--json', 'print the result as JSON')
  .action((promql: string, flags) => query(options, promql, flags));

program
  .command('stats')
  .description('a stats API view: a summary, or the whole answer with --json')
  .addArgument(new Argument('<view>', 'session, user or org').choices(['session', 'user', 'org']))
  .argument('<id>')
  .option('--window <window>', 'all (default), 24h, 7d, 30d…')
  .option('--start <time>', 'RFC 3339 or Unix seconds; with --end instead of --window')
  .option('--end <time>', 'RFC 3339 or Unix seconds')
  .option('--source <source>', 'auto (default), sdk or claude-code')
  .option('--limit <count>', 'sessions listed by the user and org views (1–100)')
  .option('--by <attribute>', 'break totals down: model, user.email, department, team.id, cost_center')
  .option('--no-cache', 'ask for a fresh answer (Cache-Control: no-cache)')
  .option('--token <token>', 'bearer token, when the stats API requires one')
  .option('--api-url <url>', 'the stats API (default: the running stack’s)')
  .option('--json', 'print the whole answer as JSON')
  .action((view: string, id: string, flags) => stats(options, view, id, flags));

program
  .command('events')
  .description(
    "a session's events (Claude Code's api_request, tool_result…), newest first, from the stats API",
  )
  .argument('<session>')
  .option('--event <name>', 'only events of this name (api_request, tool_result, api_error…)')
  .option('--limit <count>', 'events per page (1–1000, default 100)')
  .option('--offset <count>', 'events to skip: the previous page\'s "more" offset')
  .option('--window <window>', 'all (default), 24h, 7d…')
  .option('--token <token>', 'bearer token, when the stats API requires one')
  .option('--api-url <url>', 'the stats API (default: the running stack’s)')
  .option('--json', 'print the whole answer as JSON')
  .action((session: string, flags) => events(options, session, flags));

program
  .command('logsql')
  .description('run LogsQL against VictoriaLogs, where every log record the collector received is kept')
  .argument('<query>', "LogsQL, e.g. 'event.name:=api_error' or 'session.id:=\"…\" | stats count()'")
  .option('--limit <count>', 'records at most', '50')
  .option('--logs-url <url>', 'VictoriaLogs (default: the running stack’s)')
  .option('--json', 'print the records as JSON')
  .action((query: string, flags) => logsql(options, query, flags));

program
  .command('traces')
  .description('search traces in Jaeger, or with a trace id show one as an indented waterfall with durations')
  .argument('[trace-id]')
  .option('--service <name>', 'service.name to search (required without a trace id)')
  .option('--operation <name>', 'span name')
  .option('--tag <key=value>', 'span attribute (repeatable)', (value, all: string[]) => [...all, value], [])
  .option('--min-duration <duration>', 'at least this long: 50ms, 1.5s…')
  .option('--lookback <duration>', 'how far back: 15m, 1h, 2d…', '1h')
  .option('--limit <count>', 'traces at most', '20')
  .option('--jaeger-url <url>', 'Jaeger’s query API (default: the running stack’s)')
  .option('--json', 'print Jaeger’s answer as JSON')
  .action((id: string | undefined, flags) => traces(options, id, flags));

program
  .command('claude-code')
  .description(
    'print the environment (or with --settings the managed-settings.json) that points Claude Code at this stack',
  )
  .addOption(
    new Option('--protocol <protocol>', 'OTLP protocol').choices(CLAUDE_CODE_PROTOCOLS).default('grpc'),
  )
  .option('--host <host>', 'where the collector runs', 'localhost')
  .option('--organization <id>', 'organization.id')
  .option('--department <name>', 'department')
  .option('--team <id>', 'team.id')
  .option('--cost-center <id>', 'cost_center')
  .option(
    '--attribute <key=value>',
    'another resource attribute (repeatable)',
    (value, all: string[]) => [...all, value],
    [],
  )
  .option('--settings', 'print managed-settings.json instead of shell exports')
  .action((flags) => {
    const named = {
      'organization.id': flags.organization,
      department: flags.department,
      'team.id': flags.team,
      cost_center: flags.costCenter,
    };
    const env = claudeCodeEnvironment({
      protocol: flags.protocol as ClaudeCodeProtocol,
      host: flags.host,
      grpcPort: options.otlpGrpcPort,
      httpPort: options.otlpHttpPort,
      resourceAttributes: {
        ...Object.fromEntries(Object.entries(named).filter(([, value]) => value !== undefined)),
        ...parseAttributes(flags.attribute),
      } as Record<string, string>,
    });
    console.log(flags.settings ? managedSettings(env) : shellBlock(env));
  });

program
  .command('stats-api')
  .description(
    'serve the stats API (flags: --backend-url, --logs-url, --backend-timeout-ms, --host, --port, --token, --sources, --cache-ttl-ms, --summaries, --retention-period, --summary-settle-ms)',
  )
  .allowUnknownOption()
  .helpOption(false)
  .argument('[flags...]')
  .action(async (args: string[]) => {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(program.commands.find((c) => c.name() === 'stats-api')?.description());
      return;
    }
    const config = statsApiConfig(args, process.env);
    const api = await startStatsApi(config);
    console.log(`meterline stats API on ${api.url} (back end ${config.backendUrl})`);
    await untilSignal();
    await api.close();
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander has already printed the usage error.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    console.error(`meterline: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
// Parts stopped, servers closed: nothing should hold the process, but a stray handle must not either.
process.exit(process.exitCode ?? 0);

// The stats API as other packages use it: the app, its back end, and the server.
export { createStatsApi, type StatsApiOptions } from './app.ts';
export { Backend } from './backend.ts';
export { type StatsApiConfig, statsApiConfig } from './config.ts';
export { LogsBackend, logsqlString } from './logs-backend.ts';
export { startStatsApi } from './server.ts';

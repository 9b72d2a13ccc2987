// Not the public API: the pieces Meterline's own test harness and benchmarks measure directly (the
// remote-write encoding path, resolved defaults). Anything here may change in any release.
export { type ResolvedConfig, resolveConfig } from './config.ts';
export {
  convert,
  type Label,
  type Sample,
  type SeriesSink,
  type TimeSeries,
  toTimeSeries,
} from './export/remote-write/time-series.ts';
export { writeRequestBody } from './export/remote-write/write-request.ts';
export { WriteRequestEncoder } from './export/remote-write/write-request-encoder.ts';

/**
 * Histogram bucket boundaries. The OpenTelemetry SDK's defaults are for milliseconds; every Meterline
 * duration is in seconds, so each histogram names its boundaries explicitly.
 */

/** Request-like durations: 5 ms to 10 s (the OpenTelemetry HTTP semantic-convention advice). */
export const REQUEST_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
] as const;

/** Model API calls: 100 ms to 2 min. */
export const MODEL_CALL_SECONDS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120] as const;

/** Lifetimes of streams, sessions, connections and tasks: 1 s to 1 day. */
export const LIFETIME_SECONDS = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400] as const;

/** Message and payload sizes: 64 B to 4 MiB. */
export const MESSAGE_BYTES = [64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304] as const;

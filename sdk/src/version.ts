/** The instrumentation scope of every metric the SDK's own instruments report. */
export const SDK_NAME = '@meterline/sdk';
export const SDK_VERSION = '0.1.0';

// Which series and labels a source's asks can touch: what the views ask about, and what the summaries keep.
import { requestErrorLabel, sanitizeLabelName } from '@meterline/sdk';
import type { Bound, Measure, ResolvedSource } from '../sources.ts';

/** How a session's bound is read from its gauge's values: the earliest start, the latest end. */
export const BOUND_KINDS = { sessionStart: 'min', sessionEnd: 'max' } as const satisfies Record<
  Bound,
  string
>;

/** Every series name the source has, for activity queries. */
export function presenceNames({ names, spec }: ResolvedSource): string[] {
  return Object.entries(names).map(([key, name]) =>
    spec.measures[key as Measure]?.kind === 'histogram' ? `${name}_count` : (name as string),
  );
}

/** Every series name a sum can ask about: a histogram's `_sum` and `_count`. */
export function summedNames({ names, spec }: ResolvedSource): string[] {
  return Object.entries(names).flatMap(([key, name]) => {
    if (key in spec.markers || key in spec.bounds) return [];
    return spec.measures[key as Measure]?.kind === 'histogram' ? [`${name}_sum`, `${name}_count`] : [name];
  });
}

/** The session bounds the source has, each with the ask kind that reads it. */
export function boundNames({ names }: ResolvedSource): [name: string, kind: 'min' | 'max'][] {
  return Object.entries(BOUND_KINDS).flatMap(([bound, kind]) => {
    const name = names[bound as Bound];
    return name === undefined ? [] : [[name, kind]];
  });
}

/** Every label an ask can be scoped or grouped by: the source's keys, its breakdowns, its failure label. */
export function askLabels(source: ResolvedSource): string[] {
  const failure = requestErrorLabel(source.spec);
  return [
    ...new Set([
      ...Object.values(source.labels),
      ...source.spec.breakdowns.map(sanitizeLabelName),
      ...(failure === null ? [] : [failure.label]),
    ]),
  ];
}

/**
 * Every label an activity ask (first sample, last change, sessions) can be scoped or grouped by: who (the
 * session, its user, e-mail and organization) and the breakdowns, not what a measure is split by.
 */
export function activityLabels(source: ResolvedSource): string[] {
  const { session, user, userEmail, organization } = source.labels;
  return [
    ...new Set([session, user, userEmail, organization, ...source.spec.breakdowns.map(sanitizeLabelName)]),
  ];
}

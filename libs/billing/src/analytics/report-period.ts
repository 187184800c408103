import { DEFAULT_TIME_ZONE, DomainError, instantAt, localDateTime } from '@nova/domain';
import type { ReportPeriod, ReportPeriodQuery } from './analytics.types';

/** The period asked for; by default the twelve months to now, from local midnight on the 1st of a month in the tenant's zone. */
export function reportPeriod(query: ReportPeriodQuery, now = new Date()): ReportPeriod {
  const to = query.to ?? now;
  const timeZone = query.timeZone ?? DEFAULT_TIME_ZONE;
  const local = localDateTime(to, timeZone);
  const from = query.from ?? instantAt({ year: local.year - 1, month: local.month, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
  if (from >= to) throw DomainError.validation('from', 'must be before to');
  return { from, to };
}

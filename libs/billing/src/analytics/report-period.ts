import { DomainError } from '@nova/domain';
import type { ReportPeriod, ReportPeriodQuery } from './analytics.types';

/** The period asked for; by default the twelve months to now, from the start of a month (UTC). */
export function reportPeriod(query: ReportPeriodQuery, now = new Date()): ReportPeriod {
  const to = query.to ?? now;
  const from = query.from ?? new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
  if (from >= to) throw DomainError.validation('from', 'must be before to');
  return { from, to };
}

/** One problem in rating plan data, located by a path such as "rates[3].unitSeconds". */
export interface PlanIssue {
  path: string;
  message: string;
}

export class RatingPlanError extends Error {
  constructor(readonly issues: readonly PlanIssue[]) {
    const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`);
    const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
    super(`Invalid rating plan: ${shown.join('; ')}${more}`);
  }
}

/** Collects issues while validating so the caller sees all of them at once. */
export class IssueCollector {
  readonly issues: PlanIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new RatingPlanError(this.issues);
  }
}

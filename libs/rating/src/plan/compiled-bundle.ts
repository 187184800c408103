import { MS_PER_SECOND } from '../time/zoned-clock';

/** A bundle of units per billing period; how much of it is used lives in the caller's BundleUsage. */
export class CompiledBundle {
  readonly allowanceMs: number;

  constructor(
    /** Position in the plan's bundle list, used to index per-call scratch space. */
    readonly index: number,
    readonly id: string,
    readonly allowanceSeconds: number,
  ) {
    this.allowanceMs = allowanceSeconds * MS_PER_SECOND;
  }
}

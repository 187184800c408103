// Coupons: made once with terms that never change afterwards (they are what customers were
// promised), renamed, archived or tagged with metadata; redeemed by applying them (discounts.ts).
import { type Page, type PageRequest, resolveWindow, toPage, updateMergingMetadata } from '@nova/common';
import { type CouponDuration, DomainError, couponProblem, metadataProblem, percentToBasisPoints } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { couponPosition, findCoupon, insertCoupon, selectCouponPage, updateCouponRow } from '../coupons.repository';
import type { CouponRecord } from '../catalog.types';

export interface CreateCouponCommand {
  code: string;
  name?: string;
  /** Per cent off, at most two decimals (12.5 for 12.5 %); or amountOff with its currency. */
  percentOff?: number;
  amountOff?: bigint;
  currency?: string;
  duration: CouponDuration;
  durationInMonths?: number;
  maxRedemptions?: number;
  redeemBy?: Date;
  metadata?: Record<string, unknown>;
}

export const COUPON_NAME_MAX_LENGTH = 200;

export async function createCoupon(db: TenantDatabase, command: CreateCouponCommand, at = new Date()): Promise<CouponRecord> {
  const amountOff = command.amountOff === undefined ? undefined : Number(command.amountOff);
  const problem = couponProblem({ ...command, amountOff }, at);
  if (problem) throw DomainError.validation(problem.field, problem.message);
  assertNameAndMetadata(command);
  return insertCoupon(db.pool, {
    code: command.code,
    name: command.name?.trim() || null,
    percentOffBasisPoints: command.percentOff === undefined ? null : percentToBasisPoints(command.percentOff),
    amountOff: command.amountOff ?? null,
    currency: command.currency ?? null,
    duration: command.duration,
    durationInMonths: command.durationInMonths ?? null,
    maxRedemptions: command.maxRedemptions ?? null,
    redeemBy: command.redeemBy ?? null,
    metadata: command.metadata ?? {},
  });
}

/** By id, or by the code customers type. */
export async function getCoupon(db: TenantDatabase, idOrCode: string): Promise<CouponRecord> {
  const coupon = await findCoupon(db.pool, idOrCode);
  if (!coupon) throw DomainError.notFound('Coupon', idOrCode);
  return coupon;
}

/** Newest first, one keyset page at a time. */
export async function listCoupons(db: TenantDatabase, request: PageRequest): Promise<Page<CouponRecord>> {
  const window = await resolveWindow(request, (id) => couponPosition(db.pool, id));
  return toPage(await selectCouponPage(db.pool, window), request.limit, undefined, window);
}

export interface UpdateCouponCommand {
  id: string;
  name?: string | null;
  /** false archives it: no new redemptions; discounts already given run their course. */
  active?: boolean;
  /** Merged: keys given are set, a key given "" is removed. */
  metadata?: Record<string, unknown>;
}

export async function updateCoupon(db: TenantDatabase, { id, ...change }: UpdateCouponCommand): Promise<CouponRecord> {
  assertNameAndMetadata({ name: change.name ?? undefined });
  const updated = await updateMergingMetadata(
    db.pool,
    change.metadata,
    async (client) => (await findCoupon(client, id, true))?.metadata,
    (queryable, metadata) => updateCouponRow(queryable, id, { name: change.name === undefined ? undefined : change.name?.trim() || null, active: change.active, metadata }),
  );
  if (!updated) throw DomainError.notFound('Coupon', id);
  return updated;
}

function assertNameAndMetadata(command: { name?: string; metadata?: Record<string, unknown> }): void {
  if (command.name !== undefined && command.name.length > COUPON_NAME_MAX_LENGTH) throw DomainError.validation('name', `must be at most ${COUPON_NAME_MAX_LENGTH} characters`);
  const metadata = command.metadata === undefined ? null : metadataProblem(command.metadata);
  if (metadata) throw DomainError.validation('metadata', metadata);
}

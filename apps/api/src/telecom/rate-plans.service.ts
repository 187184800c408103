import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { inTransaction, isPgUniqueViolation } from '@nova/common';
import type { RatingPlanData } from '@nova/rating';
import { TenantDb } from '@nova/tenancy';
import {
  RatePlanSettings,
  StoredRatePlan,
  assertCompiles,
  findRatePlan,
  importRateDeck,
  insertRatePlan,
  listRatePlans,
  loadRatingPlanData,
  replacePlanRows,
  updateRatePlanSettings,
} from '@nova/telecom';
import { CreateRatePlanDto, DeckImportReportDto, UpdateRatePlanDto } from './dto/rate-plan.dto';

function uniqueName<T>(work: Promise<T>, name: string): Promise<T> {
  return work.catch((error: unknown) => {
    throw isPgUniqueViolation(error) ? DomainError.conflict(`a rate plan named "${name}" already exists`, 'name') : error;
  });
}

@Injectable()
export class RatePlansService {
  constructor(private readonly db: TenantDb) {}

  async create(input: CreateRatePlanDto): Promise<StoredRatePlan> {
    const { pool } = await this.db.connection();
    const id = randomUUID();
    const settings: RatePlanSettings = { name: input.name, currency: input.currency, timezone: input.timezone, rounding: input.rounding, timings: input.timings ?? [], bundles: input.bundles ?? [] };
    const destinations = input.destinations ?? [];
    const rates = input.rates ?? [];
    assertCompiles({ id, ...settings, destinations, rates });
    await uniqueName(
      inTransaction(pool, async (client) => {
        await insertRatePlan(client, id, settings);
        await replacePlanRows(client, id, destinations, rates);
      }),
      input.name,
    );
    return this.get(id);
  }

  async list() {
    const { pool } = await this.db.connection();
    return listRatePlans(pool);
  }

  async get(id: string): Promise<StoredRatePlan> {
    const { pool } = await this.db.connection();
    const plan = await findRatePlan(pool, id);
    if (!plan) throw DomainError.notFound('Rate plan', id);
    return plan;
  }

  async getWithRows(id: string): Promise<StoredRatePlan & Pick<RatingPlanData, 'destinations' | 'rates'>> {
    const plan = await this.get(id);
    const { pool } = await this.db.connection();
    const data = await loadRatingPlanData(pool, plan);
    return { ...plan, destinations: data.destinations, rates: data.rates };
  }

  /** Changes settings and, when given, replaces destinations or rates; the result must still compile. */
  async update(id: string, input: UpdateRatePlanDto): Promise<StoredRatePlan> {
    const { pool } = await this.db.connection();
    await uniqueName(
      inTransaction(pool, async (client) => {
        const current = await findRatePlan(client, id, true);
        if (!current) throw DomainError.notFound('Rate plan', id);
        const settings: RatePlanSettings = {
          name: input.name ?? current.name,
          currency: current.currency,
          timezone: input.timezone ?? current.timezone,
          rounding: input.rounding ?? current.rounding,
          timings: input.timings ?? current.timings,
          bundles: input.bundles ?? current.bundles,
        };
        const rows = await loadRatingPlanData(client, current);
        const destinations = input.destinations ?? rows.destinations;
        const rates = input.rates ?? rows.rates;
        assertCompiles({ id, ...settings, destinations, rates });
        await updateRatePlanSettings(client, id, settings);
        if (input.destinations || input.rates) await replacePlanRows(client, id, destinations, rates);
      }),
      input.name ?? '',
    );
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const { pool } = await this.db.connection();
    await inTransaction(pool, async (client) => {
      const plan = await findRatePlan(client, id, true);
      if (!plan) throw DomainError.notFound('Rate plan', id);
      const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM telecom_accounts WHERE rate_plan_id = $1', [id]);
      if (rows[0]!.count > 0) throw DomainError.invalidState(`rate plan ${id} is used by ${rows[0]!.count} account(s)`);
      await client.query('DELETE FROM rate_plans WHERE id = $1', [id]);
    });
  }

  /** Replaces the plan's destinations and rates with a rate deck; bad lines are reported and left out. */
  async importDeck(id: string, deck: string | Buffer | Readable): Promise<DeckImportReportDto> {
    const { pool } = await this.db.connection();
    return importRateDeck(pool, id, deck);
  }
}

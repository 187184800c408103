import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { normalizeNumber } from '@nova/rating';
import { TenantDb } from '@nova/tenancy';
import { AddDidsDto, AddDidsResultDto, DidDto, ListDidsQuery } from './dto/account.dto';

const COLUMNS = 'id, number, account_id AS "accountId", assigned_at AS "assignedAt"';

/** The number inventory: numbers are stored as digits, the form CDRs are matched in. */
@Injectable()
export class DidsService {
  constructor(private readonly db: TenantDb) {}

  async add(input: AddDidsDto): Promise<AddDidsResultDto> {
    const numbers = input.numbers.map((raw, index) => {
      const digits = normalizeNumber(raw);
      if (digits === null) throw DomainError.validation(`numbers[${index}]`, `"${raw}" is not a phone number`);
      return digits;
    });
    const { pool } = await this.db.connection();
    const result = await pool.query('INSERT INTO dids (id, number) SELECT gen_random_uuid(), n FROM unnest($1::text[]) AS n ON CONFLICT (number) DO NOTHING', [numbers]);
    return { added: result.rowCount ?? 0, existing: numbers.length - (result.rowCount ?? 0) };
  }

  async list(query: ListDidsQuery): Promise<DidDto[]> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<DidDto>(
      `SELECT ${COLUMNS} FROM dids
        WHERE ($1::text IS NULL OR ($1 = 'available') = (account_id IS NULL)) AND ($2::uuid IS NULL OR account_id = $2)
        ORDER BY number LIMIT 1000`,
      [query.status ?? null, query.accountId ?? null],
    );
    return rows;
  }

  /** Assigns an available number; a number another account holds must be released first. */
  async assign(id: string, accountId: string): Promise<DidDto> {
    const { pool } = await this.db.connection();
    const { rows: accounts } = await pool.query('SELECT 1 FROM telecom_accounts WHERE id = $1', [accountId]);
    if (accounts.length === 0) throw DomainError.validation('accountId', `account ${accountId} does not exist`);
    const { rows } = await pool.query<DidDto>(
      `UPDATE dids SET account_id = $2, assigned_at = now() WHERE id = $1 AND (account_id IS NULL OR account_id = $2) RETURNING ${COLUMNS}`,
      [id, accountId],
    );
    if (rows[0]) return rows[0];
    await this.get(id);
    throw DomainError.invalidState(`number ${id} is assigned to another account: release it first`);
  }

  async release(id: string): Promise<DidDto> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<DidDto>(`UPDATE dids SET account_id = NULL, assigned_at = NULL WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    if (!rows[0]) throw DomainError.notFound('Number', id);
    return rows[0];
  }

  private async get(id: string): Promise<DidDto> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<DidDto>(`SELECT ${COLUMNS} FROM dids WHERE id = $1`, [id]);
    if (!rows[0]) throw DomainError.notFound('Number', id);
    return rows[0];
  }
}

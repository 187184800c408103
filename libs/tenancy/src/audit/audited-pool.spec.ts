import { mayWrite } from './audited-pool';

describe('mayWrite (which single statements get the audit context)', () => {
  it.each([
    'INSERT INTO customers (id) VALUES ($1)',
    '  update invoices SET status = $2 WHERE id = $1',
    'DELETE FROM dids WHERE id = $1',
    '-- a comment first\nUPDATE cdrs SET status = $1',
    `WITH stored AS (INSERT INTO cdrs (switch_id) SELECT unnest($1::text[]) RETURNING id) SELECT count(*) FROM stored`,
    `WITH due AS (SELECT id FROM invoices) UPDATE invoices i SET status = 'open' FROM due WHERE i.id = due.id`,
    `WITH gone AS (DELETE FROM cdr_rating_queue WHERE id = $1 RETURNING cdr_ids) SELECT * FROM gone`,
  ])('treats %p as a write', (sql) => {
    expect(mayWrite(sql)).toBe(true);
  });

  it.each([
    'SELECT * FROM customers WHERE id = $1',
    'SELECT id FROM invoices WHERE status = $1 FOR UPDATE SKIP LOCKED',
    `WITH recent AS (SELECT * FROM invoices ORDER BY created_at DESC LIMIT 10) SELECT * FROM recent FOR UPDATE OF recent`,
    `WITH totals AS (SELECT customer_id, sum(total) AS updated_total FROM invoices GROUP BY 1) SELECT * FROM totals`,
    `SELECT updated_at, deleted FROM customers`,
  ])('passes %p straight through as a read', (sql) => {
    expect(mayWrite(sql)).toBe(false);
  });
});

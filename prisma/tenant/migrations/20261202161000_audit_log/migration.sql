-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "object_type" TEXT NOT NULL,
    "object_id" TEXT,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "request_id" TEXT,
    "transaction_id" BIGINT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_occurred_at_id_idx" ON "audit_log"("occurred_at", "id");

-- CreateIndex
CREATE INDEX "audit_log_object_type_object_id_occurred_at_idx" ON "audit_log"("object_type", "object_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_occurred_at_idx" ON "audit_log"("actor_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_log_action_occurred_at_idx" ON "audit_log"("action", "occurred_at");

-- ─── Audit triggers ──────────────────────────────────────────────────────────────────────────
-- Every write to a business table records an audit_log entry in the writer's own transaction, so
-- a rolled-back change leaves none and no code path (API, worker job, script) can forget one. Who
-- and from where come from the transaction-local setting nova.audit_context (JSON: actorType,
-- actorId, actorLabel, ip, userAgent, requestId), which the tenant connection handed to use cases
-- sets with each BEGIN and around each single-statement write (libs/tenancy audited-pool.ts).

-- The columns whose values never reach the audit log, listed once: sealed provider credentials and
-- webhook secrets, sealed payment-method tokens and their keyed digests, raw provider bodies and the
-- sealed method they carry, outbound webhook endpoints' sealed signing secrets, and the central database's password, API-key and session-token hashes
-- (their changes are recorded by code, through nova_audit_write too). A change to one is still
-- recorded, as "[masked]".
CREATE FUNCTION nova_audit_masked(row_data jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(jsonb_object_agg(key,
           CASE WHEN key = ANY (ARRAY['encrypted_credentials', 'encrypted_webhook_secret', 'encrypted_token',
                                      'token_fingerprint', 'saved_method', 'raw_body',
                                      'password_hash', 'secret_hash', 'token_hash',
                                      'sealed_secret', 'previous_sealed_secret'])
                 AND value <> 'null'::jsonb
                THEN '"[masked]"'::jsonb ELSE value END), '{}'::jsonb)
    FROM jsonb_each(row_data)
$$;

CREATE FUNCTION nova_audit_write(p_action text, p_object_type text, p_object_id text, p_before jsonb, p_after jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ctx jsonb := NULLIF(current_setting('nova.audit_context', true), '')::jsonb;
BEGIN
  INSERT INTO audit_log (action, object_type, object_id, actor_type, actor_id, actor_label, ip, user_agent, request_id,
                         transaction_id, before, after)
  VALUES (p_action, p_object_type, p_object_id, COALESCE(ctx->>'actorType', 'unknown'), ctx->>'actorId',
          ctx->>'actorLabel', ctx->>'ip', ctx->>'userAgent', ctx->>'requestId', txid_current(), p_before, p_after);
END $$;

-- Row trigger: TG_ARGV[0] the object type, TG_ARGV[1] the key columns (comma-separated, default id).
-- created: the whole new row; deleted: the whole old row; an update: only the fields that changed
-- (updated_at aside; an update that changed nothing else is no state change and records nothing),
-- as status_changed when the status is among them.
CREATE FUNCTION nova_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key_row jsonb;
  before_fields jsonb;
  after_fields jsonb;
  verb text;
  object_id text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    key_row := to_jsonb(NEW);
    after_fields := nova_audit_masked(key_row);
    verb := 'created';
  ELSIF TG_OP = 'DELETE' THEN
    key_row := to_jsonb(OLD);
    before_fields := nova_audit_masked(key_row);
    verb := 'deleted';
  ELSE
    key_row := to_jsonb(NEW);
    SELECT jsonb_object_agg(o.key, o.value), jsonb_object_agg(o.key, n.value)
      INTO before_fields, after_fields
      FROM jsonb_each(to_jsonb(OLD)) o JOIN jsonb_each(key_row) n ON n.key = o.key
     WHERE o.value IS DISTINCT FROM n.value AND o.key <> 'updated_at';
    IF before_fields IS NULL THEN RETURN NULL; END IF;
    before_fields := nova_audit_masked(before_fields);
    after_fields := nova_audit_masked(after_fields);
    verb := CASE WHEN after_fields ? 'status' THEN 'status_changed' ELSE 'updated' END;
  END IF;
  SELECT string_agg(key_row->>k.name, ':' ORDER BY k.position) INTO object_id
    FROM unnest(string_to_array(COALESCE(TG_ARGV[1], 'id'), ',')) WITH ORDINALITY AS k(name, position);
  PERFORM nova_audit_write(TG_ARGV[0] || '.' || verb, TG_ARGV[0], object_id, before_fields, after_fields);
  RETURN NULL;
END $$;

-- Statement trigger for bulk tables (CDRs, rate decks: thousands of rows a statement): one entry per
-- statement with the number of rows, { "rows": n }; TG_ARGV[0] the object type, TG_ARGV[1] an
-- optional parent column whose value becomes the object id when every row shares it (a rate plan).
CREATE FUNCTION nova_audit_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  affected bigint;
  parents bigint := 0;
  parent_id text;
  verb text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
  changed_rows text := CASE TG_OP WHEN 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
BEGIN
  IF TG_NARGS > 1 THEN
    EXECUTE format('SELECT count(*), count(DISTINCT %1$I), min(%1$I::text) FROM %2$I', TG_ARGV[1], changed_rows)
      INTO affected, parents, parent_id;
  ELSE
    EXECUTE format('SELECT count(*) FROM %I', changed_rows) INTO affected;
  END IF;
  IF affected = 0 THEN RETURN NULL; END IF;
  PERFORM nova_audit_write(TG_ARGV[0] || '.' || verb, TG_ARGV[0], CASE WHEN parents = 1 THEN parent_id END,
                           CASE WHEN TG_OP = 'DELETE' THEN jsonb_build_object('rows', affected) END,
                           CASE WHEN TG_OP <> 'DELETE' THEN jsonb_build_object('rows', affected) END);
  RETURN NULL;
END $$;

-- Append-only: no UPDATE, no TRUNCATE, and DELETE only from the retention prune, which sets
-- nova.audit_prune for its own transaction (pruneAuditLog). A guard against code paths, not
-- against someone holding the database owner's password.
CREATE FUNCTION nova_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('nova.audit_prune', true) = 'on' THEN RETURN OLD; END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION nova_audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_log_append_only();

-- The audited tables. Not audited, on purpose: idempotency_keys (request bookkeeping holding
-- response bodies), the number sequences (invoice, receipt, credit note: the numbered row records
-- its number), cdr_rating_queue (the rating's internal queue; the CDRs' own changes are recorded).
-- A medium test (audit-triggers.int-spec.ts) fails for any new table in neither list.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "customers" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('customer');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "customer_balances" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('customer_balance', 'customer_id,currency');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "customer_balance_transactions" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('customer_balance_transaction');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "products" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('product');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "plans" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('plan');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "prices" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('price');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "subscriptions" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('subscription');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "invoices" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('invoice');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "invoice_lines" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('invoice_line');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "invoice_reminders" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('invoice_reminder', 'invoice_id,days_from_due');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "invoice_dunning" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('invoice_dunning', 'invoice_id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "credit_notes" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('credit_note');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "payments" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('payment');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "payment_allocations" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('payment_allocation');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "refunds" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('refund');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "payment_methods" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('payment_method');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "payment_settings" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('payment_settings');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "payment_provider_accounts" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('payment_provider_account');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "payment_provider_defaults" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('payment_provider_default', 'currency');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "webhook_events" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('webhook_event');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "rate_plans" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('rate_plan');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "telecom_accounts" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('telecom_account');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "telecom_top_ups" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('telecom_top_up');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "dids" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('did');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "coupons" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('coupon');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "discounts" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('discount');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "pending_invoice_items" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('pending_invoice_item');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "webhook_endpoints" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('webhook_endpoint');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "tax_profile" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('tax_profile');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "tax_rates" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('tax_rate');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "customer_tax_ids" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('customer_tax_id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "invoice_line_taxes" FOR EACH ROW EXECUTE FUNCTION nova_audit_row('invoice_line_tax');
-- Bulk tables: one entry per statement (transition tables allow one event per trigger).
CREATE TRIGGER audit_insert AFTER INSERT ON "cdrs" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('cdr');
CREATE TRIGGER audit_update AFTER UPDATE ON "cdrs" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('cdr');
CREATE TRIGGER audit_delete AFTER DELETE ON "cdrs" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('cdr');
CREATE TRIGGER audit_insert AFTER INSERT ON "rate_plan_destinations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_destination', 'plan_id');
CREATE TRIGGER audit_update AFTER UPDATE ON "rate_plan_destinations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_destination', 'plan_id');
CREATE TRIGGER audit_delete AFTER DELETE ON "rate_plan_destinations" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_destination', 'plan_id');
CREATE TRIGGER audit_insert AFTER INSERT ON "rate_plan_prefixes" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_prefix', 'plan_id');
CREATE TRIGGER audit_update AFTER UPDATE ON "rate_plan_prefixes" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_prefix', 'plan_id');
CREATE TRIGGER audit_delete AFTER DELETE ON "rate_plan_prefixes" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_prefix', 'plan_id');
CREATE TRIGGER audit_insert AFTER INSERT ON "rate_plan_rates" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_rate', 'plan_id');
CREATE TRIGGER audit_update AFTER UPDATE ON "rate_plan_rates" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_rate', 'plan_id');
CREATE TRIGGER audit_delete AFTER DELETE ON "rate_plan_rates" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nova_audit_statement('rate_plan_rate', 'plan_id');

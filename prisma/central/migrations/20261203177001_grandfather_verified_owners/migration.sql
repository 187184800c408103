-- Live mode now needs an owner with a verified e-mail address (403 email_unverified otherwise). Owners of tenants
-- that existed before the rule were using live mode already: they count as verified, so no tenant is locked out by
-- an upgrade. Data only; the schema is unchanged.
UPDATE "admin_users" SET "email_verified_at" = now() WHERE "role" = 'owner' AND "email_verified_at" IS NULL;

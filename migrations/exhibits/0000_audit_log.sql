-- The exhibits' tables and functions: a history apart from the service's (migrations/), recorded
-- in a table of its own (__drizzle_migrations_exhibits), so a service stripped of its exhibits has
-- neither. Idempotent: databases made before the split got these from the service's history.
-- Written by the forgotten-await scenario: a row here proves a write was really sent.
CREATE TABLE IF NOT EXISTS "audit_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event" text NOT NULL,
	"request_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

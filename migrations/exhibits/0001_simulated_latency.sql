-- simulated_latency(ms): sleeps ms milliseconds inside Postgres, then returns ms.
-- The database scenarios add it to their query so that each query holds its connection for a
-- known time L, as a slow query would: then a pool of P connections has a ceiling of P / L req/s
-- and a serialised one 1 / L, and the bench labels those rows "simulated". Without it, a 1-row
-- primary-key lookup is so fast that postgres.js's pipelining on one connection hides the mistake.
CREATE OR REPLACE FUNCTION simulated_latency(ms integer) RETURNS integer
LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$ SELECT pg_sleep(ms / 1000.0); SELECT ms $$;

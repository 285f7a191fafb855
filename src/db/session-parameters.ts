/**
 * What every connection of the app tells Postgres at startup. TimeZone UTC: a timestamp's text
 * (`created_at::text`) then reads the same on every connection whatever the server's own zone,
 * and the export that writes that text itself from binary values (the COPY in exhibits/db) writes
 * the same bytes as the rows Postgres formats.
 */
export const sessionParameters = (applicationName: string, statementTimeoutMs: number) => ({
  application_name: applicationName,
  statement_timeout: statementTimeoutMs,
  TimeZone: 'UTC',
})

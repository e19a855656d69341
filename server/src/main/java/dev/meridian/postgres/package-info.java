/**
 * What the PostgreSQL key store and audit store share: where the database is ({@link dev.meridian.postgres.PostgresSettings})
 * and how its schema is migrated once when several nodes start together ({@link dev.meridian.postgres.PostgresMigrations}).
 */
package dev.meridian.postgres;

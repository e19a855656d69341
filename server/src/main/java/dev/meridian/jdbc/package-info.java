/**
 * What every JDBC store shares, whichever database it is: one transaction on a connection
 * ({@link dev.meridian.jdbc.Transactions}) and the SQL scripts of schema migrations ({@link dev.meridian.jdbc.SqlScripts}).
 */
package dev.meridian.jdbc;
